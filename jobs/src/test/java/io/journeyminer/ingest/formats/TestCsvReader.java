package io.journeyminer.ingest.formats;

import static io.journeyminer.ingest.formats.Sources.gzip;
import static io.journeyminer.ingest.formats.Sources.source;
import static io.journeyminer.ingest.formats.Sources.write;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.config.SourceFormat;
import io.journeyminer.ingest.IngestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCsvReader extends SparkTestBase {

  private static final SourceConfig CRM = source("crm", SourceFormat.CSV);

  @TempDir Path folder;

  private Dataset<Row> read(SourceConfig source, String glob) {
    return FormatReaders.forFormat(SourceFormat.CSV)
        .read(spark, source, glob)
        .orderBy(col("_file"), col("_record_number"));
  }

  @Test
  void quotedNewlinesCrlfAndByteOrderMark() throws Exception {
    write(
        folder.resolve("activities.csv"),
        "\uFEFFid,name,note\r\n"
            + "1,Ann,\"hello, world\"\r\n"
            + "2,Bob,\"line one\r\nline two \"\"quoted\"\"\"\r\n"
            + "3,Cy,\r\n"
            + "\r\n"
            + "4,Di,\"\"\r\n"
            + "5,Ed,last line without break");

    Dataset<Row> records = read(CRM, folder + "/*.csv");
    List<Row> rows = rows(records);

    assertThat(records.columns())
        .containsExactly("id", "name", "note", "_file", "_record_number", "_raw", "_malformed");
    assertThat(rows).hasSize(5);
    assertThat(rows).extracting(row -> row.getLong(4)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(rows).extracting(row -> row.get(6)).containsOnlyNulls();
    assertThat(rows.get(0).getString(2)).isEqualTo("hello, world");
    assertThat(rows.get(1).getString(2)).isEqualTo("line one\r\nline two \"quoted\"");
    assertThat(rows.get(1).getString(5)).isEqualTo("2,Bob,\"line one\r\nline two \"\"quoted\"\"\"");
    assertThat(rows.get(2).get(2)).as("unquoted empty field").isNull();
    assertThat(rows.get(3).getString(2)).as("quoted empty field").isEmpty();
    assertThat(rows.get(4).getString(2)).isEqualTo("last line without break");
    assertThat(rows.get(0).getString(3)).isEqualTo("file:" + folder.resolve("activities.csv"));
  }

  @Test
  void malformedRecordsInGzipKeepLaterRecordNumbers() throws Exception {
    gzip(
        folder.resolve("leads.csv.gz"),
        "id,name,amount\n"
            + "1,Ann,10\n"
            + "2,Bob\n"
            + "3,Cy,30\n"
            + "4,\"Di\"x,40\n"
            + "5,\"Ed, \"\"the\"\" one\",50\n"
            + "6,\"Fy,60\n"
            + "7,Gus,70\n");

    List<Row> rows = rows(read(CRM, folder + "/leads.csv.gz"));

    assertThat(rows).hasSize(6);
    assertThat(rows).extracting(row -> row.getLong(4)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(rows).extracting(row -> row.getString(6))
        .containsExactly(
            null,
            "expected 3 fields, found 2",
            null,
            "unexpected character after closing quote",
            null,
            "unterminated quoted field");
    assertThat(rows.get(1).getString(5)).isEqualTo("2,Bob");
    assertThat(rows.get(1).get(0)).as("parsed columns of a malformed record").isNull();
    assertThat(rows.get(2).getString(2)).isEqualTo("30");
    assertThat(rows.get(4).getString(1)).isEqualTo("Ed, \"the\" one");
    assertThat(rows.get(5).getString(5)).isEqualTo("6,\"Fy,60\n7,Gus,70\n");
  }

  @Test
  void anOverlongRecordIsTooLargeButKeepsMemoryBoundedAndTheNextRecordIsRead() throws Exception {
    String huge = "x".repeat(2 * 1024 * 1024);
    write(folder.resolve("notes.csv"), "id,note,tail\n1,\"" + huge + "\",z\n2,short,y\n");

    List<Row> rows =
        rows(
            read(CRM, folder + "/notes.csv")
                .select(col("_record_number"), length(col("_raw")), col("_malformed"), col("tail")));

    assertThat(rows)
        .extracting(Row::toString)
        .containsExactly(
            "[1,1027,record_too_large: 2,097,158 bytes, over ingest.max_record_bytes 1,048,576,null]",
            "[2,9,null,y]");
  }

  @Test
  void columnsAreMatchedByHeaderNameInEachFileOfPartitionFolders() throws Exception {
    write(folder.resolve("crm/day=1/export.csv"), "id,name\n1,Ann\n2,Bob\n");
    write(folder.resolve("crm/day=2/export, final [v2].csv"), "Email,NAME,id\nc@example.com,Cy,3\n");
    write(folder.resolve("crm/day=2/_SUCCESS"), "not data\n");

    Dataset<Row> records = read(CRM, folder + "/crm/day=*");
    List<Row> rows = rows(records.select("id", "name", "email", "_record_number"));

    assertThat(records.columns()).startsWith("id", "name", "Email");
    assertThat(rows)
        .extracting(Row::toString)
        .containsExactly("[1,Ann,null,1]", "[2,Bob,null,2]", "[3,Cy,c@example.com,1]");
    assertThat(rows(records.select("_file").distinct().orderBy("_file")))
        .extracting(row -> row.getString(0))
        .containsExactly(
            "file:" + folder.resolve("crm/day=1/export.csv"),
            "file:" + folder.resolve("crm/day=2/export,%20final%20%5Bv2%5D.csv"));
  }

  @Test
  void delimiterEscapeAndEncodingOptions() throws Exception {
    write(
        folder.resolve("pos.txt"),
        "store;city;note\n7;Zürich;\"said \\\"hi\\\"; left\"\n",
        StandardCharsets.ISO_8859_1);
    SourceConfig pos =
        source(
            "pos",
            SourceFormat.CSV,
            Map.of("delimiter", ";", "escape", "\\", "encoding", "ISO-8859-1"));

    List<Row> rows = rows(read(pos, folder + "/pos.txt"));

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getString(1)).isEqualTo("Zürich");
    assertThat(rows.get(0).getString(2)).isEqualTo("said \"hi\"; left");
  }

  @Test
  void aGlobMatchingNoFileFailsNamingSourceAndPath() {
    String glob = folder + "/web/*.ndjson";

    assertThatThrownBy(() -> read(CRM, glob))
        .isInstanceOf(IngestException.class)
        .hasMessage("source crm: path " + glob + " matches no file");
  }

  @Test
  void anUnknownOptionIsRejected() throws Exception {
    write(folder.resolve("a.csv"), "id\n1\n");
    SourceConfig typo = source("crm", SourceFormat.CSV, Map.of("delimeter", ";"));

    assertThatThrownBy(() -> read(typo, folder + "/a.csv"))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("source crm: unknown option delimeter for format csv");
  }
}
