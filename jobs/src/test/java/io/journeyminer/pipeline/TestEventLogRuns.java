package io.journeyminer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.TestFiles;
import io.journeyminer.config.AsOf;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.publish.PublishedRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real public event logs (XES) run through the whole pipeline: cases become journeys unchanged. */
class TestEventLogRuns extends SparkTestBase {

  @TempDir Path warehouse;

  private Pipeline.RunResult run(String log, String stages, String conversions) {
    String yaml =
        """
        warehouse: %s
        as_of: 2030-01-01
        security: {insecure_development_salt: test-only}
        journeys: {inactivity_timeout: 3650d, split_after_conversion: false}
        journey_map:
          stages:
        %s
          conversions: [%s]
        sources:
          - {name: log, format: xes, path: "%s"}
        """
            .formatted(warehouse.toUri(), stages, conversions, TestFiles.eventLog(log));
    PipelineConfig config = ConfigLoader.parse("event-log.yaml", warehouse, yaml);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    return new Pipeline(spark, config, config.asOf().orElseThrow(), "test-only", new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8)))
        .run(EnumSet.allOf(Step.class));
  }

  private Dataset<Row> table(String name) {
    return PublishedRun.latest(spark, warehouse.toUri()).table(name);
  }

  @Test
  void bpic2012BecomesOneJourneyPerCase() {
    Pipeline.RunResult result =
        run(
            "bpic2012.xes.gz",
            """
                - {name: application, touchpoints: [A_SUBMITTED, A_PARTLYSUBMITTED, A_PREACCEPTED]}
                - {name: offer, touchpoints: [A_ACCEPTED, O_SELECTED, O_CREATED, O_SENT, O_SENT_BACK]}
                - {name: decision, touchpoints: [A_FINALIZED, A_APPROVED, A_REGISTERED, A_ACTIVATED, O_ACCEPTED]}
            """,
            "A_APPROVED");

    assertThat(result.tableRows()).containsEntry("events", 262_200L).containsEntry("journeys", 13_087L).containsEntry("journey_steps", 262_200L);
    assertThat(table("journeys").select("customer_id").distinct().count()).isEqualTo(13_087L);
    Map<String, Long> outcomes = counts(table("journeys").groupBy("outcome").count().collectAsList());
    assertThat(outcomes.keySet()).containsOnly("converted", "abandoned");
    // A_APPROVED occurs in 2,246 of the 13,087 BPIC 2012 cases.
    assertThat(outcomes).containsEntry("converted", 2_246L);
  }

  @Test
  void helpdeskKeepsEveryEvent() {
    Pipeline.RunResult result =
        run(
            "helpdesk.xes.gz",
            """
                - {name: ticket, touchpoints: [Assign seriousness, Take in charge ticket, Resolve ticket, Closed]}
            """,
            "Resolve ticket");

    assertThat(result.tableRows()).containsEntry("events", 21_348L).containsEntry("rejected_records", 0L);
    assertThat(result.tableRows()).containsEntry("journeys", 4_580L);
  }

  @Test
  void runningExampleHasTheTextbookDirectlyFollowsGraph() {
    run(
        "running-example.xes",
        """
            - {name: request, touchpoints: [register request]}
            - {name: check, touchpoints: [examine thoroughly, examine casually, check ticket]}
            - {name: decision, touchpoints: [decide, reinitiate request]}
            - {name: outcome, touchpoints: [pay compensation, reject request]}
        """,
        "pay compensation");

    Dataset<Row> transitions = table("transitions").where("from_touchpoint <> '__start__' AND to_touchpoint <> '__end__'");
    assertThat(transitions.count()).isEqualTo(16);
    long total = transitions.agg(org.apache.spark.sql.functions.sum("count")).first().getLong(0);
    assertThat(total).isEqualTo(36);
    assertThat(table("variants").count()).isEqualTo(6);
    assertThat(table("journeys").count()).isEqualTo(6);
  }

  private static Map<String, Long> counts(List<Row> rows) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    rows.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
    return counts;
  }
}
