package io.journeyminer.generate;

/**
 * The kinds of bad input the generator injects, named as the pipeline's reject reasons (SPEC 8).
 * Each injected record has exactly one problem, so the pipeline's manifest can be checked against
 * the counts exactly.
 */
public enum Defect {
  /** Wrong number of CSV fields, a truncated JSON line, a truncated log line. */
  MALFORMED_RECORD("malformed_record"),
  /** A timestamp that does not parse in the source's declared format. */
  BAD_TIMESTAMP("bad_timestamp"),
  /** A well-formed, mapped record with no identifier at all. */
  MISSING_IDENTIFIER("missing_identifier"),
  /** A raw touchpoint value that the source's mapping does not list. */
  UNMAPPED_TOUCHPOINT("unmapped_touchpoint"),
  /** A timestamp days or months after {@code as_of}, beyond any tolerance. */
  FUTURE_TIMESTAMP("future_timestamp"),
  /** A byte-identical second copy of a good record (same natural key). */
  DUPLICATE("duplicates");

  private final String reason;

  Defect(String reason) {
    this.reason = reason;
  }

  /** The reject reason (or {@code duplicates}) as the pipeline's manifest and defects.json name it. */
  public String reason() {
    return reason;
  }
}
