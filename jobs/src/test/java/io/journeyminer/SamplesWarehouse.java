package io.journeyminer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyminer.cli.JourneyMiner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The README's first command ({@code run --config data-samples/pipeline.yaml}) run once per test
 * JVM, on a copy of data-samples/; test classes that only read its outputs take a private copy of
 * the warehouse with {@link #copyTo}, so the slow run is paid once for all of them.
 */
public final class SamplesWarehouse {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path work;
  private static Path warehouse;
  private static String runOutput;

  private SamplesWarehouse() {}

  /** Copies the samples' published warehouse into {@code target} (created) and returns it. */
  public static synchronized Path copyTo(Path target) {
    Path published = published();
    copyTree(published, target);
    return target;
  }

  /** The config the samples ran with, in the copied samples folder. */
  public static synchronized Path config() {
    published();
    return work.resolve("data-samples/pipeline.yaml");
  }

  /** What the run printed on standard output. */
  public static synchronized String runOutput() {
    published();
    return runOutput;
  }

  private static Path published() {
    if (warehouse != null) {
      return warehouse;
    }
    try {
      work = Files.createTempDirectory("samples-warehouse");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(work)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    copyTree(TestFiles.project().resolve("data-samples"), work.resolve("data-samples"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        JourneyMiner.execute(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "run",
            "--config",
            work.resolve("data-samples/pipeline.yaml").toString());
    if (code != 0) {
      throw new IllegalStateException("The samples run failed with exit code " + code + ": " + err.toString(StandardCharsets.UTF_8));
    }
    runOutput = out.toString(StandardCharsets.UTF_8);
    // pipeline.yaml says warehouse: ../warehouse, relative to the config's folder.
    warehouse = work.resolve("warehouse");
    return warehouse;
  }

  /**
   * Adds a second run to a copied warehouse: every run_date partition of the samples' run
   * (2026-03-01) and its manifest copied under {@code date}, so run history can be queried.
   */
  public static void addEarlierRun(Path warehouse, String date) {
    // A second committed run as Delta sees one: each run-dated table's 2026-03-01 partition appended
    // again under run_date = date (one Delta commit per table), and both runs' manifests naming the
    // version after that append, so either run reads a consistent set that holds both partitions.
    SparkSession spark = SparkTestBase.localSession("SamplesWarehouse");
    try {
      Path latestManifest = warehouse.resolve("_runs/2026-03-01/manifest.json");
      ObjectNode manifest = (ObjectNode) JSON.readTree(latestManifest.toFile());
      ObjectNode tables = (ObjectNode) manifest.path("tables");
      for (var names = tables.fieldNames(); names.hasNext(); ) {
        String table = names.next();
        ObjectNode entry = (ObjectNode) tables.get(table);
        if (!"by_run_date".equals(entry.path("layout").asText())) {
          continue;
        }
        String path = warehouse.resolve(table).toUri().toString();
        Dataset<Row> latest =
            spark.read().format("delta").option("versionAsOf", entry.path("delta_version").asLong()).load(path)
                .where(col("run_date").equalTo(lit(java.sql.Date.valueOf("2026-03-01"))));
        latest.withColumn("run_date", lit(java.sql.Date.valueOf(date))).write().format("delta").mode(SaveMode.Append).save(path);
        long version = io.delta.tables.DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
        entry.put("delta_version", version);
      }
      ObjectNode earlier = manifest.deepCopy();
      ((ObjectNode) earlier.path("run")).put("run_date", date);
      Files.createDirectories(warehouse.resolve("_runs/" + date));
      JSON.writerWithDefaultPrettyPrinter().writeValue(warehouse.resolve("_runs/" + date + "/manifest.json").toFile(), earlier);
      JSON.writerWithDefaultPrettyPrinter().writeValue(latestManifest.toFile(), manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link TestFiles#copyTree} for callers that cannot throw checked exceptions. */
  public static void copyTree(Path from, Path to) {
    try {
      TestFiles.copyTree(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind at JVM exit is harmless.
    }
  }
}
