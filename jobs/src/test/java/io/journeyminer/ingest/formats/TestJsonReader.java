package io.journeyminer.ingest.formats;

import static io.journeyminer.ingest.formats.Sources.gzip;
import static io.journeyminer.ingest.formats.Sources.source;
import static io.journeyminer.ingest.formats.Sources.write;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.config.SourceFormat;
import io.journeyminer.ingest.IngestException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestJsonReader extends SparkTestBase {

  @TempDir Path folder;

  private Dataset<Row> read(SourceConfig source, String glob) {
    return FormatReaders.forFormat(SourceFormat.JSON)
        .read(spark, source, glob)
        .orderBy(col("_file"), col("_record_number"));
  }

  @Test
  void nestedEventsWithABrokenLineAndBlankLines() throws Exception {
    String broken = "{\"event\":\"broken\", \"user\": ";
    gzip(
        folder.resolve("segment/2024-03-01.ndjson.gz"),
        "{\"event\":\"page_view\",\"user\":{\"id\":\"u1\",\"traits\":{\"email\":\"a@example.com\"}},"
            + "\"params\":[{\"key\":\"page\",\"value\":\"/home\"},{\"key\":\"ms\",\"value\":\"12\"}]}\n"
            + "\n"
            + "{\"event\":\"purchase\",\"user\":{\"id\":\"u2\"},\"revenue\":12.5,\"params\":[]}\r\n"
            + broken + "\n"
            + "   \n"
            + "{\"event\":\"signup\",\"user\":{\"id\":\"u3\"}}\n");

    Dataset<Row> records =
        read(source("web", SourceFormat.JSON), folder + "/segment/*.ndjson.gz");
    List<Row> rows =
        rows(
            records.select(
                col("event"),
                col("user.id"),
                col("user.traits.email"),
                get(col("params"), lit(1)).getField("value"),
                col("revenue"),
                col("_record_number"),
                col("_raw"),
                col("_malformed")));

    assertThat(records.schema().apply("revenue").dataType().typeName()).isEqualTo("double");
    assertThat(rows).hasSize(4);
    assertThat(rows).extracting(row -> row.getLong(5)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(rows.get(0).getString(1)).isEqualTo("u1");
    assertThat(rows.get(0).getString(2)).isEqualTo("a@example.com");
    assertThat(rows.get(0).getString(3)).isEqualTo("12");
    assertThat(rows.get(1).getDouble(4)).isEqualTo(12.5);
    assertThat(rows.get(2).getString(6)).isEqualTo(broken);
    assertThat(rows.get(2).getString(7)).startsWith("invalid JSON: ");
    assertThat(rows.get(2).get(0)).as("parsed columns of a malformed line").isNull();
    assertThat(rows.get(3).getString(0)).isEqualTo("signup");
    assertThat(rows.get(3).get(7)).isNull();
  }

  @Test
  void aDeclaredSchemaIsUsedAndAValueOfTheWrongTypeIsMalformed() throws Exception {
    write(
        folder.resolve("orders.ndjson"),
        "{\"order\":\"o1\",\"total\":10.5,\"ignored\":true}\n"
            + "{\"order\":\"o2\",\"total\":\"ten\"}\n"
            + "[1,2]\n");
    SourceConfig orders =
        source("orders", SourceFormat.JSON, Map.of("schema", "order STRING, total DOUBLE"));

    Dataset<Row> records = read(orders, folder + "/orders.ndjson");
    List<Row> rows = rows(records);

    assertThat(records.columns())
        .containsExactly("order", "total", "_file", "_record_number", "_raw", "_malformed");
    assertThat(rows).extracting(row -> row.get(5))
        .containsExactly(null, "JSON does not match the schema", "invalid JSON: not an object");
    assertThat(rows.get(0).getDouble(1)).isEqualTo(10.5);
    assertThat(rows.get(1).get(0)).isNull();
  }

  @Test
  void anInvalidSchemaOptionNamesTheSource() throws Exception {
    write(folder.resolve("a.ndjson"), "{}\n");
    SourceConfig bad = source("app", SourceFormat.JSON, Map.of("schema", "order STRUNG"));

    assertThatThrownBy(() -> read(bad, folder + "/a.ndjson"))
        .isInstanceOf(IngestException.class)
        .hasMessageStartingWith("source app: option schema is not a valid DDL schema");
  }
}
