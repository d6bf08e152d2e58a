package io.journeyminer.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.SamplesWarehouse;
import io.journeyminer.TestFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in notebooks/ executed headless by {@code scripts/notebooks} (Jupyter's Python
 * kernel from Debian) against a copy of the samples' warehouse with a second run added; the
 * notebooks query it through {@code journey-miner sql}, here this test JVM's class path. A failing
 * cell fails the script; the executed notebooks are then read for errors and for their charts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestNotebooks {

  private static final String VEGA_LITE = "application/vnd.vegalite.v5+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path executed;
  private int exitCode;
  private String log;
  private double seconds;
  private long rankedTouchpoints;
  private long conversions;

  @BeforeAll
  void executeEveryNotebook(@TempDir Path work) throws Exception {
    Path warehouse = SamplesWarehouse.copyTo(work.resolve("warehouse"));
    SamplesWarehouse.addEarlierRun(warehouse, "2026-02-28");
    executed = work.resolve("executed");
    Path output = work.resolve("notebooks.log");
    ProcessBuilder builder =
        new ProcessBuilder("bash", TestFiles.project().resolve("scripts/notebooks").toString(), "--warehouse", warehouse.toString(), "--out", executed.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put("JOURNEY_MINER", journeyMinerCommand());
    long started = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(20, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    seconds = (System.nanoTime() - started) / 1e9;
    exitCode = process.isAlive() ? -1 : process.exitValue();
    log = Files.readString(output);

    SparkSession spark = SparkSession.builder().master("local[2]").appName("TestNotebooks").config("spark.ui.enabled", "false").getOrCreate();
    try {
      rankedTouchpoints = spark.read().parquet(warehouse.resolve("touchpoint_ranking/run_date=2026-03-01").toString()).where("conversion_rate IS NOT NULL").count();
      conversions = spark.read().parquet(warehouse.resolve("journeys/run_date=2026-03-01").toString()).where("outcome = 'converted'").count();
    } finally {
      spark.stop();
    }
  }

  @Test
  void everyNotebookExecutesWithoutAnError() throws IOException {
    assertThat(exitCode).as(log).isZero();
    List<String> notebooks;
    try (var files = Files.list(TestFiles.project().resolve("notebooks"))) {
      notebooks = files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".ipynb")).sorted().toList();
    }
    assertThat(notebooks).containsExactly("observed-vs-intended.ipynb", "stage-funnel-over-runs.ipynb", "touchpoint-ranking.ipynb");
    for (String notebook : notebooks) {
      for (JsonNode output : outputs(notebook)) {
        assertThat(output.path("output_type").asText()).as(notebook + ": " + output).isNotEqualTo("error");
        assertThat(output.path("name").asText()).as(notebook + ": " + output).isNotEqualTo("stderr");
      }
    }
    System.out.printf("notebooks executed in %.1f s%n", seconds);
  }

  @Test
  void rankingNotebookChartsEveryRankedTouchpointAndCreditsEveryConversion() throws IOException {
    List<JsonNode> charts = charts("touchpoint-ranking.ipynb");
    assertThat(charts).hasSize(3);
    assertThat(charts.get(0).at("/data/values")).hasSize((int) rankedTouchpoints);
    assertThat(charts.get(0).at("/layer/0/encoding/x2/field").asText()).isEqualTo("ci_high");
    Set<String> models = new HashSet<>();
    charts.get(1).at("/data/values").forEach(value -> models.add(value.get("model").asText()));
    assertThat(models).hasSize(7);
    String printed = text("touchpoint-ranking.ipynb");
    assertThat(conversions).isPositive();
    assertThat(printed).contains("'markov': " + conversions + ".0").contains("'shapley': " + conversions + ".0");
  }

  @Test
  void funnelNotebookShowsBothRunsAndObservedNotebookTheStageMoves() throws IOException {
    List<JsonNode> funnel = charts("stage-funnel-over-runs.ipynb");
    assertThat(funnel).hasSize(3);
    Set<String> runDates = new HashSet<>();
    funnel.get(2).at("/data/values").forEach(value -> runDates.add(value.get("run_date").asText()));
    assertThat(runDates).containsExactlyInAnyOrder("2026-02-28", "2026-03-01");
    assertThat(funnel.get(0).at("/data/values")).hasSize(5 * 3);

    List<JsonNode> observed = charts("observed-vs-intended.ipynb");
    assertThat(observed).hasSizeGreaterThanOrEqualTo(3);
    Set<String> kinds = new HashSet<>();
    observed.get(0).at("/data/values").forEach(value -> kinds.add(value.get("kind").asText()));
    assertThat(kinds).contains("intended", "back to an earlier stage", "skips a stage");
    assertThat(observed.get(1).at("/data/values")).hasSize(3);
  }

  private List<JsonNode> outputs(String notebook) throws IOException {
    List<JsonNode> outputs = new ArrayList<>();
    for (JsonNode cell : JSON.readTree(executed.resolve(notebook).toFile()).get("cells")) {
      cell.path("outputs").forEach(outputs::add);
    }
    return outputs;
  }

  private List<JsonNode> charts(String notebook) throws IOException {
    List<JsonNode> charts = new ArrayList<>();
    for (JsonNode output : outputs(notebook)) {
      if (output.at("/data").has(VEGA_LITE)) {
        charts.add(output.at("/data").get(VEGA_LITE));
      }
    }
    return charts;
  }

  private String text(String notebook) throws IOException {
    StringBuilder text = new StringBuilder();
    for (JsonNode output : outputs(notebook)) {
      output.path("text").forEach(line -> text.append(line.asText()));
    }
    return text.toString();
  }

  /**
   * The journey-miner CLI on this JVM's class path, with this JVM's flags (Spark's --add-opens)
   * and a small heap; C1 only, since each notebook's JVM lives for one query.
   */
  private static String journeyMinerCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!argument.startsWith("-Xmx")) {
        command.add(argument);
      }
    }
    command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.journeyminer.cli.JourneyMiner"));
    return command.stream().map(argument -> "'" + argument.replace("'", "'\"'\"'") + "'").collect(Collectors.joining(" "));
  }
}
