package io.journeyminer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.TestFiles;
import io.journeyminer.generate.DataGenerator;
import io.journeyminer.generate.GeneratorOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-step subcommands, run one after another, publish the same tables a full run does. */
class TestStepCommands {

  @TempDir Path work;

  private String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = JourneyMiner.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void ingestStitchJourneysAnalyzeOneByOne() throws IOException {
    Path data = work.resolve("exports");
    DataGenerator.generate(GeneratorOptions.of(150, 30, 7, data));
    String config = TestFiles.samplesConfigIn(data, 0.5).toString();
    Path warehouse = work.resolve("warehouse");

    assertThat(run("ingest", "--config", config)).contains("published 2 tables").contains("events").contains("rejected_records");
    assertThat(warehouse.resolve("identity_map")).doesNotExist();
    assertThat(run("stitch", "--config", config)).contains("published 1 table for").contains("identity_map");
    assertThat(run("journeys", "--config", config)).contains("journeys").contains("journey_steps");
    String analyze = run("analyze", "--config", config);
    for (String table : List.of("transitions", "variants", "touchpoint_ranking", "stage_summary", "time_to_convert", "drift")) {
      assertThat(analyze).contains(table);
      // A Delta table, committed even when empty (drift has no earlier run to compare with).
      assertThat(warehouse.resolve(table + "/_delta_log")).isDirectory();
    }

    assertThat(run("conform", "--config", config)).contains("conformance_summary").contains("conformance_deviations");
    Path xes = work.resolve("journeys.xes");
    assertThat(run("export-xes", "--config", config, "--out", xes.toString())).contains("written to");

    JsonNode manifest = new ObjectMapper().readTree(warehouse.resolve("_runs/2026-03-01/manifest.json").toFile());
    assertThat(manifest.get("sources")).hasSize(6);
    assertThat(manifest.at("/identity/customers").asLong()).isPositive();
    assertThat(manifest.at("/analysis/shapley_sampled_sets").isNumber()).isTrue();
    long truthJourneys;
    try (var lines = Files.lines(data.resolve("ground_truth/journeys.csv"))) {
      truthJourneys = lines.count() - 1;
    }
    assertThat(manifest.at("/journeys/journeys").asLong()).isEqualTo(truthJourneys);
    assertThat(manifest.at("/conformance/journeys").asLong()).isEqualTo(truthJourneys);
    assertThat(manifest.at("/conformance/variants_over_budget").asLong()).isZero();
    long traces;
    try (var lines = Files.lines(xes)) {
      traces = lines.filter(line -> line.startsWith("  <trace>")).count();
    }
    assertThat(traces).isEqualTo(truthJourneys);
    // Every event is a step, except retention touches (after_conversion) with no journey to join.
    long tails = manifest.at("/journeys/after_conversion_events_without_journey").asLong();
    assertThat(manifest.at("/tables/events/rows").asLong())
        .isEqualTo(manifest.at("/journeys/steps").asLong() + tails + manifest.at("/journeys/events_without_customer").asLong());
    assertThat(manifest.at("/analysis/conversions_without_prior_touch").isNumber()).isTrue();
  }
}
