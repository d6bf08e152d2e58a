package io.journeyminer.ingest.formats;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/** A lazy iterator over one file's rows: each row is read only when it is asked for. */
abstract class RowIterator implements Iterator<Row> {

  private final String file;
  private Row next;
  private boolean done;

  RowIterator(String file) {
    this.file = file;
  }

  /** The next row, or null at the end of the file. */
  protected abstract Row advance() throws IOException;

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      try {
        next = advance();
      } catch (IOException e) {
        throw StreamedFiles.readFailure(file, e);
      }
      done = next == null;
    }
    return next != null;
  }

  @Override
  public final Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row row = next;
    next = null;
    return row;
  }
}
