package io.journeyminer.ingest.formats;

import io.journeyminer.config.SourceConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads one source's files into one row per input record: the format's parsed columns followed
 * by the bookkeeping columns of {@link io.journeyminer.ingest.RawRecords} ({@code _file},
 * {@code _record_number}, {@code _raw}, {@code _malformed}). A record that cannot be parsed is a
 * row with its parsed columns null and {@code _malformed} saying why; it is never dropped.
 *
 * <p>Files are read on the executors, one streaming pass per file; nothing per record reaches the
 * driver.
 */
public interface FormatReader {

  /**
   * The records of every file {@code glob} matches.
   *
   * @param glob an already resolved absolute path glob or URI glob ({@code hdfs://}, {@code s3a://})
   * @throws io.journeyminer.ingest.IngestException when the glob matches no file or an option is
   *     invalid
   */
  Dataset<Row> read(SparkSession spark, SourceConfig source, String glob);
}
