package io.journeyminer.publish;

import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The one place tables are written and read (SPEC 5). Steps hand their Datasets here; a run first
 * stages every table under {@code _staging/<run id>/}, and only when all of them are written does
 * {@link #commit} move them into place and write the manifest, so a failed run publishes nothing.
 *
 * <p>On plain Parquet the swap is a directory rename per table (or per {@code run_date} partition):
 * readers see the old or the new files of a table, never a half-written one. A later wave replaces
 * this class's internals with Delta Lake or Iceberg commits; no step writes files itself.
 */
public final class Warehouse {

  public static final String RUN_DATE = "run_date";
  public static final String EVENT_DATE = "event_date";

  private final SparkSession spark;
  private final Path root;
  private final String runId;
  private final LocalDate runDate;
  private final Map<String, TableLayout> staged = new LinkedHashMap<>();

  public Warehouse(SparkSession spark, URI root, String runId, LocalDate runDate) {
    this.spark = spark;
    this.root = new Path(root);
    this.runId = runId;
    this.runDate = runDate;
  }

  public URI root() {
    return root.toUri();
  }

  public LocalDate runDate() {
    return runDate;
  }

  /**
   * Writes a table to this run's staging area and returns it read back from there, so later steps
   * start from the written files instead of recomputing the plan.
   */
  public Dataset<Row> stage(String table, TableLayout layout, Dataset<Row> data) {
    Path target = stagingPath(table);
    Dataset<Row> toWrite = data;
    var writer =
        switch (layout) {
          case BY_RUN_DATE -> (toWrite = data.withColumn(RUN_DATE, lit(java.sql.Date.valueOf(runDate))))
              .write()
              .partitionBy(RUN_DATE);
          case BY_EVENT_DATE -> toWrite.write().partitionBy(EVENT_DATE);
          case LATEST_ONLY -> toWrite.write();
        };
    writer.mode(SaveMode.Overwrite).parquet(target.toString());
    staged.put(table, layout);
    // Read back with the written schema: an empty table has no Parquet file to infer it from.
    Dataset<Row> written = spark.read().schema(toWrite.schema()).parquet(target.toString());
    return layout == TableLayout.BY_RUN_DATE ? written.drop(RUN_DATE) : written;
  }

  /** True when a table has been published in this warehouse (by any run). */
  public boolean isPublished(String table) {
    try {
      return fileSystem().exists(new Path(root, table));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + new Path(root, table) + ": " + e.getMessage(), e);
    }
  }

  /** A published table; for run-dated tables, the partition of this run's date. */
  public Dataset<Row> readPublished(String table, TableLayout layout, org.apache.spark.sql.types.StructType schema) {
    Path path = new Path(root, table);
    try {
      if (!fileSystem().exists(path)) {
        throw new IllegalStateException(
            "Table " + table + " has not been published in " + root + ": run the step that writes it first");
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + path + ": " + e.getMessage(), e);
    }
    org.apache.spark.sql.types.StructType stored =
        layout == TableLayout.BY_RUN_DATE ? schema.add(RUN_DATE, org.apache.spark.sql.types.DataTypes.DateType) : schema;
    Dataset<Row> data = spark.read().schema(stored).parquet(path.toString());
    if (layout == TableLayout.BY_RUN_DATE) {
      data = data.where(data.col(RUN_DATE).equalTo(lit(java.sql.Date.valueOf(runDate)))).drop(RUN_DATE);
    }
    return data;
  }

  /** Moves every staged table into place, then writes the manifest last as the commit marker. */
  public void commit(String manifestJson) {
    try {
      FileSystem fs = fileSystem();
      Path trash = new Path(root, "_trash/" + runId);
      for (Map.Entry<String, TableLayout> table : staged.entrySet()) {
        swap(fs, table.getKey(), table.getValue(), trash);
      }
      fs.delete(trash, true);
      deleteWithEmptyParent(fs, trash);
      deleteWithEmptyParent(fs, stagingRoot());
      writeManifest(fs, manifestJson);
    } catch (IOException e) {
      throw new IllegalStateException("Publishing to " + root + " failed: " + e.getMessage(), e);
    }
  }

  /** Removes this run's staging area after a failure; published tables are untouched. */
  public void abandon() {
    try {
      deleteWithEmptyParent(fileSystem(), stagingRoot());
    } catch (IOException e) {
      // The staging area is private to this run id; a leftover is harmless and is not published.
    }
  }

  public List<String> stagedTables() {
    return new ArrayList<>(staged.keySet());
  }

  public Path manifestPath() {
    return new Path(root, "_runs/" + runDate + "/manifest.json");
  }

  private void swap(FileSystem fs, String table, TableLayout layout, Path trash) throws IOException {
    Path stagedTable = stagingPath(table);
    Path published = new Path(root, table);
    if (layout == TableLayout.BY_RUN_DATE) {
      String partition = RUN_DATE + "=" + runDate;
      Path stagedPartition = new Path(stagedTable, partition);
      Path publishedPartition = new Path(published, partition);
      fs.mkdirs(published);
      if (!fs.exists(stagedPartition)) {
        // An empty result writes no partition folder; publish an empty partition so readers see the run.
        fs.mkdirs(stagedPartition);
        copySchemaFile(fs, stagedTable, stagedPartition);
      }
      moveAside(fs, publishedPartition, new Path(trash, table + "/" + partition));
      rename(fs, stagedPartition, publishedPartition);
    } else {
      moveAside(fs, published, new Path(trash, table));
      rename(fs, stagedTable, published);
    }
  }

  /** An empty run_date partition still needs a Parquet file with the schema for readers. */
  private static void copySchemaFile(FileSystem fs, Path stagedTable, Path stagedPartition) throws IOException {
    for (FileStatus status : fs.listStatus(stagedTable)) {
      if (status.isFile() && status.getPath().getName().endsWith(".parquet")) {
        org.apache.hadoop.fs.FileUtil.copy(fs, status.getPath(), fs, new Path(stagedPartition, status.getPath().getName()), false, fs.getConf());
      }
    }
  }

  /** Deletes a run's folder, and its parent ({@code _staging}, {@code _trash}) when no other run uses it. */
  private static void deleteWithEmptyParent(FileSystem fs, Path path) throws IOException {
    fs.delete(path, true);
    Path parent = path.getParent();
    if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
      fs.delete(parent, false);
    }
  }

  private static void moveAside(FileSystem fs, Path path, Path trash) throws IOException {
    if (fs.exists(path)) {
      fs.mkdirs(trash.getParent());
      rename(fs, path, trash);
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not rename " + from + " to " + to);
    }
  }

  private void writeManifest(FileSystem fs, String json) throws IOException {
    Path manifest = manifestPath();
    Path temporary = new Path(manifest.getParent(), "." + runId + ".manifest.json.tmp");
    fs.mkdirs(manifest.getParent());
    try (OutputStream out = fs.create(temporary, true)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(manifest, false);
    rename(fs, temporary, manifest);
  }

  /** Scratch space for Spark checkpoints, removed with the staging area. */
  public String checkpointDirectory() {
    return new Path(stagingRoot(), "_checkpoints").toString();
  }

  private Path stagingRoot() {
    return new Path(root, "_staging/" + runId);
  }

  private Path stagingPath(String table) {
    return new Path(stagingRoot(), table);
  }

  private FileSystem fileSystem() throws IOException {
    return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }
}
