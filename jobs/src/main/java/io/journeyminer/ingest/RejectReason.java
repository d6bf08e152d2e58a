package io.journeyminer.ingest;

import java.util.Locale;

/** Why a record was rejected (SPEC 8); stored in {@code rejected_records.reason}. */
public enum RejectReason {
  MALFORMED_RECORD,
  MISSING_IDENTIFIER,
  BAD_TIMESTAMP,
  FUTURE_TIMESTAMP,
  UNMAPPED_TOUCHPOINT;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
