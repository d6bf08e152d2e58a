package io.journeyminer.ingest.formats;

import io.journeyminer.config.SourceFormat;
import java.util.Set;

/** The reader of each input format of SPEC 2.1. */
public final class FormatReaders {

  private FormatReaders() {}

  public static FormatReader forFormat(SourceFormat format) {
    return switch (format) {
      case CSV -> new CsvReader();
      case JSON -> new JsonReader();
      case PARQUET -> new ParquetReader();
      case CLF -> new ClfReader();
      case XES -> new XesReader();
    };
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
