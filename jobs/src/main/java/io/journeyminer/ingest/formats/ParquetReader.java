package io.journeyminer.ingest.formats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.journeyminer.config.SourceConfig;
import io.journeyminer.ingest.RawRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Parquet exports, read by Spark itself. Files of one source may differ in columns (a column added
 * in later exports): their schemas are merged. The record's position comes from Parquet's row
 * index and its {@code _raw} text is the row as JSON; a Parquet row is never malformed.
 */
final class ParquetReader implements FormatReader {

  @Override
  public Dataset<Row> read(SparkSession spark, SourceConfig source, String glob) {
    SourceFiles.checkOptions(source, Set.of());
    List<String> files = SourceFiles.list(spark, source, glob);
    // Spark globs the paths it is given, so each file goes in as a literal pattern.
    String[] paths = files.stream().map(SourceFiles::literalPattern).toArray(String[]::new);
    Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(paths);
    RecordColumns.checkNoClash(source, rows.schema());
    List<Column> data = new ArrayList<>();
    for (String name : rows.columns()) {
      data.add(RecordColumns.column(name));
    }
    List<Column> columns = new ArrayList<>(data);
    columns.add(col("_metadata.file_path").as(RawRecords.FILE));
    columns.add(col("_metadata.row_index").plus(1).cast("long").as(RawRecords.RECORD_NUMBER));
    columns.add(to_json(struct(data.toArray(Column[]::new))).as(RawRecords.RAW));
    columns.add(lit(null).cast(StringType).as(RawRecords.MALFORMED));
    return rows.select(columns.toArray(Column[]::new));
  }
}
