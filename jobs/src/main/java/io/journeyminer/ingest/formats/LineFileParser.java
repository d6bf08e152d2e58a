package io.journeyminer.ingest.formats;

import io.journeyminer.ingest.RawRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.sql.Row;

/**
 * Reads a file of one record per line (NDJSON, access logs) as UTF-8. Blank lines are not records
 * and are not counted; LF and CRLF both end a line; a byte order mark is skipped.
 *
 * <p>Two kinds of line never reach the format's parser: one longer than {@code maxRecordBytes}
 * (read to its end, but only its first {@link #KEPT_CHARS} characters are kept, so a 20 MB line
 * costs one pass and no memory) and one with bytes that are not UTF-8 (kept as {@code \xNN} in its
 * raw text, never decoded to U+FFFD, which would make different values equal).
 *
 * @param parsedColumns how many parsed columns the format's rows have before the bookkeeping ones
 */
record LineFileParser(LineParser lineParser, int parsedColumns, long maxRecordBytes) implements FileParser {

  /** The start of a too-large line kept as its raw text. */
  static final int KEPT_CHARS = 1024;

  /** Parses one line into a row of the format's schema. */
  @FunctionalInterface
  interface LineParser extends Serializable {
    Row row(String file, long recordNumber, String line);
  }

  @Override
  public Iterator<Row> rows(String file, InputStream content) {
    LineReader lines = new LineReader(InvalidBytes.utf8Reader(content), maxRecordBytes);
    return new RowIterator(file) {
      private long recordNumber;

      @Override
      protected Row advance() throws IOException {
        String line = lines.next();
        if (recordNumber == 0 && line != null && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        while (line != null && lines.bytes() <= maxRecordBytes && line.isBlank()) {
          line = lines.next();
        }
        if (line == null) {
          return null;
        }
        recordNumber++;
        if (lines.bytes() > maxRecordBytes) {
          return RecordColumns.malformed(
              parsedColumns, file, recordNumber, InvalidBytes.shown(line) + "...", RawRecords.tooLarge(lines.bytes(), maxRecordBytes));
        }
        int invalid = InvalidBytes.firstIndex(line);
        if (invalid >= 0) {
          return RecordColumns.malformed(
              parsedColumns,
              file,
              recordNumber,
              InvalidBytes.shown(line),
              "invalid UTF-8 at byte " + InvalidBytes.bytePosition(line, invalid) + " of the line");
        }
        return lineParser.row(file, recordNumber, line);
      }
    };
  }

  /** Lines of a reader, each cut to {@link #KEPT_CHARS} characters once it passes the byte limit. */
  private static final class LineReader {
    private final Reader reader;
    private final long maxBytes;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long bytes;

    LineReader(Reader reader, long maxBytes) {
      this.reader = reader;
      this.maxBytes = maxBytes;
    }

    /** Bytes of the line {@link #next} returned last, line break excluded. */
    long bytes() {
      return bytes;
    }

    String next() throws IOException {
      StringBuilder line = new StringBuilder();
      bytes = 0;
      boolean any = false;
      while (true) {
        if (position == limit) {
          limit = reader.read(buffer, 0, buffer.length);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            return any ? line.toString() : null;
          }
        }
        any = true;
        int start = position;
        while (position < limit && buffer[position] != '\n') {
          bytes += InvalidBytes.utf8Length(buffer[position]);
          position++;
        }
        boolean ended = position < limit;
        keep(line, start, position);
        if (ended) {
          position++;
          if (line.length() > 0 && line.charAt(line.length() - 1) == '\r' && bytes <= maxBytes) {
            line.setLength(line.length() - 1);
            bytes--;
          }
          return line.toString();
        }
      }
    }

    private void keep(StringBuilder line, int start, int end) {
      if (bytes <= maxBytes) {
        line.append(buffer, start, end - start);
      } else if (line.length() < KEPT_CHARS) {
        line.append(buffer, start, Math.min(end - start, KEPT_CHARS - line.length()));
      } else if (line.length() > KEPT_CHARS) {
        line.setLength(KEPT_CHARS);
      }
    }
  }
}
