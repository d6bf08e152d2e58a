package io.journeyminer.generate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeyminer.SparkTestBase;
import io.journeyminer.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Spark's own readers see the samples as the README describes them: as many records as
 * {@code defects.json} says were written, and the malformed ones flagged as corrupt.
 */
class TestSampleExportsReadBySpark extends SparkTestBase {

  private final Path samples = TestFiles.project().resolve("data-samples");

  @Test
  void activitiesWithQuotedLineBreaksParseIntoTheWrittenRecords() throws IOException {
    Dataset<Row> rows = csv("crm/activities.csv", ",", ActivitiesWriter.HEADER.size(), ActivitiesWriter.HEADER);
    JsonNode counts = GroundTruthFiles.defects(samples).get("crm_activities");
    assertThat(rows.count()).isEqualTo(counts.get("read").asLong());
    assertThat(rows.filter(col("_corrupt_record").isNotNull()).count()).isEqualTo(counts.get("malformed_record").asLong());
    assertThat(rows.filter(col("notes").contains("\n")).count()).isPositive();
  }

  @Test
  void semicolonCrlfPosExportParsesIntoTheWrittenRecords() throws IOException {
    Dataset<Row> rows = csv("store/pos_transactions.csv", ";", PosWriter.HEADER.size(), PosWriter.HEADER);
    JsonNode counts = GroundTruthFiles.defects(samples).get("pos_transactions");
    assertThat(rows.count()).isEqualTo(counts.get("read").asLong());
    assertThat(rows.filter(col("_corrupt_record").isNotNull()).count()).isEqualTo(counts.get("malformed_record").asLong());
    assertThat(rows.filter(col("payment_method").endsWith("\r")).count()).isZero();
  }

  @Test
  void gzippedWebEventsParseWithTruncatedLinesFlagged() throws IOException {
    Dataset<Row> events =
        spark.read()
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", "_corrupt_record")
            .json(samples.resolve("web").toString() + "/events-*.ndjson.gz")
            .cache();
    JsonNode counts = GroundTruthFiles.defects(samples).get("web_events");
    assertThat(events.count()).isEqualTo(counts.get("read").asLong());
    assertThat(events.filter(col("_corrupt_record").isNotNull()).count()).isEqualTo(counts.get("malformed_record").asLong());
    assertThat(events.filter(col("context.traits.email").isNotNull()).count()).isPositive();
    events.unpersist();
  }

  private Dataset<Row> csv(String file, String delimiter, int width, java.util.List<String> header) {
    StructType schema = new StructType();
    for (String column : header) {
      schema = schema.add(column, DataTypes.StringType);
    }
    schema = schema.add("_corrupt_record", DataTypes.StringType);
    assertThat(schema.size()).isEqualTo(width + 1);
    return spark.read()
        .schema(schema)
        .option("header", "true")
        .option("multiLine", "true")
        .option("escape", "\"")
        .option("delimiter", delimiter)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", "_corrupt_record")
        .csv(samples.resolve(file).toString())
        .cache();
  }
}
