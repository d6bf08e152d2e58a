package io.journeyminer.conformance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.TestFiles;
import io.journeyminer.publish.PublishedRun;
import io.journeyminer.export.XesExport;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.pipeline.Pipeline;
import io.journeyminer.pipeline.Progress;
import io.journeyminer.pipeline.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples run with conformance against their journey map; the standalone {@code conform} step
 * on the published journeys; and {@code export-xes}, read back by the project's own XES reader.
 */
class TestConformanceSamples extends SparkTestBase {

  private Path work;

  private PipelineConfig config;
  private List<String> summaryOfRun;
  private List<String> journeysOfRun;
  private List<String> variantsOfRun;

  @BeforeAll
  void runTheSamples(@TempDir Path folder) {
    work = folder;
    config = ConfigLoader.load(TestFiles.project().resolve("data-samples/pipeline.yaml")).withWarehouse(work.resolve("warehouse").toUri());
    pipeline(config).run(EnumSet.allOf(Step.class));
    summaryOfRun = json("warehouse", "conformance_summary");
    journeysOfRun = json("warehouse", "journeys");
    variantsOfRun = json("warehouse", "variants");
  }

  private Pipeline pipeline(PipelineConfig pipelineConfig) {
    return new Pipeline(spark, pipelineConfig, pipelineConfig.asOf().orElseThrow(), "samples-only-not-secret",
        new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
  }

  private Dataset<Row> table(String warehouse, String name) {
    return PublishedRun.latest(spark, work.resolve(warehouse).toUri()).table(name);
  }

  private List<String> json(String warehouse, String name) {
    return table(warehouse, name).select(to_json(struct(col("*")))).as(Encoders.STRING()).collectAsList().stream().sorted().toList();
  }

  @Test
  void everyJourneyIsAlignedAgainstTheJourneyMap() {
    Row summary = table("warehouse", "conformance_summary").first();
    long journeys = table("warehouse", "journeys").count();
    System.out.println("samples conformance_summary: " + table("warehouse", "conformance_summary").toJSON().first());

    assertThat(summary.<String>getAs("model")).isEqualTo(PetriNets.JOURNEY_MAP);
    assertThat(summary.<Long>getAs("journeys")).isEqualTo(journeys);
    assertThat(summary.<Long>getAs("variants_over_budget")).isZero();
    assertThat(summary.<Long>getAs("variants_aligned")).isEqualTo(table("warehouse", "variants").count());
    assertThat(summary.<Double>getAs("log_fitness")).isBetween(0.5, 1.0);
    // Fitness 1 against the journey-map net is the stage-order reading of SPEC 4.
    long fitting = table("warehouse", "journeys").where("fitness = 1.0").count();
    assertThat(summary.<Long>getAs("fitting_journeys")).isEqualTo(fitting).isPositive().isLessThan(journeys);
    assertThat(table("warehouse", "journeys").where("fitness IS NULL OR conforms <> (fitness = 1.0)").count()).isZero();
    assertThat(table("warehouse", "variants").where("fitness IS NULL").count()).isZero();
    Row rates = table("warehouse", "conformance_summary").selectExpr("conversion_rate_fitting", "ci_low_fitting", "ci_high_fitting").first();
    assertThat(rates.getDouble(1)).isLessThanOrEqualTo(rates.getDouble(0));
    assertThat(rates.getDouble(2)).isGreaterThanOrEqualTo(rates.getDouble(0));
  }

  @Test
  void deviationsAreCountedPerJourneyWithTheirConversionRates() {
    Dataset<Row> deviations = table("warehouse", "conformance_deviations");
    long journeys = table("warehouse", "journeys").count();

    assertThat(deviations.select("kind").distinct().as(Encoders.STRING()).collectAsList())
        .contains("log_move", "model_move", "stage_regression", "stage_skip");
    // A journey with a stage regression never fits the journey map, so it has a log or model move too.
    long regressing = deviations.where("kind = 'stage_regression'").agg(org.apache.spark.sql.functions.max("journeys")).first().getLong(0);
    assertThat(regressing).isPositive().isLessThanOrEqualTo(journeys - table("warehouse", "conformance_summary").first().<Long>getAs("fitting_journeys"));
    Row first = deviations.orderBy(col("journeys").desc()).first();
    long closed = table("warehouse", "journeys").where("outcome <> 'in_progress'").count();
    assertThat(first.<Long>getAs("closed_with") + first.<Long>getAs("closed_without")).isEqualTo(closed);
    assertThat(first.<Double>getAs("share")).isEqualTo((double) first.<Long>getAs("journeys") / journeys);
  }

  @Test
  void conformAloneOnPublishedJourneysGivesTheSameTables() throws IOException {
    Path copy = work.resolve("again");
    copyTree(work.resolve("warehouse"), copy);
    PipelineConfig again = config.withWarehouse(copy.toUri());
    pipeline(again).run(EnumSet.of(Step.CONFORM));

    assertThat(json("again", "conformance_summary")).isEqualTo(summaryOfRun);
    assertThat(json("again", "journeys")).isEqualTo(journeysOfRun);
    assertThat(json("again", "variants")).isEqualTo(variantsOfRun);
  }

  @Test
  void exportedXesReadsBackToTheSameJourneys() throws IOException {
    Path xes = work.resolve("export/samples.xes.gz");
    Files.createDirectories(xes.getParent());
    Pipeline published = pipeline(config);
    long written = XesExport.write(published.publishedJourneysWithSteps(), xes.toUri().toString(), spark.sparkContext().hadoopConfiguration());
    published.discardStaging();
    assertThat(written).isEqualTo(table("warehouse", "journeys").count());

    String yaml = Files.readString(TestFiles.project().resolve("data-samples/pipeline.yaml"));
    String journeyMap = yaml.substring(yaml.indexOf("journey_map:"), yaml.indexOf("sources:"));
    String readBack =
        """
        warehouse: %s
        as_of: 2026-03-01T00:00:00Z
        security: {insecure_development_salt: test-only}
        journeys: {inactivity_timeout: 30d, split_after_conversion: true}
        %s
        sources:
          - name: exported
            format: xes
            path: "%s"
            identifiers: {customer: "trace_attributes['customer']"}
            revenue: "event_attributes['revenue']"
        """.formatted(work.resolve("readback").toUri(), journeyMap, xes);
    PipelineConfig readConfig = ConfigLoader.parse("readback.yaml", work, readBack);
    pipeline(readConfig).run(EnumSet.of(Step.INGEST, Step.STITCH, Step.JOURNEYS));

    String same = "to_json(struct(touchpoints, started_at, ended_at, outcome, event_count, revenue))";
    List<String> original = table("warehouse", "journeys").selectExpr(same).as(Encoders.STRING()).collectAsList().stream().sorted().toList();
    List<String> back = table("readback", "journeys").selectExpr(same).as(Encoders.STRING()).collectAsList().stream().sorted().toList();
    assertThat(back).hasSize(original.size()).isEqualTo(original);
    assertThat(table("readback", "journeys").select("customer_id").distinct().count())
        .isEqualTo(table("warehouse", "journeys").select("customer_id").distinct().count());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}
