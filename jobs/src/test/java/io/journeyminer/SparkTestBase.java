package io.journeyminer;

import io.journeyminer.pipeline.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One {@code local[2]} session per test class, UI off, driver on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SparkTestBase {

  protected SparkSession spark;

  @BeforeAll
  void startSpark() {
    spark = localSession(getClass().getSimpleName());
  }

  /** The tests' session: {@code local[2]}, UI off, driver on loopback, few shuffle partitions. */
  public static SparkSession localSession(String appName) {
    return SparkSessions.configure(
            SparkSession.builder()
                .master("local[2]")
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "2"))
        .getOrCreate();
  }

  @AfterAll
  void stopSpark() {
    if (spark != null) {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  /** A small DataFrame from a DDL schema and JSON lines, as Iceberg's tests build theirs. */
  protected Dataset<Row> frame(String ddl, String... jsonLines) {
    StructType schema = StructType.fromDDL(ddl);
    Dataset<String> lines = spark.createDataset(Arrays.asList(jsonLines), Encoders.STRING());
    return spark.read().schema(schema).json(lines);
  }

  protected List<Row> rows(Dataset<Row> frame) {
    return frame.collectAsList();
  }
}
