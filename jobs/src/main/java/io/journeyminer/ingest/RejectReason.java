package io.journeyminer.ingest;

import java.util.Locale;

/** Why a record was rejected (SPEC 8); stored in {@code rejected_records.reason}. */
public enum RejectReason {
  MALFORMED_RECORD,
  /** Longer than {@code ingest.max_record_bytes}; not parsed at all. */
  RECORD_TOO_LARGE,
  MISSING_IDENTIFIER,
  /** An identifier that is a JSON object or array instead of a string or number. */
  BAD_IDENTIFIER,
  /** Unreadable, or before {@code ingest.min_timestamp}. */
  BAD_TIMESTAMP,
  FUTURE_TIMESTAMP,
  /** A touchpoint value with control or other non-printable characters. */
  BAD_TOUCHPOINT,
  UNMAPPED_TOUCHPOINT;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
