package io.journeyminer.ingest.formats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.spark.sql.Row;

/**
 * Reads a file of one record per line (NDJSON, access logs) as UTF-8. Blank lines are not records
 * and are not counted; LF and CRLF both end a line; a byte order mark is skipped.
 */
record LineFileParser(LineParser lineParser) implements FileParser {

  /** Parses one line into a row of the format's schema. */
  @FunctionalInterface
  interface LineParser extends Serializable {
    Row row(String file, long recordNumber, String line);
  }

  @Override
  public Iterator<Row> rows(String file, InputStream content) {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 64 * 1024);
    return new RowIterator(file) {
      private long recordNumber;

      @Override
      protected Row advance() throws IOException {
        String line = lines.readLine();
        if (recordNumber == 0 && line != null && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        while (line != null && line.isBlank()) {
          line = lines.readLine();
        }
        if (line == null) {
          return null;
        }
        recordNumber++;
        return lineParser.row(file, recordNumber, line);
      }
    };
  }
}
