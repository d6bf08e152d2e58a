package io.journeyminer.config;

import java.time.Instant;
import java.util.Objects;

/**
 * Limits every source's records are held to before they become events.
 *
 * @param maxRecordBytes a record longer than this (in UTF-8 bytes) is rejected as
 *     {@code record_too_large} without being parsed, so one runaway line cannot stall a run
 * @param minTimestamp a record that occurred before this is rejected as {@code bad_timestamp}: a
 *     year-1950 or epoch-zero date is a broken export, not a customer's touch
 */
public record IngestConfig(long maxRecordBytes, Instant minTimestamp) {

  public static final long DEFAULT_MAX_RECORD_BYTES = 1024L * 1024L;
  public static final Instant DEFAULT_MIN_TIMESTAMP = Instant.parse("1990-01-01T00:00:00Z");
  public static final IngestConfig DEFAULTS = new IngestConfig(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MIN_TIMESTAMP);

  public IngestConfig {
    if (maxRecordBytes < 1) {
      throw new ConfigException("ingest.max_record_bytes must be at least 1, got " + maxRecordBytes);
    }
    Objects.requireNonNull(minTimestamp, "minTimestamp");
  }
}
