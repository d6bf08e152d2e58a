package io.journeyminer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.SparkTestBase;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot with 100,000 events and a customer whose records chain 50,001 identifiers together (no
 * identifier linked to more than two others, so the degree guard does not see it) beside twenty
 * ordinary customers: the whole pipeline runs, both are left out of journeys by
 * journeys.max_events_per_customer and counted in the manifest, and the ordinary customers'
 * journeys are as they would be alone.
 */
class TestResourceLimits extends SparkTestBase {

  private static final int BOT_EVENTS = 100_000;
  private static final int CHAIN_LINKS = 25_000;
  private static final int ORDINARY_CUSTOMERS = 20;

  private Path work;
  private JsonNode manifest;
  private String log;
  private double seconds;

  @BeforeAll
  void runThePipeline(@TempDir Path folder) throws IOException {
    work = folder;
    Instant start = Instant.parse("2026-02-01T00:00:00Z");
    try (BufferedWriter out = Files.newBufferedWriter(work.resolve("events.csv"))) {
      out.write("id,ts,cookie,email,kind\n");
      long id = 0;
      for (int c = 0; c < ORDINARY_CUSTOMERS; c++) {
        for (int e = 0; e < 3; e++) {
          out.write(++id + "," + start.plusSeconds(c * 3600L + e * 60L) + ",person" + c + ",," + (e == 2 ? "purchase" : "ad_click") + "\n");
        }
      }
      for (int e = 0; e < BOT_EVENTS; e++) {
        out.write(++id + "," + start.plusSeconds(e * 20L) + ",bot,,ad_click\n");
      }
      // Record pairs (k_i, m_i) and (k_i+1, m_i): one component of 25,001 cookies and 25,000 e-mails.
      for (int i = 0; i < CHAIN_LINKS; i++) {
        out.write(++id + "," + start.plusSeconds(i * 30L) + ",k" + i + ",m" + i + "@example.com,ad_click\n");
        out.write(++id + "," + start.plusSeconds(i * 30L + 10) + ",k" + (i + 1) + ",m" + i + "@example.com,ad_click\n");
      }
    }
    String yaml =
        """
        warehouse: %s
        as_of: 2026-03-01T00:00:00Z
        journeys: {max_events_per_customer: 10000}
        journey_map:
          stages:
            - {name: awareness, touchpoints: [ad_click]}
            - {name: purchase, touchpoints: [purchase]}
          conversions: [purchase]
        sources:
          - name: web
            format: csv
            path: events.csv
            key: [id]
            timestamp: {column: ts}
            identifiers: {cookie: cookie, email: email}
            touchpoint: {column: kind}
        """
            .formatted(work.resolve("warehouse").toUri());
    Path file = work.resolve("limits.yaml");
    Files.writeString(file, yaml);
    PipelineConfig config = ConfigLoader.load(file);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    long started = System.nanoTime();
    Pipeline.RunResult result =
        new Pipeline(spark, config, config.asOf().orElseThrow(), "test-only", new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8)))
            .run(EnumSet.allOf(Step.class));
    seconds = (System.nanoTime() - started) / 1e9;
    manifest = new ObjectMapper().readTree(result.manifestJson());
    log = progress.toString(StandardCharsets.UTF_8);
    System.out.printf("resource limits: %,d events, whole run %.1f s%n%s", manifest.at("/sources/0/read").asLong(), seconds, log);
  }

  @Test
  void everyRecordIsReadAndReconciled() {
    assertThat(manifest.at("/sources/0/read").asLong()).isEqualTo(3L * ORDINARY_CUSTOMERS + BOT_EVENTS + 2L * CHAIN_LINKS);
    assertThat(manifest.at("/sources/0/accepted").asLong()).isEqualTo(3L * ORDINARY_CUSTOMERS + BOT_EVENTS + 2L * CHAIN_LINKS);
    assertThat(manifest.at("/sources/0/reconciled").asBoolean()).isTrue();
  }

  @Test
  void theChainIsOneCustomerOfFiftyThousandIdentifiers() {
    assertThat(manifest.at("/identity/customers").asLong()).isEqualTo(ORDINARY_CUSTOMERS + 2L);
    assertThat(manifest.at("/identity/identifiers").asLong()).isEqualTo(ORDINARY_CUSTOMERS + 1L + (CHAIN_LINKS + 1L) + CHAIN_LINKS);
    assertThat(manifest.at("/identity/over_merged_identifiers").asLong()).isZero();
  }

  @Test
  void theBotAndTheChainAreLeftOutOfJourneysAndCounted() {
    assertThat(manifest.at("/journeys/max_events_per_customer").asLong()).isEqualTo(10_000);
    assertThat(manifest.at("/journeys/customers_over_event_cap").asLong()).isEqualTo(2);
    assertThat(manifest.at("/journeys/events_over_event_cap").asLong()).isEqualTo(BOT_EVENTS + 2L * CHAIN_LINKS);
    assertThat(manifest.at("/journeys/journeys").asLong()).isEqualTo(ORDINARY_CUSTOMERS);
    assertThat(manifest.at("/journeys/converted").asLong()).isEqualTo(ORDINARY_CUSTOMERS);
    assertThat(manifest.at("/journeys/steps").asLong()).isEqualTo(3L * ORDINARY_CUSTOMERS);
    assertThat(manifest.at("/journeys/events_without_customer").asLong()).isZero();
    assertThat(log).contains("left out 2 customers over max_events_per_customer 10,000 (150,000 events)");
  }
}
