package io.journeyminer.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One committed run, read through its manifest: every table at the Delta version the manifest
 * names ({@code versionAsOf}), so the tables are one consistent run even while the next run is
 * writing newer versions, and any earlier run stays readable by Delta time travel. This is how the
 * {@code sql} command, notebooks, reports and tests read the warehouse.
 */
public final class PublishedRun {

  private final SparkSession spark;
  private final URI root;
  private final RunManifests.Committed run;

  private PublishedRun(SparkSession spark, URI root, RunManifests.Committed run) {
    this.spark = spark;
    this.root = root;
    this.run = run;
  }

  /** The run with the latest run date. */
  public static PublishedRun latest(SparkSession spark, URI warehouse) {
    return new PublishedRun(
        spark,
        warehouse,
        RunManifests.read(warehouse, spark.sparkContext().hadoopConfiguration())
            .latest()
            .orElseThrow(() -> new PublishException("no committed run in " + warehouse + ": it has no " + RunManifests.RUNS + "/<run_date>/" + RunManifests.MANIFEST)));
  }

  /** The committed run of {@code runDate}. */
  public static PublishedRun of(SparkSession spark, URI warehouse, LocalDate runDate) {
    return new PublishedRun(
        spark,
        warehouse,
        RunManifests.read(warehouse, spark.sparkContext().hadoopConfiguration())
            .of(runDate)
            .orElseThrow(() -> new PublishException("no committed run of " + runDate + " in " + warehouse)));
  }

  public LocalDate runDate() {
    return run.runDate();
  }

  public JsonNode manifest() {
    return run.manifest();
  }

  /** The tables the manifest names, in its order. */
  public List<String> tables() {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = run.manifest().path("tables").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (run.version(name).isPresent()) {
        names.add(name);
      }
    }
    return names;
  }

  public long version(String table) {
    return run.version(table).orElseThrow(() -> new PublishException("the run of " + run.runDate() + " did not publish " + table));
  }

  /** The whole table at this run's version: run-dated tables keep every run's partition then present. */
  public Dataset<Row> table(String table) {
    return spark.read().format("delta").option("versionAsOf", version(table)).load(new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(root), table).toString());
  }

  /** What this run published: for run-dated tables only its {@code run_date} partition (without the column). */
  public Dataset<Row> ofRun(String table) {
    Dataset<Row> data = table(table);
    if (TableLayout.BY_RUN_DATE.name().equalsIgnoreCase(run.manifest().path("tables").path(table).path("layout").asText())) {
      data = data.where(col(Warehouse.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(run.runDate())))).drop(Warehouse.RUN_DATE);
    }
    return data;
  }
}
