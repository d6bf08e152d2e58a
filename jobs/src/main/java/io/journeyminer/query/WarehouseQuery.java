package io.journeyminer.query;

import io.journeyminer.publish.PublishedRuns;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * SQL over one run of a warehouse (SPEC 7): every table a temporary view of that run, run-dated
 * tables also as {@code <table>_all_runs}. A script's statements run in order and the last one's
 * result is returned, so a script can set options and create views before its query.
 */
public final class WarehouseQuery {

  private final SparkSession spark;
  private final LocalDate runDate;
  private final List<String> views;

  public WarehouseQuery(SparkSession spark, PublishedRuns runs, LocalDate runDate) {
    this.spark = spark;
    this.runDate = runDate;
    this.views = runs.registerViews(runDate);
  }

  public LocalDate runDate() {
    return runDate;
  }

  public List<String> views() {
    return views;
  }

  /** Runs each statement of the script; the result of the last one. */
  public Dataset<Row> run(String script) {
    List<String> statements = SqlScript.statements(script);
    if (statements.isEmpty()) {
      throw new IllegalArgumentException("The query is empty: give a SELECT statement or --file with one");
    }
    Dataset<Row> result = null;
    for (String statement : statements) {
      result = spark.sql(statement);
    }
    return result;
  }
}
