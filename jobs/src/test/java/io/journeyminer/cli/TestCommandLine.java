package io.journeyminer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line reasons of the command line, on small real files. */
class TestCommandLine {

  @TempDir Path work;

  private String out;
  private String err;

  private int run(String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code =
        JourneyMiner.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8), args);
    out = stdout.toString(StandardCharsets.UTF_8);
    err = stderr.toString(StandardCharsets.UTF_8);
    return code;
  }

  private Path config(String csvPath, double maxRejectShare) throws IOException {
    String yaml =
        """
        warehouse: warehouse
        as_of: 2026-03-01T00:00:00Z
        security: {insecure_development_salt: test-only}
        journey_map:
          stages:
            - {name: awareness, touchpoints: [ad_click]}
            - {name: purchase, touchpoints: [purchase]}
          conversions: [purchase]
        sources:
          - name: shop
            format: csv
            path: %s
            key: [id]
            max_reject_share: %s
            timestamp: {column: ts}
            identifiers: {cookie: cookie, email: email}
            touchpoint: {column: kind}
        """
            .formatted(csvPath, maxRejectShare);
    Path config = work.resolve("pipeline.yaml");
    Files.writeString(config, yaml);
    return config;
  }

  private void csv(String... rows) throws IOException {
    Files.writeString(work.resolve("shop.csv"), "id,ts,cookie,email,kind\n" + String.join("\n", rows) + "\n");
  }

  @Test
  void validateAcceptsAGoodConfigAndNamesEveryProblemOfABadOne() throws IOException {
    csv("1,2026-02-01T10:00:00Z,ck1,a@example.com,ad_click");
    Path good = config("shop.csv", 0.05);
    assertThat(run("validate", "--config", good.toString())).isZero();
    assertThat(out).contains("valid (1 sources, 2 stages, 1 conversion touchpoints)");

    Files.writeString(good, Files.readString(good).replace("path: shop.csv", "path: missing/*.csv").replace("kind}", "kind)}").replace("key: [id]", "key: [id]\n    options: {delimeter: ';'}"));
    assertThat(run("validate", "--config", good.toString())).isEqualTo(JourneyMiner.USAGE);
    assertThat(err)
        .contains("3 problems in " + good)
        .contains("sources[0] (shop).options.delimeter: expected one of")
        .contains("sources[0] (shop).touchpoint.column: expected a Spark SQL expression, found \"kind)\"")
        .contains("sources[0] (shop).path: expected a glob matching at least one file, found \"missing/*.csv\" matching none");
  }

  @Test
  void aRunOverTheRejectShareFailsAndPublishesNothing() throws IOException {
    csv(
        "1,2026-02-01T10:00:00Z,ck1,a@example.com,ad_click",
        "2,not-a-time,ck1,a@example.com,ad_click",
        "3,2026-02-01T11:00:00Z,,,ad_click",
        "4,2026-02-01T12:00:00Z,ck2,,purchase");
    Path config = config("shop.csv", 0.25);

    assertThat(run("run", "--config", config.toString())).isEqualTo(JourneyMiner.RUN_FAILED);
    assertThat(err.strip())
        .isEqualTo("journey-miner: run failed: source shop rejected 50.0% of 4 records (max_reject_share 25.0%: bad_timestamp 1, missing_identifier 1); nothing was published");
    assertThat(work.resolve("warehouse/events")).doesNotExist();
    assertThat(work.resolve("warehouse/_runs")).doesNotExist();
  }

  @Test
  void aFailedRunLeavesThePreviousOutputsIntact() throws IOException {
    csv("1,2026-02-01T10:00:00Z,ck1,a@example.com,ad_click", "2,2026-02-01T10:05:00Z,ck1,,purchase");
    Path config = config("shop.csv", 0.0);
    assertThat(run("run", "--config", config.toString())).as(err).isZero();
    byte[] manifest = Files.readAllBytes(work.resolve("warehouse/_runs/2026-03-01/manifest.json"));

    csv("1,2026-02-01T10:00:00Z,ck1,a@example.com,ad_click", "2,bad,ck1,,purchase");
    assertThat(run("run", "--config", config.toString())).isEqualTo(JourneyMiner.RUN_FAILED);

    assertThat(Files.readAllBytes(work.resolve("warehouse/_runs/2026-03-01/manifest.json"))).isEqualTo(manifest);
    assertThat(work.resolve("warehouse/journeys/run_date=2026-03-01")).isDirectory();
    assertThat(work.resolve("warehouse/_staging")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  void aPathMatchingNoFileIsAConfigProblemNamingTheSourceAndPath() throws IOException {
    Path config = config("exports/*.csv", 0.05);
    assertThat(run("ingest", "--config", config.toString())).isEqualTo(JourneyMiner.USAGE);
    assertThat(err).contains("sources[0] (shop).path: expected a glob matching at least one file, found \"exports/*.csv\" matching none");
  }

  @Test
  void aBadAsOfIsAUsageError() throws IOException {
    csv("1,2026-02-01T10:00:00Z,ck1,a@example.com,ad_click");
    Path config = config("shop.csv", 0.05);
    assertThat(run("run", "--config", config.toString(), "--as-of", "yesterday")).isEqualTo(JourneyMiner.USAGE);
    assertThat(err).contains("--as-of: expected a date (2026-03-01) or an ISO-8601 instant with offset, found \"yesterday\"");
  }
}
