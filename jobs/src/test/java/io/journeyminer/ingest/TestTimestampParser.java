package io.journeyminer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import org.junit.jupiter.api.Test;

class TestTimestampParser {

  private static String utc(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant().toString();
  }

  @Test
  void isoValuesKeepTheirOwnOffsetAndLocalValuesTakeTheDeclaredZone() {
    TimestampParser berlin = new TimestampParser("iso", "Europe/Berlin");
    assertThat(utc(berlin.parse("2026-01-05T10:00:00+02:00"))).isEqualTo("2026-01-05T08:00:00Z");
    assertThat(utc(berlin.parse("2026-01-05T10:00:00-05:00"))).isEqualTo("2026-01-05T15:00:00Z");
    assertThat(utc(berlin.parse("2026-01-05T10:00:00Z"))).isEqualTo("2026-01-05T10:00:00Z");
    assertThat(utc(berlin.parse("2026-01-05 10:00:00"))).isEqualTo("2026-01-05T09:00:00Z");
    assertThat(utc(berlin.parse("2026-07-05T10:00:00.250"))).isEqualTo("2026-07-05T08:00:00.250Z");
  }

  @Test
  void isoAcceptsFractionsOfAnyLengthAndEveryOffsetSpelling() {
    TimestampParser parser = new TimestampParser("iso", "Europe/Berlin");
    assertThat(utc(parser.parse("2026-01-05T10:00:00.1Z"))).isEqualTo("2026-01-05T10:00:00.100Z");
    assertThat(utc(parser.parse("2026-01-05T10:00:00.123456Z"))).isEqualTo("2026-01-05T10:00:00.123456Z");
    assertThat(utc(parser.parse("2026-01-05T10:00:00.123456789+00:00"))).isEqualTo("2026-01-05T10:00:00.123456789Z");
    assertThat(utc(parser.parse("2026-01-05T10:00:00.1234567891234Z"))).isEqualTo("2026-01-05T10:00:00.123456789Z");
    assertThat(utc(parser.parse("2026-01-05T10:00:00.5+0200"))).isEqualTo("2026-01-05T08:00:00.500Z");
    assertThat(utc(parser.parse("2026-01-05T10:00:00+0530"))).isEqualTo("2026-01-05T04:30:00Z");
    assertThat(utc(parser.parse("2026-01-05T10:00:00-03"))).isEqualTo("2026-01-05T13:00:00Z");
    assertThat(utc(parser.parse("2026-01-05 10:00:00.250-05:00"))).isEqualTo("2026-01-05T15:00:00.250Z");
    assertThat(utc(parser.parse("2026-01-05T10:00:00z"))).isEqualTo("2026-01-05T10:00:00Z");
    assertThat(utc(parser.parse("2026-01-05T10:00:00.123456"))).isEqualTo("2026-01-05T09:00:00.123456Z");
    assertThat(parser.parse("2026-01-05T10:00:00+2")).isNull();
  }

  @Test
  void patternsAreStrict() {
    TimestampParser parser = new TimestampParser("dd.MM.yyyy HH:mm", "Europe/Berlin");
    assertThat(utc(parser.parse("28.02.2026 09:30"))).isEqualTo("2026-02-28T08:30:00Z");
    assertThat(parser.parse("31.02.2026 09:30")).isNull();
    assertThat(parser.parse("2026-02-01")).isNull();
    assertThat(parser.parse("")).isNull();
  }

  @Test
  void epochAndAccessLogFormats() {
    assertThat(utc(new TimestampParser("epoch_seconds", "UTC").parse("1767225600"))).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(utc(new TimestampParser("epoch_millis", "UTC").parse("1767225600123"))).isEqualTo("2026-01-01T00:00:00.123Z");
    // GA4's event_timestamp: microseconds since the epoch, kept to the microsecond.
    assertThat(utc(new TimestampParser("epoch_micros", "UTC").parse("1767225600123456"))).isEqualTo("2026-01-01T00:00:00.123456Z");
    assertThat(new TimestampParser("epoch_micros", "UTC").parse("17672256001234xx")).isNull();
    assertThat(utc(new TimestampParser("clf", "UTC").parse("10/Oct/2000:13:55:36 -0700"))).isEqualTo("2000-10-10T20:55:36Z");
    assertThat(new TimestampParser("epoch_seconds", "UTC").parse("yesterday")).isNull();
  }

  @Test
  void daylightSavingGapAndOverlapResolveInTheDeclaredZone() {
    TimestampParser parser = new TimestampParser("yyyy-MM-dd HH:mm", "Europe/Berlin");
    // 2026-03-29 02:30 does not exist in Berlin (clocks jump 02:00 -> 03:00): java.time shifts it forward.
    assertThat(utc(parser.parse("2026-03-29 02:30"))).isEqualTo("2026-03-29T01:30:00Z");
    assertThat(utc(parser.parse("2026-10-25 12:00"))).isEqualTo("2026-10-25T11:00:00Z");
  }
}
