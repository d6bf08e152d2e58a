package io.journeyminer.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a published warehouse the way an analyst should: through the runs whose manifest exists
 * (the manifest is a run's commit point, SPEC 5), one chosen run at a time. Writing stays in
 * {@link Warehouse}; this is its read side for the {@code sql} and {@code report} commands.
 */
public final class PublishedRuns {

  public static final String ALL_RUNS_SUFFIX = "_all_runs";
  private static final String MANIFEST = "manifest.json";

  private final SparkSession spark;
  private final Path root;
  private final TreeSet<LocalDate> runDates;

  private PublishedRuns(SparkSession spark, Path root, TreeSet<LocalDate> runDates) {
    this.spark = spark;
    this.root = root;
    this.runDates = runDates;
  }

  /** The committed runs of a warehouse; fails with what to do when none was published there. */
  public static PublishedRuns open(SparkSession spark, URI warehouse) {
    Path root = new Path(warehouse);
    TreeSet<LocalDate> dates = new TreeSet<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path runs = new Path(root, "_runs");
      if (fs.exists(runs)) {
        for (FileStatus run : fs.listStatus(runs)) {
          Optional<LocalDate> date = parseDate(run.getPath().getName());
          if (run.isDirectory() && date.isPresent() && fs.exists(new Path(run.getPath(), MANIFEST))) {
            dates.add(date.get());
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot list the runs of " + warehouse + ": " + e.getMessage(), e);
    }
    if (dates.isEmpty()) {
      throw new IllegalArgumentException(
          "No run has been published in " + warehouse + " (no _runs/<run_date>/manifest.json): run `journey-miner run --config F` first");
    }
    return new PublishedRuns(spark, root, dates);
  }

  public List<LocalDate> runDates() {
    return List.copyOf(runDates);
  }

  public LocalDate latest() {
    return runDates.last();
  }

  /** The given run date when it was published, else a message naming the published ones. */
  public LocalDate runDate(String requested) {
    LocalDate date =
        parseDate(requested)
            .orElseThrow(() -> new IllegalArgumentException("--run-date: expected a date like 2026-03-01, found \"" + requested + "\""));
    if (!runDates.contains(date)) {
      throw new IllegalArgumentException("No run for run_date " + date + " in " + root.toUri() + "; published run dates: " + runDates);
    }
    return date;
  }

  /** The manifest of a run, as written. */
  public String manifestJson(LocalDate runDate) {
    Path manifest = new Path(root, "_runs/" + runDate + "/" + MANIFEST);
    try (var in = manifest.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(manifest)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + manifest + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a file of a run beside its manifest ({@code _runs/<run_date>/<name>}), through a
   * temporary file and a rename so a reader never sees half of it; returns its path.
   */
  public String writeRunFile(LocalDate runDate, String name, String content) {
    Path target = new Path(root, "_runs/" + runDate + "/" + name);
    Path temporary = new Path(target.getParent(), "." + name + ".tmp");
    try {
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var out = fs.create(temporary, true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(target, false);
      if (!fs.rename(temporary, target)) {
        throw new IOException("could not rename " + temporary + " to " + target);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + target + ": " + e.getMessage(), e);
    }
    return target.toString();
  }

  /** The tables present in the warehouse (folders not starting with {@code _} or {@code .}), sorted. */
  public List<String> tables() {
    List<String> tables = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (FileStatus status : fs.listStatus(root)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
          tables.add(name);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list the tables of " + root + ": " + e.getMessage(), e);
    }
    tables.sort(null);
    return tables;
  }

  /** A table with every run's partitions (partition columns discovered from the folder names). */
  public Optional<Dataset<Row>> allRuns(String table) {
    Path path = new Path(root, table);
    try {
      if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
        // A table this warehouse's runs never published (an optional step, an older version).
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + path + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(spark.read().parquet(path.toString()));
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        // A folder with no Parquet file yet (for example an interrupted first publish) has no schema.
        return Optional.empty();
      }
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
  }

  /** One run of a table: its {@code run_date} partition, or the whole table when it is not run-dated. */
  public Optional<Dataset<Row>> run(String table, LocalDate runDate) {
    return allRuns(table).map(data -> isRunDated(data) ? data.where(col(Warehouse.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(runDate)))) : data);
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
    for (String table : tables()) {
      Optional<Dataset<Row>> all = allRuns(table);
      if (all.isEmpty()) {
        continue;
      }
      Dataset<Row> data = all.get();
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
