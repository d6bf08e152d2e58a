package io.journeyminer.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one place tables are written and read (SPEC 5). Every table is a path-based Delta Lake table
 * under the warehouse root; no step writes files itself.
 *
 * <p>A run first stages every table as Parquet under {@code _staging/<run id>/}, so a failure
 * before {@link #commit} publishes nothing and later steps start from written files instead of
 * recomputing plans. {@link #commit} then makes one Delta commit per table (atomic per table):
 * run-dated tables replace their {@code run_date} partition with {@code replaceWhere}, {@code
 * identity_map} is overwritten, {@code events} gets a {@code MERGE} on its key inserting only rows
 * it does not hold. Last, the run manifest is written by an atomic rename, naming each table's Delta
 * version: it is the run's commit point. A run killed between two table commits leaves the tables
 * at newer versions but the previous manifest still names the versions of one complete run, which
 * is what readers going through the manifest ({@link PublishedRun}) see.
 *
 * <p>Cost: each table's staged files are read once more and copied into its Delta table; the
 * {@code events} MERGE joins the new rows with the key column of the whole table (one shuffle).
 */
public final class Warehouse {

  public static final String RUN_DATE = "run_date";
  public static final String EVENT_DATE = "event_date";

  /**
   * Fault injection for the crash tests: with this system property set to {@code k}, {@link
   * #commit} stops after its k-th table commit (0: before the first, the table count: before the
   * manifest), says so on standard error and waits to be killed.
   */
  public static final String PAUSE_AFTER_TABLES = "journeyminer.publish.pause_after_tables";

  private static final String DELTA = "delta";

  private final SparkSession spark;
  private final Path root;
  private final String runId;
  private final LocalDate runDate;
  private final Map<String, Staged> staged = new LinkedHashMap<>();

  private record Staged(TableLayout layout, StructType schema, String mergeKey) {}

  /**
   * What {@link #stageMerge} staged: the table as it reads after the commit, the new rows, and the
   * incoming rows whose key an earlier run already published (duplicates across nights).
   */
  public record Merged(Dataset<Row> table, Dataset<Row> inserted, Dataset<Row> seenEarlier) {}

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

  /** Takes the warehouse's run lock for this run (see {@link RunLock}). */
  public RunLock lock() {
    return RunLock.acquire(root.toUri(), runId);
  }

  /**
   * Writes a run-dated or latest-only table to this run's staging area and returns it read back from
   * there, so later steps start from the written files instead of recomputing the plan.
   */
  public Dataset<Row> stage(String table, TableLayout layout, Dataset<Row> data) {
    if (layout == TableLayout.BY_EVENT_DATE) {
      throw new IllegalArgumentException("Table " + table + " is merged on its key: stage it with stageMerge");
    }
    Dataset<Row> toWrite = layout == TableLayout.BY_RUN_DATE ? data.withColumn(RUN_DATE, lit(java.sql.Date.valueOf(runDate))) : data;
    Dataset<Row> written = writeStaged(table, new Staged(layout, toWrite.schema(), null), toWrite);
    return layout == TableLayout.BY_RUN_DATE ? written.drop(RUN_DATE) : written;
  }

  /**
   * Stages the rows of an event-dated table that is merged on {@code key}. A row whose key the table
   * already held at the newest earlier committed run is left out: it was seen on an earlier night
   * and is a duplicate. Rows a crashed attempt of this same run date inserted count as new again, so
   * a rerun reports what an uninterrupted run would. Costs one join of the rows with the table's key
   * column.
   */
  public Merged stageMerge(String table, String key, Dataset<Row> data) {
    Optional<Long> earlierVersion = manifests().earlierWith(table, runDate).flatMap(run -> run.version(table));
    Dataset<Row> earlier = earlierVersion.map(version -> version(table, version).select(columns(data.schema()))).orElse(null);
    Dataset<Row> fresh = data;
    Dataset<Row> seenEarlier = data.limit(0);
    if (earlier != null) {
      Dataset<Row> earlierKeys = earlier.select(col(key).as("__earlier_key"));
      Column sameKey = data.col(key).equalTo(earlierKeys.col("__earlier_key"));
      fresh = data.join(earlierKeys, sameKey, "left_anti");
      seenEarlier = data.join(earlierKeys, sameKey, "left_semi");
    }
    Dataset<Row> inserted = writeStaged(table, new Staged(TableLayout.BY_EVENT_DATE, data.schema(), key), fresh);
    return new Merged(earlier == null ? inserted : earlier.unionByName(inserted), inserted, seenEarlier);
  }

  private Dataset<Row> writeStaged(String table, Staged staging, Dataset<Row> data) {
    Path target = stagingPath(table);
    data.write().mode(SaveMode.Overwrite).parquet(target.toString());
    staged.put(table, staging);
    // Read back with the written schema: an empty table has no Parquet file to infer it from.
    return spark.read().schema(staging.schema()).parquet(target.toString());
  }

  /** True when a committed run of this run date or an earlier one published {@code table}. */
  public boolean isPublished(String table) {
    return manifests().latestWith(table, runDate).isPresent();
  }

  /**
   * A table as the committed run of this run date (or the newest earlier one that published it)
   * names it; for run-dated tables, that run's partition.
   */
  public Dataset<Row> readPublished(String table, TableLayout layout, StructType schema) {
    RunManifests.Committed run =
        manifests()
            .latestWith(table, runDate)
            .orElseThrow(() -> new IllegalStateException(
                "Table " + table + " has not been published in " + root + " for " + runDate + " or earlier: run the step that writes it first"));
    Dataset<Row> data = version(table, run.version(table).orElseThrow());
    if (layout == TableLayout.BY_RUN_DATE) {
      data = data.where(col(RUN_DATE).equalTo(lit(java.sql.Date.valueOf(runDate))));
    }
    return data.select(columns(schema));
  }

  /**
   * The run history: the {@code run_date}s before this run's whose committed manifest names a
   * version of {@code table}, latest first, at most {@code count}. A run that crashed wrote no
   * manifest and so never appears.
   */
  public List<LocalDate> earlierRuns(String table, int count) {
    return manifests().all().stream()
        .filter(run -> run.runDate().isBefore(runDate) && run.version(table).isPresent())
        .map(RunManifests.Committed::runDate)
        .sorted(Comparator.reverseOrder())
        .limit(count)
        .toList();
  }

  /**
   * The {@code run_date} partitions {@code dates} of a published run-dated table, each read at the
   * Delta version its own run's manifest names (what that run published, even if a later run of the
   * same date is in progress), with the {@code run_date} column kept so runs can be told apart;
   * empty when no date is given.
   */
  public Dataset<Row> readRuns(String table, StructType schema, List<LocalDate> dates) {
    StructType withRunDate = schema.add(RUN_DATE, DataTypes.DateType);
    Dataset<Row> result = spark.createDataFrame(List.of(), withRunDate);
    RunManifests runs = manifests();
    for (LocalDate date : dates) {
      RunManifests.Committed run =
          runs.of(date)
              .orElseThrow(() -> new IllegalStateException("No committed run of " + date + " in " + root + " to read " + table + " from"));
      long tableVersion =
          run.version(table)
              .orElseThrow(() -> new IllegalStateException("The run of " + date + " published no " + table + " in " + root));
      Dataset<Row> partition = version(table, tableVersion).where(col(RUN_DATE).equalTo(lit(java.sql.Date.valueOf(date))));
      // A run of an older release may lack columns added since: they read as null.
      List<String> present = List.of(partition.columns());
      Column[] columns =
          java.util.Arrays.stream(withRunDate.fields())
              .map(field -> present.contains(field.name()) ? col(field.name()) : lit(null).cast(field.dataType()).as(field.name()))
              .toArray(Column[]::new);
      result = result.unionByName(partition.select(columns));
    }
    return result;
  }

  /** The committed runs of this warehouse. */
  public RunManifests manifests() {
    return RunManifests.read(root.toUri(), spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Commits every staged table to its Delta table, adds each table's Delta version to the
   * manifest's {@code tables} section, then writes the manifest last, atomically, as the run's
   * commit point.
   */
  public void commit(Manifest manifest) {
    ObjectNode tables = manifest.section("tables");
    int committed = 0;
    pauseIfAsked(committed, "none");
    for (Map.Entry<String, Staged> table : staged.entrySet()) {
      long version = publish(table.getKey(), table.getValue());
      ObjectNode entry = tables.has(table.getKey()) ? (ObjectNode) tables.get(table.getKey()) : tables.putObject(table.getKey());
      entry.put("path", tablePath(table.getKey()).toString());
      entry.put("format", DELTA);
      entry.put("delta_version", version);
      entry.put("layout", table.getValue().layout().name().toLowerCase(Locale.ROOT));
      committed++;
      pauseIfAsked(committed, table.getKey());
    }
    manifest.section("run").put("committed_at", Instant.now().toString());
    try {
      writeManifest(manifest.toJson());
      deleteWithEmptyParent(fileSystem(), stagingRoot());
    } catch (IOException e) {
      throw new PublishException("Publishing the manifest " + manifestPath() + " failed: " + e.getMessage(), e);
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
    return new Path(root, RunManifests.RUNS + "/" + runDate + "/" + RunManifests.MANIFEST);
  }

  /** Scratch space for Spark checkpoints, removed with the staging area. */
  public String checkpointDirectory() {
    return new Path(stagingRoot(), "_checkpoints").toString();
  }

  /** One Delta commit for one table; returns the table's version after it. */
  private long publish(String table, Staged staging) {
    String path = tablePath(table).toString();
    Dataset<Row> data = spark.read().schema(staging.schema()).parquet(stagingPath(table).toString());
    boolean exists = isDeltaTable(table);
    try {
      switch (staging.layout()) {
        case BY_RUN_DATE ->
            data.write()
                .format(DELTA)
                .mode(SaveMode.Overwrite)
                .option("replaceWhere", RUN_DATE + " = DATE'" + runDate + "'")
                // Columns added by a newer release join the table; older partitions read them as null.
                .option("mergeSchema", "true")
                .partitionBy(RUN_DATE)
                .save(path);
        case LATEST_ONLY -> data.write().format(DELTA).mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path);
        case BY_EVENT_DATE -> {
          if (exists) {
            String key = staging.mergeKey();
            DeltaTable.forPath(spark, path)
                .as("published")
                .merge(data.as("incoming"), col("published." + key).equalTo(col("incoming." + key)))
                .whenNotMatched()
                .insertAll()
                .execute();
          } else {
            data.write().format(DELTA).mode(SaveMode.ErrorIfExists).partitionBy(EVENT_DATE).save(path);
          }
        }
      }
    } catch (DeltaConcurrentModificationException e) {
      throw new PublishException(
          "another writer committed to " + path + " while this run was publishing (" + e.getClass().getSimpleName()
              + "); the previous run's manifest still names a consistent set of tables, rerun when the other writer has finished",
          e);
    }
    return latestVersion(path);
  }

  private boolean isDeltaTable(String table) {
    Path path = tablePath(table);
    try {
      if (!fileSystem().exists(path)) {
        return false;
      }
    } catch (IOException e) {
      throw new PublishException("Cannot read " + path + ": " + e.getMessage(), e);
    }
    if (!DeltaTable.isDeltaTable(spark, path.toString())) {
      throw new PublishException(
          path + " exists but is not a Delta table (a warehouse written before journey-miner published Delta Lake?): move it aside and run again");
    }
    return true;
  }

  private long latestVersion(String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
  }

  private Dataset<Row> version(String table, long version) {
    return spark.read().format(DELTA).option("versionAsOf", version).load(tablePath(table).toString());
  }

  private static Column[] columns(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  private void pauseIfAsked(int committed, String lastTable) {
    String pauseAfter = System.getProperty(PAUSE_AFTER_TABLES);
    if (pauseAfter == null || Integer.parseInt(pauseAfter) != committed) {
      return;
    }
    System.err.println("journey-miner: paused after publishing " + committed + " of " + staged.size() + " tables (last: " + lastTable + ")");
    System.err.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException("interrupted while paused after " + committed + " tables", e);
      }
    }
  }

  /** Writes the manifest beside its final place, then renames it over the old one in one step. */
  private void writeManifest(String json) throws IOException {
    Path manifest = manifestPath();
    Path temporary = new Path(manifest.getParent(), "." + runId + ".manifest.json.tmp");
    if ("file".equals(root.toUri().getScheme())) {
      java.nio.file.Path target = java.nio.file.Path.of(manifest.toUri());
      java.nio.file.Path written = java.nio.file.Path.of(temporary.toUri());
      Files.createDirectories(target.getParent());
      Files.writeString(written, json, StandardCharsets.UTF_8);
      Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    FileSystem fs = fileSystem();
    fs.mkdirs(manifest.getParent());
    try (OutputStream out = fs.create(temporary, true)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    FileContext.getFileContext(root.toUri(), spark.sparkContext().hadoopConfiguration()).rename(temporary, manifest, Options.Rename.OVERWRITE);
  }

  /** Deletes a run's folder, and its parent ({@code _staging}) when no other run uses it. */
  private static void deleteWithEmptyParent(FileSystem fs, Path path) throws IOException {
    fs.delete(path, true);
    Path parent = path.getParent();
    if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
      fs.delete(parent, false);
    }
  }

  private Path stagingRoot() {
    return new Path(root, "_staging/" + runId);
  }

  private Path stagingPath(String table) {
    return new Path(stagingRoot(), table);
  }

  Path tablePath(String table) {
    return new Path(root, table);
  }

  private FileSystem fileSystem() throws IOException {
    return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }
}
