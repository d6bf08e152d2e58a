package io.journeyminer.ingest.formats;

import io.journeyminer.config.IngestConfig;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.config.SourceFormat;
import java.util.Set;

/** The reader of each input format of SPEC 2.1. */
public final class FormatReaders {

  private FormatReaders() {}

  /** The reader of {@code format} with the default {@code ingest.max_record_bytes}. */
  public static FormatReader forFormat(SourceFormat format) {
    return forFormat(format, IngestConfig.DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * The reader of {@code format}; text formats reject a record longer than {@code maxRecordBytes}
   * without parsing it. (Parquet and XES records are bounded by their own structure.)
   */
  public static FormatReader forFormat(SourceFormat format, long maxRecordBytes) {
    return switch (format) {
      case CSV -> new CsvReader(maxRecordBytes);
      case JSON -> new JsonReader(maxRecordBytes);
      case PARQUET -> new ParquetReader();
      case CLF -> new ClfReader(maxRecordBytes);
      case XES -> new XesReader();
    };
  }

  /**
   * Checks the values of a source's options (delimiter, quote, escape, encoding, schema) the way
   * its reader will, without Spark, so that {@code validate} and {@code run} reject them before any
   * job starts.
   *
   * @throws io.journeyminer.ingest.IngestException naming the source, option and value
   */
  public static void checkOptionValues(SourceConfig source) {
    switch (source.format()) {
      case CSV -> CsvOptions.of(source);
      case JSON -> JsonReader.declaredSchema(source);
      case PARQUET, CLF, XES -> SourceFiles.checkOptions(source, Set.of());
    }
  }

  /**
   * The {@code options} keys a format accepts, so that a config can be checked without Spark; the
   * readers reject any other key.
   */
  public static Set<String> supportedOptions(SourceFormat format) {
    return switch (format) {
      case CSV -> CsvOptions.KEYS;
      case JSON -> JsonReader.OPTION_KEYS;
      case PARQUET, CLF, XES -> Set.of();
    };
  }
}
