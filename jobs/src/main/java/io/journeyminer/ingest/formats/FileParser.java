package io.journeyminer.ingest.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.sql.Row;

/**
 * Turns one open file into its rows, lazily: the iterator reads the stream as it is consumed, so a
 * file is never held in memory. Runs on the executors, hence serializable.
 */
@FunctionalInterface
interface FileParser extends Serializable {

  /**
   * @param file the file's URI, as {@code _file} shows it
   * @param content the decompressed content; the caller closes it
   */
  Iterator<Row> rows(String file, InputStream content) throws IOException;
}
