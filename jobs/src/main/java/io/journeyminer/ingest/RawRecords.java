package io.journeyminer.ingest;

/**
 * The contract every format reader returns: one row per input record, in a DataFrame with the
 * format's parsed columns plus these bookkeeping columns. A record that cannot be parsed is still a
 * row (its parsed columns null, {@link #MALFORMED} set), so that it ends in {@code rejected_records}
 * and is counted as read.
 */
public final class RawRecords {

  /** The file the record came from, as a URI string. */
  public static final String FILE = "_file";
  /** 1-based position of the record in its file (data records only, a CSV header is not one). */
  public static final String RECORD_NUMBER = "_record_number";
  /** The record's original text, for replay. */
  public static final String RAW = "_raw";
  /** Null for a well-formed record; otherwise why it could not be parsed. */
  public static final String MALFORMED = "_malformed";

  /**
   * How {@link #MALFORMED} starts for a record longer than {@code ingest.max_record_bytes}: such a
   * record is rejected as {@code record_too_large}, not {@code malformed_record}.
   */
  public static final String TOO_LARGE = "record_too_large: ";

  private RawRecords() {}

  /** The {@link #MALFORMED} text of a record of {@code bytes} bytes, over {@code maxBytes}. */
  public static String tooLarge(long bytes, long maxBytes) {
    return TOO_LARGE + String.format(java.util.Locale.ROOT, "%,d bytes, over ingest.max_record_bytes %,d", bytes, maxBytes);
  }
}
