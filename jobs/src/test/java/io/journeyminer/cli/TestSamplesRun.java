package io.journeyminer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.SamplesWarehouse;
import io.journeyminer.TestFiles;
import io.journeyminer.bench.GroundTruthCheck;
import io.journeyminer.bench.GroundTruthCheck.JourneyAccuracy;
import io.journeyminer.bench.GroundTruthCheck.SourceReconciliation;
import io.journeyminer.bench.GroundTruthCheck.StitchingAccuracy;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.ingest.Pii;
import io.journeyminer.pipeline.SparkSessions;
import io.journeyminer.publish.PublishedRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command on a copy of data-samples/: the real CLI, embedded Spark, every table,
 * checked against the ground truth the generator wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestSamplesRun {

  private static final String SALT = "samples-only-not-secret";
  private static final String[] TABLES = {
    "events", "rejected_records", "identity_map", "journeys", "journey_steps", "transitions", "variants", "touchpoint_ranking", "stage_summary",
    "time_to_convert", "drift", "conformance_summary", "conformance_deviations"
  };

  private Path samples;
  private Path warehouse;
  private int exitCode;
  private String stdout;
  private String stderr;
  private List<String> firstJourneys;
  private List<String> firstSteps;
  private SparkSession spark;

  @BeforeAll
  void runTheReadmeCommandTwice(@TempDir Path work) throws IOException {
    samples = work.resolve("data-samples");
    TestFiles.copyTree(TestFiles.project().resolve("data-samples"), samples);
    warehouse = work.resolve("warehouse");
    runCli();
    spark = SparkSessions.configure(SparkSession.builder().master("local[2]").appName("TestSamplesRun").config("spark.ui.enabled", "false"))
        .getOrCreate();
    firstJourneys = sortedJson("journeys");
    firstSteps = sortedJson("journey_steps");
    spark.stop();
    runCli();
    spark = SparkSessions.configure(SparkSession.builder().master("local[2]").appName("TestSamplesRun").config("spark.ui.enabled", "false"))
        .getOrCreate();
  }

  private void runCli() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    exitCode =
        JourneyMiner.execute(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "run",
            "--config",
            samples.resolve("pipeline.yaml").toString());
    stdout = out.toString(StandardCharsets.UTF_8);
    stderr = err.toString(StandardCharsets.UTF_8);
  }

  @AfterAll
  void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void runPublishesEveryTableAndSaysWhere() {
    assertThat(exitCode).as(stderr).isZero();
    assertThat(stdout).contains("published " + TABLES.length + " tables for run_date 2026-03-01").contains("manifest: ");
    for (String table : TABLES) {
      assertThat(warehouse.resolve(table)).isDirectory();
      assertThat(stdout).contains(table);
    }
    assertThat(warehouse.resolve("_runs/2026-03-01/manifest.json")).isRegularFile();
    assertThat(warehouse.resolve("_staging")).doesNotExist();
  }

  @Test
  void manifestReconcilesEverySourceWithTheDeclaredDefects() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(warehouse.resolve("_runs/2026-03-01/manifest.json").toFile());
    List<SourceReconciliation> sources = groundTruth().reconciliation(manifest);

    assertThat(sources).as(sources.toString()).hasSize(6).allMatch(SourceReconciliation::reconciled).allMatch(SourceReconciliation::matchesDeclared);
    assertThat(manifest.at("/identity/over_merged/0/identifier_value").asText()).isEqualTo("GUEST-0000");
    assertThat(manifest.at("/identity/over_merged/0/reason").asText()).isEqualTo("blocklist");
  }

  @Test
  void journeyOutcomesMatchTheGroundTruth() {
    JourneyAccuracy journeys = groundTruth().journeys(table("journeys"));

    assertThat(journeys.publishedByOutcome()).isEqualTo(journeys.truthByOutcome());
    assertThat(journeys.publishedJourneys()).isEqualTo(3_129L);
  }

  @Test
  void stitchingRecoversTheTrueCustomers() {
    StitchingAccuracy stitching = groundTruth().stitching(table("identity_map"));

    assertThat(stitching.trueIdentifiers()).isGreaterThan(5_000);
    assertThat(stitching.matchedIdentifiers()).isEqualTo(stitching.trueIdentifiers());
    assertThat(stitching.precision()).isGreaterThanOrEqualTo(0.99);
    assertThat(stitching.recall()).isGreaterThanOrEqualTo(0.99);
  }

  /**
   * Every table folder of the warehouse (read as rows), every other file in it (manifests, as text),
   * and the run's standard output and error are scanned for any e-mail address and for every raw
   * phone number of the ground truth in each way the generator writes it (+49 157 ..., 0049 157
   * ..., +49-157-...) and the national form (0157 ...), compared as digit strings.
   */
  @Test
  void noRawEmailOrPhoneReachesAnyOutputOrLog() throws IOException {
    List<String> rawPhones = new ArrayList<>();
    try (Stream<String> lines = Files.lines(samples.resolve("ground_truth/identifiers.csv"))) {
      lines.skip(1).map(line -> line.split(",", -1)).filter(f -> f[0].equals("phone")).forEach(f -> rawPhones.add(f[1]));
    }
    assertThat(rawPhones).isNotEmpty();
    List<String> phoneDigits = new ArrayList<>();
    for (String phone : rawPhones) {
      String national = phone.replaceAll("[^0-9]", "").replaceFirst("^(00)?49", "");
      phoneDigits.addAll(List.of("49" + national, "0049" + national, "0" + national));
    }
    Pattern email = Pattern.compile(Pii.EMAIL_IN_TEXT);
    Dataset<String> text = null;
    List<String> tables = new ArrayList<>();
    List<String> otherFiles = new ArrayList<>(List.of(stdout, stderr));
    try (Stream<Path> paths = Files.walk(warehouse)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        Path relative = warehouse.relativize(path);
        String top = relative.getName(0).toString();
        if (!top.startsWith("_") && path.getFileName().toString().endsWith(".parquet")) {
          if (!tables.contains(top)) {
            tables.add(top);
          }
        } else if (!path.getFileName().toString().endsWith(".crc")) {
          otherFiles.add(Files.readString(path, StandardCharsets.ISO_8859_1));
        }
      }
    }
    // Every published table is scanned through its run's Delta version; an empty one (drift, with no
    // earlier run) has no data file but is still read.
    for (String table : TABLES) {
      Dataset<String> rows = table(table).select(to_json(struct(col("*")))).as(Encoders.STRING());
      text = text == null ? rows : text.union(rows);
    }
    text = text.union(spark.createDataset(otherFiles, Encoders.STRING()));
    long withEmail = text.filter((org.apache.spark.api.java.function.FilterFunction<String>) line -> email.matcher(line).find()).count();
    Dataset<Row> phones = spark.createDataset(phoneDigits, Encoders.STRING()).toDF("digits");
    Dataset<Row> digitsInOutput =
        text.toDF("line")
            .selectExpr("explode(regexp_extract_all(line, '\\\\+?[0-9][0-9 ()./-]{6,}[0-9]', 0)) AS candidate")
            .selectExpr("regexp_replace(candidate, '[^0-9]', '') AS digits");
    long withPhone = phones.join(digitsInOutput, "digits").count();

    assertThat(TABLES).contains(tables.toArray(new String[0]));
    assertThat(tables).hasSizeGreaterThanOrEqualTo(TABLES.length - 1);
    assertThat(otherFiles.size()).isGreaterThanOrEqualTo(3);
    assertThat(text.count()).isGreaterThan(40_000);
    assertThat(withEmail).isZero();
    assertThat(withPhone).isZero();
  }

  @Test
  void timeToConvertCoversEveryJourneyAndDriftHasNoEarlierRun() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(warehouse.resolve("_runs/2026-03-01/manifest.json").toFile());
    List<Row> overall =
        table("time_to_convert").where("segment_type = 'all'").orderBy("day").collectAsList();

    // Every journey is in the overall curve: converted ones as events, the others censored.
    Row first = overall.get(0);
    assertThat(first.<Long>getAs("at_risk")).isEqualTo(manifest.at("/journeys/journeys").asLong());
    assertThat(first.<Long>getAs("journeys")).isEqualTo(manifest.at("/journeys/journeys").asLong());
    assertThat(first.<Long>getAs("conversions")).isEqualTo(manifest.at("/journeys/converted").asLong());
    assertThat(overall.stream().mapToLong(row -> row.<Long>getAs("converted") + row.<Long>getAs("censored")).sum())
        .isEqualTo(manifest.at("/journeys/journeys").asLong());
    assertThat(manifest.at("/tables/time_to_convert/rows").asLong()).isPositive();
    // Both runs of the test share one run_date: neither is earlier than the other.
    assertThat(table("drift").count()).isZero();
    assertThat(manifest.at("/drift/earlier_runs").size()).isZero();
  }

  @Test
  void rerunWithTheSameInputsGivesIdenticalJourneys() {
    assertThat(sortedJson("journeys")).hasSize(3_129).isEqualTo(firstJourneys);
    assertThat(sortedJson("journey_steps")).isEqualTo(firstSteps);
  }

  private GroundTruthCheck groundTruth() {
    return new GroundTruthCheck(spark, samples, ConfigLoader.load(samples.resolve("pipeline.yaml")), SALT);
  }

  /** A table as the latest run's manifest names it (old files stay beside a Delta table until VACUUM). */
  private Dataset<Row> table(String name) {
    return PublishedRun.latest(spark, warehouse.toUri()).table(name);
  }

  private List<String> sortedJson(String name) {
    return table(name).select(to_json(struct(col("*")))).as(Encoders.STRING()).collectAsList().stream().sorted().toList();
  }
}
