package io.journeyminer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyminer.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to Delta tables through the manifest, on a few rows: what readers of each run see. */
class TestWarehouse extends SparkTestBase {

  private static final String EVENTS = "event_id STRING, event_date DATE, source STRING";
  private static final String DAILY = "label STRING, total BIGINT";
  private static final LocalDate DAY_1 = LocalDate.parse("2026-03-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-03-02");
  private static final LocalDate DAY_3 = LocalDate.parse("2026-03-03");

  @TempDir Path root;

  private Dataset<Row> events(String... ids) {
    String[] lines = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      lines[i] = "{\"event_id\":\"" + ids[i] + "\",\"event_date\":\"2026-02-2" + (i % 9) + "\",\"source\":\"web\"}";
    }
    return frame(EVENTS, lines);
  }

  private Dataset<Row> daily(String label, long total) {
    return frame(DAILY, "{\"label\":\"" + label + "\",\"total\":" + total + "}");
  }

  /** Rows a run's MERGE staged, counted before the commit removes the staging area. */
  private record Merge(long inserted, long seenEarlier, long table) {}

  /** One run: events merged, a run-dated table and a latest-only table, committed with a manifest. */
  private Merge publish(LocalDate runDate, String label, String... eventIds) {
    Warehouse warehouse = new Warehouse(spark, root.toUri(), runDate + "-" + label, runDate);
    Warehouse.Merged merged = warehouse.stageMerge("events", "event_id", events(eventIds));
    Merge counts = new Merge(merged.inserted().count(), merged.seenEarlier().count(), merged.table().count());
    warehouse.stage("daily", TableLayout.BY_RUN_DATE, daily(label, counts.inserted()));
    warehouse.stage("latest", TableLayout.LATEST_ONLY, daily(label, counts.seenEarlier()));
    Manifest manifest = new Manifest();
    manifest.section("run").put("run_date", runDate.toString());
    warehouse.commit(manifest);
    return counts;
  }

  private List<String> labels(Dataset<Row> table) {
    return table.select("label").as(Encoders.STRING()).collectAsList();
  }

  @Test
  void aRecordSeenOnALaterNightIsADuplicateAndEachManifestReadsItsOwnRun() {
    Merge first = publish(DAY_1, "first", "a", "b", "c");
    Merge second = publish(DAY_2, "second", "b", "c", "d");
    // A rerun of day 2 counts the same: rows its own earlier attempt inserted are not "seen earlier".
    Merge rerun = publish(DAY_2, "rerun", "b", "c", "d");

    assertThat(first).isEqualTo(new Merge(3, 0, 3));
    assertThat(second).isEqualTo(new Merge(1, 2, 4));
    assertThat(rerun).isEqualTo(second);

    PublishedRun day1 = PublishedRun.of(spark, root.toUri(), DAY_1);
    PublishedRun day2 = PublishedRun.latest(spark, root.toUri());
    assertThat(day2.runDate()).isEqualTo(DAY_2);
    assertThat(day1.table("events").count()).isEqualTo(3);
    assertThat(day2.table("events").count()).isEqualTo(4);
    // Day 1's manifest still reads day 1's latest-only table, though day 2 overwrote it twice since.
    assertThat(labels(day1.table("latest"))).containsExactly("first");
    assertThat(labels(day2.table("latest"))).containsExactly("rerun");
    // The rerun replaced day 2's partition and left day 1's.
    assertThat(labels(day2.ofRun("daily"))).containsExactly("rerun");
    assertThat(labels(day2.table("daily"))).containsExactlyInAnyOrder("first", "rerun");
    assertThat(day2.version("daily")).isGreaterThan(day1.version("daily"));
    assertThat(day2.manifest().at("/tables/events/format").asText()).isEqualTo("delta");
    Dataset<Row> day1Daily = new Warehouse(spark, root.toUri(), "reader", DAY_1).readPublished("daily", TableLayout.BY_RUN_DATE, StructType.fromDDL(DAILY));
    assertThat(labels(day1Daily)).containsExactly("first");
  }

  @Test
  void aSecondRunOnTheWarehouseFailsNamingTheLock() {
    Warehouse one = new Warehouse(spark, root.toUri(), "one", DAY_1);
    Warehouse two = new Warehouse(spark, root.toUri(), "two", DAY_1);
    try (RunLock held = one.lock()) {
      assertThatThrownBy(two::lock)
          .isInstanceOf(PublishException.class)
          .hasMessageContaining("warehouse lock " + root.resolve("_lock"))
          .hasMessageContaining("run one");
    }
    try (RunLock afterwards = two.lock()) {
      assertThat(root.resolve("_lock")).content().contains("run two");
    }
  }

  @Test
  void retentionExpiresOldRunsAndKeepsEveryFileAKeptManifestReads() {
    publish(DAY_1, "first");
    publish(DAY_1, "first-rerun");
    publish(DAY_2, "second");
    Retention nothingKept = new Retention(spark, root.toUri(), Duration.ZERO);

    Retention.Expired first = nothingKept.expire(Instant.now());

    assertThat(first.expiredRuns()).containsExactly(DAY_1);
    assertThat(first.keptRuns()).containsExactly(DAY_2);
    assertThat(root.resolve("_runs/" + DAY_1)).doesNotExist();
    // Day 1's first attempt (daily, latest) and its rerun's latest-only file: no kept run reads them.
    assertThat(first.filesRemoved()).containsEntry("daily", 1L).containsEntry("latest", 2L);
    assertThat(labels(PublishedRun.latest(spark, root.toUri()).table("latest"))).containsExactly("second");

    publish(DAY_3, "third");
    // A backfill of day 2 after day 3: it overwrites the latest-only table day 3's manifest reads.
    publish(DAY_2, "backfill");

    Retention.Expired second = nothingKept.expire(Instant.now());

    assertThat(second.expiredRuns()).containsExactly(DAY_2);
    assertThat(second.keptRuns()).containsExactly(DAY_3);
    // Day 3's latest-only file was replaced by the backfill, longer ago than the zero retention, yet
    // day 3, the newest run, still reads it.
    PublishedRun day3 = PublishedRun.latest(spark, root.toUri());
    assertThat(labels(day3.table("latest"))).containsExactly("third");
    assertThat(labels(day3.ofRun("daily"))).containsExactly("third");
    assertThat(Files.exists(root.resolve("_staging"))).isFalse();
  }
}
