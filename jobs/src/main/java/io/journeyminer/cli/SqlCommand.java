package io.journeyminer.cli;

import io.journeyminer.pipeline.SparkSessions;
import io.journeyminer.publish.PublishedRuns;
import io.journeyminer.query.ResultFormat;
import io.journeyminer.query.ResultPrinter;
import io.journeyminer.query.WarehouseQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journey-miner sql} (SPEC 7): Spark SQL over a published warehouse, every table a view of
 * one run. A query that does not parse or names what does not exist is a usage error: one line on
 * standard error and exit code 2.
 */
@Command(
    name = "sql",
    description = {
      "Query the published tables with Spark SQL. Every table is a view of one run (the latest by default);",
      "run-dated tables are also <table>_all_runs with every run."
    })
final class SqlCommand implements Callable<Integer> {

  @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "The warehouse folder (the config's warehouse).")
  String warehouse;

  @Option(names = "--run-date", paramLabel = "DATE", description = "The run to query (its run_date). Default: the latest published run.")
  String runDate;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (aligned table), csv or json (JSON lines). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--file", paramLabel = "FILE", description = "Run a SQL script; statements end with ';' and the last one's result is printed.")
  Path file;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Print at most N rows. Default: " + ResultPrinter.TEXT_DEFAULT_LIMIT + " for text, all for csv and json.")
  Integer limit;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master URL. Default: embedded local Spark.")
  String master;

  @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The SQL to run (or --file).")
  String query;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String script;
    ResultFormat resultFormat;
    try {
      script = script();
      resultFormat = resultFormat();
      if (limit != null && limit < 0) {
        throw new IllegalArgumentException("--limit: expected a number of rows >= 0, found " + limit);
      }
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    SparkSession spark = SparkSessions.forQueries(Optional.ofNullable(master), "journey-miner sql");
    try {
      PublishedRuns runs = PublishedRuns.open(spark, Path.of(warehouse).toAbsolutePath().toUri());
      LocalDate date = runDate == null ? runs.latest() : runs.runDate(runDate);
      WarehouseQuery warehouseQuery = new WarehouseQuery(spark, runs, date);
      Dataset<Row> result = warehouseQuery.run(script);
      new ResultPrinter(spec.commandLine().getOut())
          .print(result, resultFormat, limit == null ? OptionalInt.empty() : OptionalInt.of(limit));
      return 0;
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    } catch (RuntimeException e) {
      Optional<String> reason = queryError(e);
      if (reason.isPresent()) {
        return usage(err, "bad query: " + reason.get());
      }
      throw e;
    } catch (Exception e) {
      // Spark's AnalysisException (the query does not parse or names what does not exist) is checked in Java.
      return usage(err, "bad query: " + queryError(e).orElse(firstLine(e.getMessage())));
    } finally {
      spark.stop();
    }
  }

  private String script() {
    if (file != null && query != null) {
      throw new IllegalArgumentException("give a QUERY or --file, not both");
    }
    if (file == null && query == null) {
      throw new IllegalArgumentException("give a QUERY (\"SELECT ...\") or --file q.sql");
    }
    if (file == null) {
      return query;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("--file: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private ResultFormat resultFormat() {
    return switch (format.toLowerCase(java.util.Locale.ROOT)) {
      case "text" -> ResultFormat.TEXT;
      case "csv" -> ResultFormat.CSV;
      case "json" -> ResultFormat.JSON;
      default -> throw new IllegalArgumentException("--format: expected text, csv or json, found \"" + format + "\"");
    };
  }

  /** The first line of the error a query caused, when Spark blames the query rather than itself. */
  private static Optional<String> queryError(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SparkThrowable spark && spark.getCondition() != null && !spark.isInternalError()) {
        return Optional.of(firstLine(cause.getMessage()));
      }
    }
    return Optional.empty();
  }

  private static String firstLine(String message) {
    String text = message == null ? "" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip();
  }

  private static int usage(PrintWriter err, String message) {
    err.println("journey-miner sql: " + message);
    err.flush();
    return JourneyMiner.USAGE;
  }
}
