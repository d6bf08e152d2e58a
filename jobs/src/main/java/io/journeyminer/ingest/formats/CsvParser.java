package io.journeyminer.ingest.formats;

import io.journeyminer.ingest.RawRecords;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 record reader that keeps each record's original text and never gives up on a file:
 * a broken record is returned with a reason and reading goes on with the next one.
 *
 * <p>Records end at LF, CRLF or a lone CR outside quotes; quoted fields may hold delimiters, line
 * breaks and doubled (or escaped) quotes. Empty lines are not records. An unquoted empty field
 * reads as null, a quoted one ({@code ""}) as the empty string. A UTF-8 byte order mark is
 * skipped. A record longer than {@code maxRecordBytes} (typically a stray quote swallowing the
 * rest of the file) is still read to its end, but only its first {@link LineFileParser#KEPT_CHARS}
 * characters are kept, so memory stays bounded; it is rejected as {@code record_too_large}.
 */
final class CsvParser {

  /**
   * One record.
   *
   * @param fields the field values, null for an unquoted empty field
   * @param raw the record's text as in the file, without its line break
   * @param malformed why the record is broken, or null
   */
  record Record(List<String> fields, String raw, String malformed) {}

  private enum State {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    AFTER_QUOTE
  }

  private static final int END = -1;
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final Reader reader;
  private final char delimiter;
  private final int quote;
  private final int escape;
  private final long maxRecordBytes;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private int pushedBack = END;
  private boolean started;

  // The record being read.
  private StringBuilder raw;
  private StringBuilder field;
  private List<String> fields;
  private boolean fieldQuoted;
  private boolean full;
  private long bytes;
  private String problem;

  CsvParser(Reader reader, CsvOptions options, long maxRecordBytes) {
    this.reader = reader;
    this.maxRecordBytes = maxRecordBytes;
    this.delimiter = options.delimiter();
    this.quote = options.quote();
    this.escape = options.escape();
  }

  /** The next record, or null at the end of the input. */
  Record next() throws IOException {
    while (true) {
      Record record = readRecord();
      if (record == null || !record.raw().isEmpty()) {
        return record;
      }
    }
  }

  private Record readRecord() throws IOException {
    raw = new StringBuilder();
    field = new StringBuilder();
    fields = new ArrayList<>();
    fieldQuoted = false;
    full = false;
    bytes = 0;
    problem = null;
    State state = State.FIELD_START;
    boolean readAnything = false;
    while (true) {
      int c = read();
      if (c == END) {
        if (!readAnything) {
          return null;
        }
        if (state == State.QUOTED) {
          problem = "unterminated quoted field";
        }
        return finish();
      }
      readAnything = true;
      if (state != State.QUOTED && (c == '\n' || c == '\r')) {
        skipLineFeedAfter(c);
        return finish();
      }
      keepRaw((char) c);
      state = step(state, (char) c);
      if (state == null) {
        // An escape character at the very end of the input.
        problem = "unterminated quoted field";
        return finish();
      }
    }
  }

  /** Consumes one character of a record; null when the input ended inside an escape. */
  private State step(State state, char c) throws IOException {
    switch (state) {
      case FIELD_START:
        if (c == quote) {
          fieldQuoted = true;
          return State.QUOTED;
        }
        if (c == delimiter) {
          endField();
          return State.FIELD_START;
        }
        keep(c);
        return State.UNQUOTED;
      case UNQUOTED:
        if (c == delimiter) {
          endField();
          return State.FIELD_START;
        }
        keep(c);
        return State.UNQUOTED;
      case QUOTED:
        if (c == escape && escape != quote) {
          int escaped = read();
          if (escaped == END) {
            return null;
          }
          keepRaw((char) escaped);
          if (escaped != quote && escaped != escape) {
            keep(c);
          }
          keep((char) escaped);
          return State.QUOTED;
        }
        if (c == quote) {
          return State.AFTER_QUOTE;
        }
        keep(c);
        return State.QUOTED;
      case AFTER_QUOTE:
        if (c == quote) {
          keep(c);
          return State.QUOTED;
        }
        if (c == delimiter) {
          endField();
          return State.FIELD_START;
        }
        if (problem == null) {
          problem = "unexpected character after closing quote";
        }
        keep(c);
        return State.UNQUOTED;
    }
    throw new IllegalStateException("unknown state " + state);
  }

  private Record finish() {
    endField();
    if (full) {
      problem = RawRecords.tooLarge(bytes, maxRecordBytes);
      return new Record(fields, raw + "...", problem);
    }
    return new Record(fields, raw.toString(), problem);
  }

  private void endField() {
    if (!full) {
      fields.add(field.length() == 0 && !fieldQuoted ? null : field.toString());
    }
    field.setLength(0);
    fieldQuoted = false;
  }

  private void keep(char c) {
    if (!full) {
      field.append(c);
    }
  }

  private void keepRaw(char c) {
    bytes += InvalidBytes.utf8Length(c);
    if (!full && bytes > maxRecordBytes) {
      full = true;
      raw.setLength(Math.min(raw.length(), LineFileParser.KEPT_CHARS));
      field.setLength(0);
      fields.clear();
    } else if (!full || raw.length() < LineFileParser.KEPT_CHARS) {
      raw.append(c);
    }
  }

  private void skipLineFeedAfter(int c) throws IOException {
    if (c == '\r') {
      int next = read();
      if (next != '\n' && next != END) {
        pushedBack = next;
      }
    }
  }

  private int read() throws IOException {
    if (pushedBack != END) {
      int c = pushedBack;
      pushedBack = END;
      return c;
    }
    int c = readBuffered();
    if (!started) {
      started = true;
      if (c == BYTE_ORDER_MARK) {
        c = readBuffered();
      }
    }
    return c;
  }

  private int readBuffered() throws IOException {
    if (position == limit) {
      limit = reader.read(buffer, 0, buffer.length);
      position = 0;
      if (limit <= 0) {
        limit = 0;
        return END;
      }
    }
    return buffer[position++];
  }
}
