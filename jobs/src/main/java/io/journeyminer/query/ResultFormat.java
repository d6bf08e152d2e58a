package io.journeyminer.query;

/** How the {@code sql} command prints a result. */
public enum ResultFormat {
  /** An aligned table with a header, numbers right-aligned, for reading in a terminal. */
  TEXT,
  /** RFC 4180 CSV with a header row; empty field for NULL. */
  CSV,
  /** JSON lines: one object per row, nulls kept, timestamps ISO-8601 UTC. */
  JSON
}
