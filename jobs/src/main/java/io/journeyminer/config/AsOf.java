package io.journeyminer.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The moment a run describes: data up to {@link #instant} is in, journeys open at that moment are in
 * progress. A date {@code 2026-03-01} means the end of that day (so a nightly run for yesterday
 * includes all of yesterday); its {@link #runDate} is the date the output partitions carry.
 */
public record AsOf(Instant instant, LocalDate runDate) {

  /** Parses {@code 2026-03-01} (end of that day, UTC) or an ISO-8601 instant with offset. */
  public static Optional<AsOf> parse(String text) {
    String trimmed = text.strip();
    try {
      LocalDate date = LocalDate.parse(trimmed);
      return Optional.of(new AsOf(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), date));
    } catch (RuntimeException notADate) {
      try {
        Instant instant = OffsetDateTime.parse(trimmed).toInstant();
        return Optional.of(of(instant));
      } catch (RuntimeException notAnInstant) {
        return Optional.empty();
      }
    }
  }

  public static AsOf of(Instant instant) {
    return new AsOf(instant, instant.atOffset(ZoneOffset.UTC).toLocalDate());
  }
}
