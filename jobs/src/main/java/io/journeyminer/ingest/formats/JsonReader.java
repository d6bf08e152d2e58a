package io.journeyminer.ingest.formats;

import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.StringType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.ingest.IngestException;
import io.journeyminer.ingest.RawRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Newline-delimited JSON (Segment, GA4 exports): one object per line, nested objects and arrays
 * kept as structs and arrays. The schema is the {@code schema} option (a DDL string) when given,
 * otherwise inferred by Spark from all lines. A line that is not a JSON object of that schema is
 * malformed.
 */
final class JsonReader implements FormatReader {

  static final String SCHEMA_OPTION = "schema";
  static final Set<String> OPTION_KEYS = Set.of(SCHEMA_OPTION);

  // Spark's corrupt-record column, named so that no real field can collide with it.
  private static final String CORRUPT = "__journey_miner_corrupt_record";
  private static final String PARSED = "__journey_miner_parsed";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final long maxRecordBytes;

  JsonReader(long maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceConfig source, String glob) {
    SourceFiles.checkOptions(source, OPTION_KEYS);
    StructType declared = declaredSchema(source);
    List<String> files = SourceFiles.list(spark, source, glob);
    Dataset<Row> lines =
        StreamedFiles.read(
            spark,
            source,
            files,
            RecordColumns.append(new StructType()),
            new LineFileParser(
                (file, recordNumber, line) ->
                    RecordColumns.row(new Object[0], file, recordNumber, line, null),
                0,
                maxRecordBytes));
    StructType schema = declared != null ? declared : inferredSchema(spark, lines);
    RecordColumns.checkNoClash(source, schema);
    return parsed(lines, schema);
  }

  static StructType declaredSchema(SourceConfig source) {
    String ddl = source.options().get(SCHEMA_OPTION);
    if (ddl == null) {
      return null;
    }
    try {
      return StructType.fromDDL(ddl);
    } catch (Exception e) {
      // Spark's ParseException is a checked exception in Java's eyes, thrown undeclared.
      throw new IngestException(
          "source " + source.name() + ": option schema is not a valid DDL schema (\"" + ddl
              + "\"): " + e.getMessage(),
          e);
    }
  }

  /** Spark's inference over every line; broken lines do not add fields. */
  private static StructType inferredSchema(SparkSession spark, Dataset<Row> lines) {
    StructType inferred =
        spark
            .read()
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT)
            .json(lines.select(RawRecords.RAW).as(Encoders.STRING()))
            .schema();
    StructType fields = new StructType();
    for (StructField field : inferred.fields()) {
      if (!field.name().equals(CORRUPT)) {
        fields = fields.add(field);
      }
    }
    return fields;
  }

  private static Dataset<Row> parsed(Dataset<Row> lines, StructType schema) {
    Column parsed = RecordColumns.column(PARSED);
    Column malformed = RecordColumns.column(RawRecords.MALFORMED);
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      // Spark keeps the fields it could read from a broken line; a malformed row shows none.
      columns.add(when(malformed.isNull(), parsed.getField(field.name())).as(field.name()));
    }
    for (String bookkeeping : RecordColumns.NAMES) {
      columns.add(RecordColumns.column(bookkeeping));
    }
    Map<String, String> options =
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT);
    Column raw = RecordColumns.column(RawRecords.RAW);
    return lines
        .withColumn(PARSED, from_json(raw, schema.add(CORRUPT, StringType, true), options))
        .withColumn(
            RawRecords.MALFORMED,
            when(malformed.isNotNull(), malformed)
                .when(parsed.isNull().or(parsed.getField(CORRUPT).isNotNull()), describe().apply(raw)))
        .select(columns.toArray(Column[]::new));
  }

  /** Says why Spark could not read a line; evaluated for broken lines only. */
  private static UserDefinedFunction describe() {
    return udf((UDF1<String, String>) JsonReader::whyMalformed, StringType);
  }

  static String whyMalformed(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject()
          ? "JSON does not match the schema"
          : "invalid JSON: not an object";
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      return "invalid JSON: " + firstLine(e.getOriginalMessage()) + where;
    }
  }

  private static String firstLine(String message) {
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }
}
