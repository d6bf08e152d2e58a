package io.journeyminer.ingest.formats;

import static io.journeyminer.ingest.formats.Sources.source;
import static io.journeyminer.ingest.formats.Sources.write;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.SourceFormat;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestParquetReader extends SparkTestBase {

  @TempDir Path folder;

  @Test
  void roundTripKeepsColumnsAndGivesPositionsAndJsonText() throws Exception {
    frame(
            "order_id STRING, amount DOUBLE, customer STRUCT<loyalty_id: STRING>",
            "{\"order_id\":\"o1\",\"amount\":10.5,\"customer\":{\"loyalty_id\":\"L1\"}}",
            "{\"order_id\":\"o2\",\"amount\":null,\"customer\":{\"loyalty_id\":\"L2\"}}",
            "{\"order_id\":\"o3\",\"amount\":7.0,\"customer\":null}")
        .coalesce(1)
        .write()
        .parquet(folder.resolve("pos/day=1").toString());
    frame("order_id STRING, store STRING", "{\"order_id\":\"o4\",\"store\":\"S9\"}")
        .coalesce(1)
        .write()
        .parquet(folder.resolve("pos/day=2, late [v2]").toString());
    write(folder.resolve("other/x.csv"), "a\n1\n");

    Dataset<Row> records =
        FormatReaders.forFormat(SourceFormat.PARQUET)
            .read(spark, source("pos", SourceFormat.PARQUET), folder + "/pos/day=*")
            .orderBy(col("order_id"));
    List<Row> rows = rows(records);

    assertThat(records.columns())
        .containsExactlyInAnyOrder(
            "order_id", "amount", "customer", "store",
            "_file", "_record_number", "_raw", "_malformed");
    assertThat(rows).hasSize(4);
    assertThat(rows).extracting(row -> row.<Long>getAs("_record_number"))
        .containsExactly(1L, 2L, 3L, 1L);
    assertThat(rows.get(0).<String>getAs("_raw"))
        .isEqualTo("{\"order_id\":\"o1\",\"amount\":10.5,\"customer\":{\"loyalty_id\":\"L1\"}}");
    assertThat(rows.get(3).<String>getAs("store")).isEqualTo("S9");
    assertThat(rows.get(3).<String>getAs("_file"))
        .as("the same URI form as the files the other readers stream")
        .startsWith("file:" + folder.resolve("pos/day=2,%20late%20%5Bv2%5D/part-"));
    assertThat(rows).extracting(row -> row.getAs("_malformed")).containsOnlyNulls();
  }
}
