package io.journeyminer.publish;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Retention of a warehouse (SPEC 5, issue 14): run manifests committed longer ago than the
 * retention expire (the newest run never does), then every Delta table is vacuumed, keeping every
 * file a remaining manifest's version needs.
 *
 * <p>Delta's {@code VACUUM} deletes files that the current version no longer references and that
 * were removed longer ago than its retention. A file the oldest kept manifest's version {@code v}
 * reads was removed after {@code v} was committed, so vacuuming with a retention reaching back to
 * {@code v}'s commit time (never less than the configured retention, rounded up to whole hours as
 * Delta rounds it) cannot delete it; when every kept run reads the table's current version, the
 * configured retention alone applies. Each table's log is kept as long, so time travel to {@code v}
 * keeps working. Leftover staging folders of
 * crashed runs go too; the caller holds the warehouse lock, so no running run owns one.
 *
 * <p>Cost: one listing of each table's files and one Delta log replay per table; no data is read.
 */
public final class Retention {

  /** Delta's own default log retention; a longer one is set as a table property. */
  private static final Duration DELTA_LOG_RETENTION = Duration.ofDays(30);

  private final SparkSession spark;
  private final URI root;
  private final Duration retention;

  public Retention(SparkSession spark, URI root, Duration retention) {
    if (retention.isNegative()) {
      throw new IllegalArgumentException("Cannot set retention to " + retention + ", the value must not be negative");
    }
    this.spark = spark;
    this.root = root;
    this.retention = retention;
  }

  /** What one expiry did. */
  public record Expired(List<LocalDate> expiredRuns, List<LocalDate> keptRuns, Map<String, Long> filesRemoved, int staleStagingFolders) {
    public long totalFilesRemoved() {
      return filesRemoved.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public Expired expire(Instant now) {
    return withListingParallelism(() -> expireRuns(now));
  }

  private Expired expireRuns(Instant now) {
    RunManifests runs = RunManifests.read(root, spark.sparkContext().hadoopConfiguration());
    Instant cutoff = now.minus(retention);
    Optional<RunManifests.Committed> latest = runs.latest();
    List<RunManifests.Committed> kept = new ArrayList<>();
    List<LocalDate> expired = new ArrayList<>();
    try {
      FileSystem fs = new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (RunManifests.Committed run : runs.all()) {
        boolean old = run.committedAt().map(at -> at.isBefore(cutoff)).orElse(false);
        if (old && !latest.map(run::equals).orElse(false)) {
          // The manifest goes first, so no reader starts on a run whose files are about to go.
          fs.delete(run.path().getParent(), true);
          expired.add(run.runDate());
        } else {
          kept.add(run);
        }
      }
      Map<String, Long> removed = new LinkedHashMap<>();
      for (FileStatus status : fs.listStatus(new Path(root))) {
        String name = status.getPath().getName();
        if (status.isDirectory() && !name.startsWith("_") && !name.startsWith(".") && DeltaTable.isDeltaTable(spark, status.getPath().toString())) {
          removed.put(name, vacuum(fs, name, status.getPath(), kept, now));
        }
      }
      int staging = deleteStaleStaging(fs);
      return new Expired(expired, kept.stream().map(RunManifests.Committed::runDate).toList(), removed, staging);
    } catch (IOException e) {
      throw new PublishException("Retention of " + root + " failed: " + e.getMessage(), e);
    }
  }

  private long vacuum(FileSystem fs, String table, Path path, List<RunManifests.Committed> kept, Instant now) throws IOException {
    DeltaTable delta = DeltaTable.forPath(spark, path.toString());
    Optional<Long> oldestKept = kept.stream().flatMap(run -> run.version(table).stream()).min(Long::compare);
    long current = delta.history(1).select("version").head().getLong(0);
    Duration keep = retention;
    if (oldestKept.isPresent() && oldestKept.get() < current) {
      // A kept run reads an older version: keep every file removed since that version was committed.
      List<Row> commit = delta.history().where("version = " + oldestKept.get()).select("timestamp").collectAsList();
      Duration needed = commit.isEmpty() ? Duration.ofDays(36_500) : Duration.between(commit.get(0).getTimestamp(0).toInstant(), now);
      keep = needed.compareTo(keep) > 0 ? needed : keep;
    }
    keepLogFor(delta, path, keep);
    long before = dataFiles(fs, path);
    // Delta rounds VACUUM's retention to whole hours: round up, never down.
    long hours = (keep.toMillis() + 3_599_999) / 3_600_000;
    delta.vacuum(hours);
    return before - dataFiles(fs, path);
  }

  /**
   * VACUUM lists a table's folders in {@code spark.sql.sources.parallelPartitionDiscovery.parallelism}
   * tasks, 10,000 by default: on a small cluster that is minutes of empty tasks per table. A few
   * tasks per core list a warehouse's tables as fast.
   */
  private Expired withListingParallelism(java.util.function.Supplier<Expired> expiry) {
    String key = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    String previous = spark.conf().get(key, null);
    spark.conf().set(key, String.valueOf(Math.max(2, 4 * spark.sparkContext().defaultParallelism())));
    try {
      return expiry.get();
    } finally {
      if (previous == null) {
        spark.conf().unset(key);
      } else {
        spark.conf().set(key, previous);
      }
    }
  }

  /** Time travel to a kept version needs its log: keep the log at least as long as the files. */
  private void keepLogFor(DeltaTable delta, Path path, Duration keep) {
    if (keep.compareTo(DELTA_LOG_RETENTION) <= 0) {
      return;
    }
    String wanted = "interval " + (keep.toDays() + 1) + " days";
    Map<String, String> properties = delta.detail().select("properties").head().getJavaMap(0);
    if (!wanted.equals(properties.get("delta.logRetentionDuration"))) {
      spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.logRetentionDuration' = '" + wanted + "')");
    }
  }

  private static long dataFiles(FileSystem fs, Path table) throws IOException {
    long files = 0;
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(table, true);
    while (it.hasNext()) {
      LocatedFileStatus file = it.next();
      if (file.getPath().getName().endsWith(".parquet") && !file.getPath().toString().contains("/_delta_log/")) {
        files++;
      }
    }
    return files;
  }

  private int deleteStaleStaging(FileSystem fs) throws IOException {
    Path staging = new Path(new Path(root), "_staging");
    if (!fs.exists(staging)) {
      return 0;
    }
    int folders = fs.listStatus(staging).length;
    fs.delete(staging, true);
    return folders;
  }
}
