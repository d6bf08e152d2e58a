package io.journeyminer.ingest;

/** Input that cannot be read at all: a path matching no file, a required column missing. */
public class IngestException extends RuntimeException {
  public IngestException(String message) {
    super(message);
  }

  public IngestException(String message, Throwable cause) {
    super(message, cause);
  }
}
