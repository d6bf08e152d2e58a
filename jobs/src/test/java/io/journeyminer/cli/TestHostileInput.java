package io.journeyminer.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.SparkTestBase;
import io.journeyminer.TestFiles;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.pipeline.Pipeline;
import io.journeyminer.pipeline.Progress;
import io.journeyminer.pipeline.Step;
import io.journeyminer.publish.PublishedRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus (jobs/src/test/resources/hostile): each case is an ingest run on a small
 * config against a warehouse that already holds a good run, and states the outcome: reject counts
 * by reason, or the exact failure line. Every successful run reconciles (read = accepted + rejected
 * + duplicates per source); every failed run publishes nothing and leaves the earlier run's files
 * byte for byte as they were (the run lock aside), with no staging area left behind.
 */
class TestHostileInput extends SparkTestBase {

  private static final String HEADER =
      """
      name: hostile
      warehouse: warehouse
      as_of: 2026-03-01T00:00:00Z
      security: {insecure_development_salt: test-only}
      journey_map:
        stages:
          - {name: awareness, touchpoints: [ad_click, register]}
          - {name: purchase, touchpoints: [purchase, decide]}
        conversions: [purchase]
      sources:
      """;
  private static final String GOOD_CSV = "id,ts,cookie,email,kind\n1,2026-02-01T10:00:00Z,ck1,a@example.com,ad_click\n";

  @TempDir Path work;
  private Path baseline;

  /** The warehouse every case starts from: one good, published run. */
  @BeforeAll
  void publishABaselineRun(@TempDir Path base) throws IOException {
    baseline = base;
    Files.writeString(base.resolve("shop.csv"), GOOD_CSV);
    Outcome outcome = ingest(base, csv("earlier", "shop.csv", 1.0, ""));
    assertThat(outcome.failure()).isNull();
  }

  @Test
  void aTwentyMegabyteLineIsRejectedAsTooLargeInSeconds() throws IOException {
    Path folder = caseFolder("long-line");
    try (OutputStream out = Files.newOutputStream(folder.resolve("web.ndjson"))) {
      out.write(line("1", "ck1").getBytes(StandardCharsets.UTF_8));
      out.write("{\"id\":\"2\",\"ts\":\"2026-02-01T09:00:00Z\",\"cookie\":\"ck2\",\"kind\":\"ad_click\",\"pad\":\"".getBytes(StandardCharsets.UTF_8));
      byte[] letters = "abcdefghijklmnopqrstuvwxyz".repeat(41_000).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 20; i++) {
        out.write(letters, 0, 1024 * 1024);
      }
      out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
      out.write(line("3", "ck3").getBytes(StandardCharsets.UTF_8));
    }
    long started = System.nanoTime();
    Outcome outcome = ingest(folder, json("web", "web.ndjson"));
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("hostile: ingest of a 20 MB NDJSON line took %.1f s%n", seconds);

    assertThat(outcome.reasons("web")).isEqualTo(Map.of("record_too_large", 1L));
    assertThat(outcome.accepted("web")).isEqualTo(2);
    Row reject = rejects(folder).first();
    assertThat(reject.<String>getAs("detail")).isEqualTo("20,971,600 bytes, over ingest.max_record_bytes 1,048,576");
    assertThat(reject.<String>getAs("raw")).hasSize(1027).endsWith("...");
    // Before the fix the line kept ingest busy for over 15 minutes; on a machine shared by many runs
    // it takes a minute or two, most of it Spark's start-up of the jobs, not the line.
    assertThat(seconds).isLessThan(300);
  }

  @Test
  void invalidUtf8IsMalformedUnlessTheSourceDeclaresAnotherEncodingAndTwoSourcesOnOneFileAreAWarning() throws IOException {
    Path folder = caseFolder("invalid-utf8");
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes("id,ts,cookie,email,kind\n1,2026-02-01T10:00:00Z,X".getBytes(StandardCharsets.US_ASCII));
    file.write(0xff);
    file.writeBytes("1,,ad_click\n2,2026-02-01T10:00:00Z,X".getBytes(StandardCharsets.US_ASCII));
    file.write(0xfe);
    file.writeBytes("1,,ad_click\n3,2026-02-01T10:00:00Z,ck3,,ad_click\n".getBytes(StandardCharsets.US_ASCII));
    Files.write(folder.resolve("shop.csv"), file.toByteArray());

    Outcome outcome =
        ingest(folder, csv("shop", "shop.csv", 1.0, "") + csv("latin", "shop.csv", 1.0, "    options: {encoding: ISO-8859-1}\n"));

    assertThat(outcome.warnings())
        .containsExactly("sources shop and latin both read 1 file (shop.csv); fine if one export feeds both, otherwise narrow a path");
    assertThat(outcome.manifest().at("/run/warnings/0").asText()).isEqualTo(outcome.warnings().get(0));
    assertThat(outcome.reasons("shop")).isEqualTo(Map.of("malformed_record", 2L));
    assertThat(outcome.accepted("shop")).isEqualTo(1);
    assertThat(outcome.reasons("latin")).isEmpty();
    assertThat(outcome.accepted("latin")).isEqualTo(3);
    assertThat(events(folder).where(col("source").equalTo("latin")).select(col("identifiers").getItem("cookie")).distinct().count())
        .as("X\\xff1 and X\\xfe1 are two cookies, not one")
        .isEqualTo(3);
    List<Row> rejects = rejects(folder).orderBy("record_number").collectAsList();
    assertThat(rejects).extracting(r -> r.<String>getAs("detail"))
        .containsExactly("invalid UTF-8 at byte 2 of column cookie", "invalid UTF-8 at byte 2 of column cookie");
    assertThat(rejects).extracting(r -> r.<String>getAs("raw"))
        .containsExactly("1,2026-02-01T10:00:00Z,X\\xff1,,ad_click", "2,2026-02-01T10:00:00Z,X\\xfe1,,ad_click");
  }

  @Test
  void garbageFieldsAreRejectedWithTheirReason() throws IOException {
    Path folder = caseFolder("garbage-fields");
    Files.copy(corpus("ndjson-garbage-fields.ndjson"), folder.resolve("web.ndjson"));

    Outcome outcome = ingest(folder, json("web", "web.ndjson"));

    assertThat(outcome.reasons("web")).isEqualTo(Map.of("bad_touchpoint", 1L, "bad_identifier", 1L, "bad_timestamp", 1L));
    assertThat(outcome.accepted("web")).isEqualTo(1);
    assertThat(rejects(folder).orderBy("record_number").collectAsList()).extracting(r -> r.<String>getAs("detail"))
        .containsExactly(
            "touchpoint 'ad?click' has non-printable characters (shown as ?)",
            "identifier cookie (cookie) is a JSON object or array, not a string or number",
            "occurred_at 1950-06-01 09:00:00 is before ingest.min_timestamp 1990-01-01T00:00:00Z");
  }

  @Test
  void everyTimestampFormReadsToTheSameInstantOrIsRejected() throws IOException {
    Path folder = caseFolder("timestamps");
    Files.copy(corpus("timestamps-iso.csv"), folder.resolve("iso.csv"));
    Map<String, String[]> forms = new LinkedHashMap<>();
    forms.put("iso_local", new String[] {"iso", "Europe/Berlin", "2026-02-01T10:00:00"});
    forms.put("epoch_s", new String[] {"epoch_seconds", "UTC", "1769936400"});
    forms.put("epoch_ms", new String[] {"epoch_millis", "UTC", "1769936400000"});
    forms.put("epoch_us", new String[] {"epoch_micros", "UTC", "1769936400000000"});
    forms.put("day_first", new String[] {"dd/MM/yyyy HH:mm", "Europe/London", "01/02/2026 09:00"});
    StringBuilder sources = new StringBuilder(csv("iso", "iso.csv", 1.0, ""));
    for (Map.Entry<String, String[]> form : forms.entrySet()) {
      String[] spec = form.getValue();
      Files.writeString(folder.resolve(form.getKey() + ".csv"), "id,ts,cookie,email,kind\n1,\"" + spec[2] + "\",ck1,,ad_click\n");
      sources.append(
          csv(form.getKey(), form.getKey() + ".csv", 1.0, "")
              .replace("timestamp: {column: ts}", "timestamp: {column: ts, format: \"" + spec[0] + "\", timezone: " + spec[1] + "}"));
    }

    Outcome outcome = ingest(folder, sources.toString());

    assertThat(outcome.reasons("iso")).isEqualTo(Map.of("bad_timestamp", 2L, "future_timestamp", 1L));
    assertThat(outcome.accepted("iso")).isEqualTo(2);
    for (String form : forms.keySet()) {
      assertThat(outcome.accepted(form)).as(form).isEqualTo(1);
    }
    List<String> instants =
        events(folder).select(col("occurred_at").cast("string").as("at")).distinct().orderBy("at").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(instants).containsExactly("2026-02-01 09:00:00", "2026-02-01 09:00:00.25");
  }

  @Test
  void aTruncatedGzipFailsInOneLineNamingSourceFileAndRecord() throws IOException {
    Path folder = caseFolder("truncated-gzip");
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      for (int i = 1; i <= 20_000; i++) {
        gzip.write(line(String.valueOf(i), "ck" + (i % 997)).getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] whole = zipped.toByteArray();
    Files.write(folder.resolve("web.ndjson.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));

    Outcome outcome = ingest(folder, json("web", "web.ndjson.gz"));

    String file = folder.resolve("web.ndjson.gz").toUri().toString().replace("file:///", "file:/");
    assertThat(outcome.failure())
        .matches("run failed: source web: cannot read file \\Q" + file + "\\E after record \\d+: Unexpected end of ZLIB input stream");
    assertUnchanged(folder);
  }

  @Test
  void anEmptyFileFailsSayingSo() throws IOException {
    Path folder = caseFolder("empty-file");
    Files.write(folder.resolve("web.ndjson"), new byte[0]);

    Outcome outcome = ingest(folder, json("web", "web.ndjson"));

    String file = folder.resolve("web.ndjson").toUri().toString().replace("file:///", "file:/");
    assertThat(outcome.failure())
        .isEqualTo("run failed: source web: every file path " + folder.resolve("web.ndjson") + " matches is empty (0 bytes): " + file);
    assertUnchanged(folder);
  }

  @Test
  void binaryGarbageIsMalformedAndOverTheRejectShareFailsTheRun() throws IOException {
    Path folder = caseFolder("binary");
    ByteArrayOutputStream garbage = new ByteArrayOutputStream();
    garbage.writeBytes("id,ts,cookie,email,kind\n".getBytes(StandardCharsets.US_ASCII));
    for (int line = 0; line < 3; line++) {
      for (int b = 0x80; b <= 0xff; b++) {
        garbage.write(b);
        garbage.write(1 + (b + line) % 8);
      }
      garbage.write('\n');
    }
    Files.write(folder.resolve("shop.csv"), garbage.toByteArray());

    Outcome outcome = ingest(folder, csv("shop", "shop.csv", 0.05, ""));

    assertThat(outcome.failure())
        .isEqualTo("run failed: source shop rejected 100.0% of 3 records (max_reject_share 5.0%: malformed_record 3); nothing was published");
    assertUnchanged(folder);
  }

  @Test
  void wrongDelimiterMissingAndRenamedColumnsFailNamingTheSourceAndColumns() throws IOException {
    Map<String, String> files =
        Map.of(
            "wrong-delimiter", "id;ts;cookie;email;kind\n1;2026-02-01T10:00:00Z;ck1;;ad_click\n",
            "missing-column", "id,ts,cookie,email\n1,2026-02-01T10:00:00Z,ck1,\n",
            "renamed-column", "id,ts,cookie_id,email,kind\n1,2026-02-01T10:00:00Z,ck1,,ad_click\n");
    Map<String, String> failures = new TreeMap<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path folder = caseFolder(file.getKey());
      Files.writeString(folder.resolve("shop.csv"), file.getValue());
      failures.put(file.getKey(), ingest(folder, csv("shop", "shop.csv", 1.0, "")).failure());
      assertUnchanged(folder);
    }

    assertThat(failures.get("wrong-delimiter"))
        .startsWith("run failed: source shop: the config refers to columns the files do not have (available: id;ts;cookie;email;kind): timestamp.column = 'ts': ")
        .doesNotContain("\n");
    assertThat(failures.get("missing-column"))
        .startsWith("run failed: source shop: the config refers to columns the files do not have (available: id, ts, cookie, email): touchpoint.column = 'kind': ")
        .doesNotContain("\n");
    assertThat(failures.get("renamed-column"))
        .startsWith("run failed: source shop: the config refers to columns the files do not have (available: id, ts, cookie_id, email, kind): identifiers.cookie = 'cookie': ")
        .doesNotContain("\n");
  }

  @Test
  void extraColumnsAreIgnoredAndAHeaderOnlyFileIsAnEmptySource() throws IOException {
    Path folder = caseFolder("extra-columns");
    Files.writeString(folder.resolve("shop.csv"), "id,ts,note,cookie,email,kind,extra\n1,2026-02-01T10:00:00Z,hi,ck1,,ad_click,x\n");
    Files.writeString(folder.resolve("header.csv"), "id,ts,cookie,email,kind\n");

    Outcome outcome = ingest(folder, csv("shop", "shop.csv", 1.0, "") + csv("header", "header.csv", 1.0, ""));

    assertThat(outcome.accepted("shop")).isEqualTo(1);
    assertThat(outcome.manifest().at("/sources/1/read").asLong()).isZero();
    assertThat(rejects(folder).count()).isZero();
    assertThat(rejects(folder).columns()).as("an empty run still has the table's columns").contains("source", "reason", "detail", "raw");
  }

  @Test
  void xesEventsWithoutNameOrTimestampAreRejected() throws IOException {
    Path folder = caseFolder("xes");
    Files.copy(corpus("xes-missing-attributes.xes"), folder.resolve("log.xes"));

    Outcome outcome = ingest(folder, "  - {name: log, format: xes, path: log.xes, max_reject_share: 1.0}\n");

    assertThat(outcome.reasons("log")).isEqualTo(Map.of("unmapped_touchpoint", 1L, "bad_timestamp", 1L));
    assertThat(outcome.accepted("log")).isEqualTo(1);
  }

  @Test
  void accessLogWithIpv6EscapedQuotesAndATruncatedLastLine() throws IOException {
    Path folder = caseFolder("clf");
    Files.copy(corpus("clf-ipv6-escapes-truncated.log"), folder.resolve("access.log"));
    String source =
        """
          - name: api
            format: clf
            path: access.log
            max_reject_share: 1.0
            timestamp: {column: time, format: clf}
            identifiers: {user_id: remote_user}
            touchpoint: {rules: [{column: url_path, matches: '^/products/', touchpoint: ad_click}]}
        """;

    Outcome outcome = ingest(folder, source);

    assertThat(outcome.reasons("api")).isEqualTo(Map.of("malformed_record", 1L));
    assertThat(outcome.accepted("api")).isEqualTo(2);
    assertThat(rejects(folder).first().<String>getAs("raw")).isEqualTo("10.0.0.3 - carol [01/Feb/2026:10:1");
  }

  @Test
  void configProblemsFailValidateAndRunBeforeSparkWithExitCodeTwo() throws IOException {
    Path folder = caseFolder("config");
    Files.writeString(folder.resolve("shop.csv"), GOOD_CSV);
    Path config = folder.resolve("pipeline.yaml");
    Files.writeString(
        config,
        HEADER
            + csv("nothing", "exports/*.csv", 1.0, "")
            + csv("semicolons", "shop.csv", 1.0, "    options: {delimiter: \";;\"}\n")
            + csv("klingon", "shop.csv", 1.0, "    options: {encoding: klingon}\n"));

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(OutputStream.nullOutputStream());
    assertThat(JourneyMiner.execute(out, errors, "validate", "--config", config.toString())).isEqualTo(JourneyMiner.USAGE);
    String validate = err.toString(StandardCharsets.UTF_8);
    err.reset();
    assertThat(JourneyMiner.execute(out, errors, "run", "--config", config.toString())).isEqualTo(JourneyMiner.USAGE);

    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(validate);
    assertThat(validate)
        .contains("3 problems in " + config)
        .contains("sources[0] (nothing).path: expected a glob matching at least one file, found \"exports/*.csv\" matching none")
        .contains("sources[1] (semicolons).options: source semicolons: option delimiter must be a single character, got \";;\"")
        .contains("sources[2] (klingon).options: source klingon: option encoding must be a character set this JVM supports, got \"klingon\"");
    assertUnchanged(folder);

    PipelineConfig blankSalt = ConfigLoader.parse("blank.yaml", folder, HEADER + csv("shop", "shop.csv", 1.0, ""));
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> ConfigChecks.checkWithoutSpark(blankSalt, true, Map.of("JOURNEY_MINER_SALT", "  "))))
        .hasMessageContaining("security: the environment variable JOURNEY_MINER_SALT is set but blank; set it to a secret or unset it");
  }

  // ---------------------------------------------------------------------------------------------

  /** What one ingest run did: its manifest, or its failure line; and the config's warnings. */
  private record Outcome(JsonNode manifest, String failure, List<String> warnings) {
    Map<String, Long> reasons(String source) {
      Map<String, Long> reasons = new TreeMap<>();
      source(source).path("rejected_by_reason").properties().forEach(e -> reasons.put(e.getKey(), e.getValue().asLong()));
      return reasons;
    }

    long accepted(String source) {
      return source(source).path("accepted").asLong();
    }

    private JsonNode source(String name) {
      assertThat(failure).as("run failed").isNull();
      for (JsonNode source : manifest.path("sources")) {
        if (source.path("source").asText().equals(name)) {
          return source;
        }
      }
      throw new AssertionError("no source " + name + " in " + manifest);
    }
  }

  /**
   * Runs the config checks and the ingest step as {@code journey-miner ingest} does, on this class's
   * Spark session. A successful run must reconcile every source.
   */
  private Outcome ingest(Path folder, String sources) throws IOException {
    Path file = folder.resolve("pipeline.yaml");
    Files.writeString(file, HEADER + sources);
    PipelineConfig config = ConfigLoader.load(file);
    List<String> warnings = new ArrayList<>();
    try {
      warnings.addAll(ConfigChecks.checkWithoutSpark(config, true, Map.of()));
      Pipeline.RunResult result =
          new Pipeline(spark, config, config.asOf().orElseThrow(), "test-only", new Progress(new PrintStream(OutputStream.nullOutputStream())))
              .withWarnings(warnings)
              .run(EnumSet.of(Step.INGEST));
      JsonNode manifest = new ObjectMapper().readTree(result.manifestJson());
      for (JsonNode source : manifest.path("sources")) {
        assertThat(source.path("reconciled").asBoolean()).as(source.toString()).isTrue();
        assertThat(source.path("read").asLong())
            .isEqualTo(source.path("accepted").asLong() + source.path("rejected").asLong() + source.path("duplicates").asLong());
      }
      return new Outcome(manifest, null, warnings);
    } catch (Exception e) { // Spark's SparkException is checked but thrown undeclared
      assertThat(folder.resolve("warehouse/_staging")).doesNotExist();
      return new Outcome(null, JourneyMiner.failure(e), warnings);
    }
  }

  /** A folder holding a copy of the baseline warehouse. */
  private Path caseFolder(String name) throws IOException {
    Path folder = work.resolve(name);
    TestFiles.copyTree(baseline.resolve("warehouse"), folder.resolve("warehouse"));
    return folder;
  }

  /** The case's warehouse holds exactly the baseline's files, byte for byte. */
  private void assertUnchanged(Path folder) throws IOException {
    assertThat(contents(folder.resolve("warehouse"))).isEqualTo(contents(baseline.resolve("warehouse")));
  }

  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      // _lock is the run lock, which every run takes and releases; it holds no published data.
      for (Path path : paths.filter(Files::isRegularFile).filter(p -> !root.relativize(p).toString().equals("_lock")).toList()) {
        contents.put(root.relativize(path).toString(), java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return contents;
  }

  /** This run's rejected records, as its manifest names them. */
  private org.apache.spark.sql.Dataset<Row> rejects(Path folder) {
    return PublishedRun.latest(spark, folder.resolve("warehouse").toUri()).ofRun("rejected_records");
  }

  /** The events this case's sources added (the baseline's source is called earlier). */
  private org.apache.spark.sql.Dataset<Row> events(Path folder) {
    return PublishedRun.latest(spark, folder.resolve("warehouse").toUri()).ofRun("events").where(col("source").notEqual("earlier"));
  }

  private static Path corpus(String name) {
    return TestFiles.project().resolve("jobs/src/test/resources/hostile").resolve(name);
  }

  private static String line(String id, String cookie) {
    return "{\"id\":\"" + id + "\",\"ts\":\"2026-02-01T09:00:00Z\",\"cookie\":\"" + cookie + "\",\"kind\":\"ad_click\"}\n";
  }

  private static String csv(String name, String path, double maxRejectShare, String extra) {
    return """
          - name: %s
            format: csv
            path: "%s"
            key: [id]
            max_reject_share: %s
            timestamp: {column: ts}
            identifiers: {cookie: cookie, email: email}
            touchpoint: {column: kind}
        """.formatted(name, path, maxRejectShare) + extra;
  }

  private static String json(String name, String path) {
    return """
          - name: %s
            format: json
            path: %s
            key: [id]
            max_reject_share: 1.0
            timestamp: {column: ts}
            identifiers: {cookie: cookie}
            touchpoint: {column: kind}
        """.formatted(name, path);
  }
}
