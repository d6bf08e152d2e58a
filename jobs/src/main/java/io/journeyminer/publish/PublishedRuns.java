package io.journeyminer.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a published warehouse the way an analyst should: through the runs whose manifest exists
 * (the manifest is a run's commit point, SPEC 5), one chosen run at a time, each table at the Delta
 * version that run's manifest names. A run being written meanwhile is invisible until its manifest
 * lands. Writing stays in {@link Warehouse}; this is the read side for the {@code sql} command.
 */
public final class PublishedRuns {

  public static final String ALL_RUNS_SUFFIX = "_all_runs";

  private final SparkSession spark;
  private final URI root;
  private final RunManifests manifests;

  private PublishedRuns(SparkSession spark, URI root, RunManifests manifests) {
    this.spark = spark;
    this.root = root;
    this.manifests = manifests;
  }

  /** The committed runs of a warehouse; fails with what to do when none was published there. */
  public static PublishedRuns open(SparkSession spark, URI warehouse) {
    RunManifests manifests;
    try {
      manifests = RunManifests.read(warehouse, spark.sparkContext().hadoopConfiguration());
    } catch (PublishException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (manifests.all().isEmpty()) {
      throw new IllegalArgumentException(
          "No run has been published in " + warehouse + " (no _runs/<run_date>/manifest.json): run `journey-miner run --config F` first");
    }
    return new PublishedRuns(spark, warehouse, manifests);
  }

  public List<LocalDate> runDates() {
    return manifests.all().stream().map(RunManifests.Committed::runDate).toList();
  }

  public LocalDate latest() {
    return manifests.latest().orElseThrow().runDate();
  }

  /** The given run date when it was published, else a message naming the published ones. */
  public LocalDate runDate(String requested) {
    LocalDate date =
        parseDate(requested)
            .orElseThrow(() -> new IllegalArgumentException("--run-date: expected a date like 2026-03-01, found \"" + requested + "\""));
    if (manifests.of(date).isEmpty()) {
      throw new IllegalArgumentException("No run for run_date " + date + " in " + root + "; published run dates: " + runDates());
    }
    return date;
  }

  /** The manifest of a run, as written. */
  public String manifestJson(LocalDate runDate) {
    return PublishedRun.of(spark, root, runDate).manifest().toPrettyString();
  }

  /**
   * Writes a file of a run beside its manifest ({@code _runs/<run_date>/<name>}), through a
   * temporary file and a rename so a reader never sees half of it; returns its path.
   */
  public String writeRunFile(LocalDate runDate, String name, String content) {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(root), "_runs/" + runDate + "/" + name);
    org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(target.getParent(), "." + name + ".tmp");
    try {
      org.apache.hadoop.fs.FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var out = fs.create(temporary, true)) {
        out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      fs.delete(target, false);
      if (!fs.rename(temporary, target)) {
        throw new java.io.IOException("could not rename " + temporary + " to " + target);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot write " + target + ": " + e.getMessage(), e);
    }
    return target.toString();
  }

  /** The tables the run's manifest names, sorted. */
  public List<String> tables(LocalDate runDate) {
    List<String> tables = new ArrayList<>(PublishedRun.of(spark, root, runDate).tables());
    tables.sort(null);
    return tables;
  }

  /** A table at the version the run names: run-dated tables hold every run's partitions up to it. */
  public Optional<Dataset<Row>> allRuns(String table, LocalDate runDate) {
    PublishedRun run = PublishedRun.of(spark, root, runDate);
    return run.tables().contains(table) ? Optional.of(run.table(table)) : Optional.empty();
  }

  /** One run of a table: its {@code run_date} partition, or the whole table when it is not run-dated. */
  public Optional<Dataset<Row>> run(String table, LocalDate runDate) {
    return allRuns(table, runDate).map(data -> isRunDated(data) ? data.where(col(Warehouse.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(runDate)))) : data);
  }

  public static boolean isRunDated(Dataset<Row> data) {
    return Arrays.asList(data.columns()).contains(Warehouse.RUN_DATE);
  }

  /**
   * Registers every table as a temporary view of one run, and each run-dated table also as
   * {@code <table>_all_runs}; returns the view names.
   */
  public List<String> registerViews(LocalDate runDate) {
    List<String> views = new ArrayList<>();
    for (String table : tables(runDate)) {
      Dataset<Row> data = allRuns(table, runDate).orElseThrow();
      if (isRunDated(data)) {
        data.where(col(Warehouse.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(runDate)))).createOrReplaceTempView(table);
        data.createOrReplaceTempView(table + ALL_RUNS_SUFFIX);
        views.add(table);
        views.add(table + ALL_RUNS_SUFFIX);
      } else {
        data.createOrReplaceTempView(table);
        views.add(table);
      }
    }
    return views;
  }

  private static Optional<LocalDate> parseDate(String text) {
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
