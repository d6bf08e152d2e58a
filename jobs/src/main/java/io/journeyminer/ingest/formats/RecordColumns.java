package io.journeyminer.ingest.formats;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.journeyminer.config.SourceConfig;
import io.journeyminer.ingest.IngestException;
import io.journeyminer.ingest.RawRecords;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The bookkeeping columns of {@link RawRecords}, appended after a format's parsed columns. */
final class RecordColumns {

  static final List<String> NAMES =
      List.of(RawRecords.FILE, RawRecords.RECORD_NUMBER, RawRecords.RAW, RawRecords.MALFORMED);

  private RecordColumns() {}

  /** {@code parsed} followed by {@code _file}, {@code _record_number}, {@code _raw}, {@code _malformed}. */
  static StructType append(StructType parsed) {
    return parsed
        .add(RawRecords.FILE, StringType, false)
        .add(RawRecords.RECORD_NUMBER, LongType, false)
        .add(RawRecords.RAW, StringType, true)
        .add(RawRecords.MALFORMED, StringType, true);
  }

  /** A row of {@link #append}'s schema; {@code parsed} holds the parsed columns' values. */
  static Row row(Object[] parsed, String file, long recordNumber, String raw, String malformed) {
    Object[] values = Arrays.copyOf(parsed, parsed.length + NAMES.size());
    values[parsed.length] = file;
    values[parsed.length + 1] = recordNumber;
    values[parsed.length + 2] = raw;
    values[parsed.length + 3] = malformed;
    return RowFactory.create(values);
  }

  /** A malformed record: all {@code parsedColumns} null. */
  static Row malformed(
      int parsedColumns, String file, long recordNumber, String raw, String reason) {
    return row(new Object[parsedColumns], file, recordNumber, raw, reason);
  }

  /** A source column whose name would hide a bookkeeping column cannot be read. */
  static void checkNoClash(SourceConfig source, StructType parsed) {
    for (StructField field : parsed.fields()) {
      if (NAMES.contains(field.name())) {
        throw new IngestException(
            "source " + source.name() + ": the input has a column named " + field.name()
                + ", which is reserved for the record's bookkeeping");
      }
    }
  }

  /** A column by its exact name, even when the name holds dots or spaces. */
  static Column column(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }
}
