package io.journeyminer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.SamplesWarehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code journey-miner sql} on the samples' warehouse: the join of journeys and touchpoint_ranking
 * the issue asks for, in all three formats, against the Parquet files read directly; runs and
 * errors. The CLI owns its Spark session, so every command runs before this class reads Parquet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestSqlCommand {

  private static final String JOIN =
      "SELECT r.touchpoint, r.conversion_rank, count(j.journey_id) AS journeys_touching"
          + " FROM touchpoint_ranking r LEFT JOIN journeys j ON array_contains(j.touchpoints, r.touchpoint)"
          + " GROUP BY r.touchpoint, r.conversion_rank ORDER BY r.touchpoint";

  private Path warehouse;
  private final Map<String, Result> results = new LinkedHashMap<>();
  private final Map<String, Long> parquetJourneysTouching = new LinkedHashMap<>();
  private long parquetJourneys;

  record Result(int code, String out, String err) {}

  @BeforeAll
  void runCommands(@TempDir Path work) throws IOException {
    warehouse = SamplesWarehouse.copyTo(work.resolve("warehouse"));
    SamplesWarehouse.addEarlierRun(warehouse, "2026-02-28");
    Path script = work.resolve("outcomes.sql");
    Files.writeString(
        script,
        "-- journeys by outcome; the view below is temporary\n"
            + "CREATE TEMP VIEW closed AS SELECT * FROM journeys WHERE outcome <> 'in_progress';\n"
            + "SELECT outcome, count(*) AS journeys, 'a;b' AS literal FROM closed GROUP BY outcome ORDER BY outcome;\n");
    String wh = warehouse.toString();
    results.put("text", sql("--warehouse", wh, JOIN));
    results.put("csv", sql("--warehouse", wh, "--format", "csv", JOIN));
    results.put("json", sql("--warehouse", wh, "--format", "json", JOIN));
    results.put("runs", sql("--warehouse", wh, "--format", "csv",
        "SELECT (SELECT max(run_date) FROM journeys) AS latest, (SELECT count(*) FROM journeys) AS latest_rows,"
            + " (SELECT count(*) FROM journeys_all_runs) AS all_rows"));
    results.put("earlier", sql("--warehouse", wh, "--run-date", "2026-02-28", "--format", "json", "SELECT DISTINCT run_date FROM transitions"));
    results.put("script", sql("--warehouse", wh, "--format", "csv", "--file", script.toString()));
    results.put("limit", sql("--warehouse", wh, "--limit", "3", "SELECT journey_id FROM journeys ORDER BY journey_id"));
    results.put("missing table", sql("--warehouse", wh, "SELECT * FROM journey JOIN touchpoint_ranking USING (touchpoint)"));
    results.put("syntax", sql("--warehouse", wh, "SELEC count(*) FROM journeys"));
    results.put("no run", sql("--warehouse", wh, "--run-date", "2025-01-01", "SELECT 1"));

    SparkSession spark = io.journeyminer.SparkTestBase.localSession("TestSqlCommand");
    try {
      // The tables as the 2026-03-01 manifest names them: Delta-aware, unlike a read of the partition's files.
      var run = io.journeyminer.publish.PublishedRun.of(spark, warehouse.toUri(), java.time.LocalDate.parse("2026-03-01"));
      var journeys = run.ofRun("journeys");
      parquetJourneys = journeys.count();
      for (var row : run.ofRun("touchpoint_ranking").select("touchpoint").collectAsList()) {
        String touchpoint = row.getString(0);
        parquetJourneysTouching.put(touchpoint, journeys.where(array_contains(col("touchpoints"), touchpoint)).count());
      }
    } finally {
      spark.stop();
    }
  }

  @Test
  void joinOfJourneysAndRankingAgreesWithTheParquetInAllThreeFormats() throws IOException {
    Map<String, Long> text = new LinkedHashMap<>();
    List<String> lines = results.get("text").out().lines().toList();
    assertThat(results.get("text").code()).as(results.get("text").err()).isZero();
    assertThat(lines.get(0)).contains("touchpoint").contains("| conversion_rank |").contains("journeys_touching");
    assertThat(lines.get(1)).matches("-+(\\+-+)+");
    for (String line : lines.subList(2, lines.size() - 1)) {
      String[] cells = line.split("\\|");
      text.put(cells[0].strip(), Long.parseLong(cells[2].strip()));
    }
    assertThat(lines.get(lines.size() - 1)).isEqualTo("(" + parquetJourneysTouching.size() + " rows)");

    Map<String, Long> csv = new LinkedHashMap<>();
    assertThat(results.get("csv").code()).isZero();
    for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(results.get("csv").out()))) {
      csv.put(record.get("touchpoint"), Long.parseLong(record.get("journeys_touching")));
    }

    Map<String, Long> json = new LinkedHashMap<>();
    assertThat(results.get("json").code()).isZero();
    ObjectMapper mapper = new ObjectMapper();
    for (String line : results.get("json").out().lines().toList()) {
      JsonNode row = mapper.readTree(line);
      assertThat(row.has("conversion_rank")).isTrue();
      json.put(row.get("touchpoint").asText(), row.get("journeys_touching").asLong());
    }

    assertThat(parquetJourneysTouching).hasSizeGreaterThan(10).containsKey("product_view");
    assertThat(parquetJourneysTouching.get("product_view")).isGreaterThan(1_000).isLessThan(parquetJourneys);
    assertThat(text).isEqualTo(parquetJourneysTouching);
    assertThat(csv).isEqualTo(parquetJourneysTouching);
    assertThat(json).isEqualTo(parquetJourneysTouching);
  }

  @Test
  void latestRunByDefaultEveryRunInAllRunsAndAnEarlierRunOnRequest() {
    assertThat(results.get("runs").code()).as(results.get("runs").err()).isZero();
    assertThat(results.get("runs").out().lines().toList())
        .containsExactly("latest,latest_rows,all_rows", "2026-03-01," + parquetJourneys + "," + 2 * parquetJourneys);
    assertThat(results.get("earlier").out().strip()).isEqualTo("{\"run_date\":\"2026-02-28\"}");
  }

  @Test
  void aScriptRunsEveryStatementAndPrintsTheLastResult() {
    Result script = results.get("script");
    assertThat(script.code()).as(script.err()).isZero();
    List<String> lines = script.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("outcome,journeys,literal");
    assertThat(lines).hasSize(3).allMatch(line -> line.endsWith(",a;b") || line.startsWith("outcome"));
    assertThat(lines.get(1)).startsWith("abandoned,");
    assertThat(lines.get(2)).startsWith("converted,");
  }

  @Test
  void limitCutsTheTableAndSaysSo() {
    List<String> lines = results.get("limit").out().lines().toList();
    assertThat(lines).hasSize(2 + 3 + 1);
    assertThat(lines.get(5)).startsWith("(first 3 rows;");
  }

  @Test
  void aBadQueryIsOneLineAndExitCodeTwo() {
    for (String name : List.of("missing table", "syntax", "no run")) {
      Result result = results.get(name);
      assertThat(result.code()).as(name).isEqualTo(JourneyMiner.USAGE);
      assertThat(result.out()).as(name).isEmpty();
      List<String> errorLines = result.err().lines().filter(line -> line.startsWith("journey-miner sql: ")).toList();
      assertThat(errorLines).as(result.err()).hasSize(1);
      assertThat(result.err()).as(name).doesNotContain("\tat ");
    }
    assertThat(results.get("missing table").err()).contains("bad query:").contains("`journey`");
    assertThat(results.get("syntax").err()).contains("bad query:").contains("SELEC");
    assertThat(results.get("no run").err()).contains("published run dates: [2026-02-28, 2026-03-01]");
  }

  private static Result sql(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] command = new String[args.length + 1];
    command[0] = "sql";
    System.arraycopy(args, 0, command, 1, args.length);
    int code = JourneyMiner.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), command);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
