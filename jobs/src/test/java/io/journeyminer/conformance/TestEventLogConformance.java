package io.journeyminer.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.TestFiles;
import io.journeyminer.publish.PublishedRun;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.pipeline.Pipeline;
import io.journeyminer.pipeline.Progress;
import io.journeyminer.pipeline.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public event logs aligned inside a run against the models published with them (or drawn here). */
class TestEventLogConformance extends SparkTestBase {

  @TempDir Path folder;

  private Row summary(String name, String log, String model, String touchpoint, String stages) {
    Path warehouse = folder.resolve(name);
    String yaml =
        """
        warehouse: %s
        as_of: 2030-01-01
        security: {insecure_development_salt: test-only}
        journeys: {inactivity_timeout: 3650d, split_after_conversion: false}
        journey_map:
          stages:
        %s
          conversions: [never]
        conformance: {model: "%s"}
        sources:
          - {name: log, format: xes, path: "%s", max_reject_share: 1.0, touchpoint: {column: "%s"}}
        """
            .formatted(warehouse.toUri(), stages, model, TestFiles.eventLog(log), touchpoint);
    PipelineConfig config = ConfigLoader.parse(name + ".yaml", folder, yaml);
    new Pipeline(spark, config, config.asOf().orElseThrow(), "test-only", new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .run(EnumSet.of(Step.INGEST, Step.STITCH, Step.JOURNEYS, Step.CONFORM));
    return PublishedRun.latest(spark, warehouse.toUri()).table("conformance_summary").first();
  }

  private com.fasterxml.jackson.databind.JsonNode manifest(String name) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve(name).resolve("_runs/2030-01-01/manifest.json").toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void runningExampleFitsItsPetriNetAndItsBpmnModel() {
    String stages = "    - {name: all, touchpoints: [never]}";
    for (String model : new String[] {"running-example.pnml", "running-example.bpmn"}) {
      Row summary = summary(model.replace('.', '_'), "running-example.xes", TestFiles.eventLog(model).toString(), "activity", stages);

      assertThat(summary.<Long>getAs("journeys")).as(model).isEqualTo(6L);
      assertThat(summary.<Long>getAs("fitting_journeys")).as(model).isEqualTo(6L);
      assertThat(summary.<Double>getAs("log_fitness")).as(model).isEqualTo(1.0);
    }
  }

  @Test
  void roadTrafficFitsItsPetriNet() {
    Row summary =
        summary("roadtraffic", "roadtraffic100traces.xes", TestFiles.eventLog("roadtraffic.pnml").toString(), "activity",
            "    - {name: all, touchpoints: [never]}");

    assertThat(summary.<Long>getAs("journeys")).isEqualTo(100L);
    assertThat(summary.<Long>getAs("fitting_journeys")).isEqualTo(100L);
    assertThat(summary.<Double>getAs("log_fitness")).isEqualTo(1.0);
  }

  @Test
  void bpic2012CompleteEventsAlignAgainstTheHandDrawnNet() {
    long started = System.nanoTime();
    // Only complete events: the others have no touchpoint and are rejected (the source filter of
    // issue 17 would count them as filtered instead).
    Row summary =
        summary("bpic2012", "bpic2012.xes.gz", TestFiles.project().resolve("data-samples/models/bpic2012.pnml").toString(),
            "CASE WHEN lower(lifecycle) = 'complete' THEN activity END", "    - {name: all, touchpoints: [never]}");
    double seconds = (System.nanoTime() - started) / 1e9;
    com.fasterxml.jackson.databind.JsonNode manifest = manifest("bpic2012");
    double alignment = manifest.at("/conformance/alignment_seconds").asDouble();
    System.out.printf(
        "bpic2012: %s variants aligned, %s over budget, log fitness %s, mean fitness %s, fitting journeys %s; alignments %.1f s"
            + " (%.0f variants/s), %s states expanded; whole run %.1f s%n",
        summary.getAs("variants_aligned"), summary.getAs("variants_over_budget"), summary.getAs("log_fitness"),
        summary.getAs("mean_fitness"), summary.getAs("fitting_journeys"), alignment,
        summary.<Long>getAs("variants") / alignment, manifest.at("/conformance/expanded_states").asText(), seconds);

    assertThat(summary.<Long>getAs("journeys")).isEqualTo(13_087L);
    assertThat(summary.<Long>getAs("variants")).isEqualTo(4_336L);
    assertThat(summary.<Long>getAs("variants_over_budget")).isZero();
    assertThat(summary.<Double>getAs("log_fitness")).isGreaterThan(0.99);
  }
}
