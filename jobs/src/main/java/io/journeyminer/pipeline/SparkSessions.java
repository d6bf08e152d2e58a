package io.journeyminer.pipeline;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Builds the session a run uses: embedded local Spark by default, any master when given. */
public final class SparkSessions {

  private SparkSessions() {}

  /** The jar spark-submit takes, built beside the plain jar by {@code mvn package}. */
  static final String SUBMIT_JAR = "journey-miner-spark-submit.jar";

  /**
   * A session for a run. With no master the job runs embedded on all local cores; under
   * spark-submit the master already set by the launcher is kept. A cluster master given here
   * ({@code journey-miner run --master spark://...}) gets this jar shipped to its executors, which have
   * Spark but not our classes.
   */
  public static SparkSession forRun(Optional<String> master, String appName) {
    return configure(local(master, appName).config("spark.ui.showConsoleProgress", "true")).getOrCreate();
  }

  /**
   * A session for commands that print results ({@code sql}, {@code report}): like a run's, without
   * the console progress bar, whose carriage returns would mix into the printed result.
   */
  public static SparkSession forQueries(Optional<String> master, String appName) {
    return configure(local(master, appName).config("spark.ui.showConsoleProgress", "false"))
        // JSON lines keep null fields, so every row of a result has every column.
        .config("spark.sql.jsonGenerator.ignoreNullFields", "false")
        .getOrCreate();
  }

  private static SparkSession.Builder local(Optional<String> master, String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    boolean launcherSetMaster = System.getProperty("spark.master") != null;
    if (master.isPresent()) {
      builder.master(master.get());
      if (!master.get().startsWith("local") && System.getProperty("spark.jars") == null) {
        applicationJar().ifPresent(jar -> builder.config("spark.jars", jar.toUri().toString()));
      }
    } else if (!launcherSetMaster) {
      builder.master("local[*]").config("spark.ui.enabled", "false");
    }
    return builder;
  }

  /**
   * The jar this class was loaded from, or the spark-submit jar beside it when there is one (it
   * also holds the few libraries a Spark installation lacks). Empty when run from class folders.
   */
  static Optional<Path> applicationJar() {
    CodeSource source = SparkSessions.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return Optional.empty();
    }
    try {
      Path location = Path.of(source.getLocation().toURI()).toAbsolutePath();
      if (!Files.isRegularFile(location)) {
        return Optional.empty();
      }
      Path submitJar = location.resolveSibling(SUBMIT_JAR);
      return Optional.of(Files.isRegularFile(submitJar) ? submitJar : location);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Settings every journey-miner session shares, tests included. */
  public static SparkSession.Builder configure(SparkSession.Builder builder) {
    return builder
        // All timestamps are UTC end to end; declared source zones are applied while parsing.
        .config("spark.sql.session.timeZone", "UTC")
        // Tables are path-based Delta Lake tables (SPEC 5); the extension and catalog give MERGE,
        // VACUUM and delta.`path` in SQL. Set here, they travel with the session to a cluster too.
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // Retention is journey-miner's own (default 30 days, never below what a kept manifest needs),
        // so VACUUM may be asked for less than Delta's 7-day safety default.
        .config("spark.databricks.delta.retentionDurationCheck.enabled", "false")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.adaptive.enabled", "true")
        // Lets adaptive execution coalesce the shuffle under a persisted plan (the journeys are
        // persisted after their one shuffle by customer): without it every later stage that reads
        // them runs spark.sql.shuffle.partitions tasks, mostly empty on small inputs (the samples'
        // journeys and analyze steps took 47 s and 64 s with 200 tasks a stage, 14 s and 26 s without).
        .config("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true")
        .config("spark.cleaner.referenceTracking.cleanCheckpoints", "true");
  }
}
