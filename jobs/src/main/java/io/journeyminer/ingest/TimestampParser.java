package io.journeyminer.ingest;

import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Parses a source's timestamp text into a UTC instant: values with an offset keep it (so one file
 * may mix offsets), values without one are read in the source's declared zone. Parsing is strict: a
 * 31 February is a bad timestamp, not 28 February.
 */
public final class TimestampParser implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String format;
  private final String zone;
  private transient DateTimeFormatter formatter;
  private transient ZoneId zoneId;

  public TimestampParser(String format, String zone) {
    this.format = format;
    this.zone = zone;
  }

  /** The instant, or null when the text is empty or does not match the format. */
  public Timestamp parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Instant instant = parseInstant(text.strip());
      return instant == null ? null : Timestamp.from(instant);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private Instant parseInstant(String text) {
    switch (format) {
      case "epoch_seconds":
        return epoch(new BigDecimal(text), 1_000_000_000L);
      case "epoch_millis":
        return epoch(new BigDecimal(text), 1_000_000L);
      case "epoch_micros":
        return epoch(new BigDecimal(text), 1_000L);
      case "iso":
        return resolve(isoFormatter().parseBest(isoText(text), ZonedDateTime::from, LocalDateTime::from, LocalDate::from));
      default:
        return resolve(formatter().parseBest(text, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from, LocalDate::from));
    }
  }

  private static Instant epoch(BigDecimal value, long nanosPerUnit) {
    BigDecimal nanos = value.multiply(BigDecimal.valueOf(nanosPerUnit));
    long total = nanos.longValueExact();
    return Instant.ofEpochSecond(Math.floorDiv(total, 1_000_000_000L), Math.floorMod(total, 1_000_000_000L));
  }

  /** A fraction of a second longer than nanoseconds, as some exports write, keeps its first nine digits. */
  private static final java.util.regex.Pattern LONG_FRACTION = java.util.regex.Pattern.compile("(\\.\\d{9})\\d+");

  /**
   * ISO-8601 as exports write it: also with a space between date and time, a lower-case {@code z},
   * and a fraction of any length (digits beyond nanoseconds are dropped, not rounded).
   */
  private static String isoText(String text) {
    String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
    if (iso.endsWith("z")) {
      iso = iso.substring(0, iso.length() - 1) + 'Z';
    }
    return LONG_FRACTION.matcher(iso).replaceFirst("$1");
  }

  private Instant resolve(TemporalAccessor parsed) {
    if (parsed instanceof ZonedDateTime zoned) {
      return zoned.toInstant();
    }
    if (parsed instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (parsed instanceof LocalDateTime local) {
      return local.atZone(zoneId()).toInstant();
    }
    if (parsed instanceof LocalDate date) {
      return date.atStartOfDay(zoneId()).toInstant();
    }
    return null;
  }

  private ZoneId zoneId() {
    if (zoneId == null) {
      zoneId = ZoneId.of(zone);
    }
    return zoneId;
  }

  private DateTimeFormatter isoFormatter() {
    if (formatter == null) {
      formatter =
          new java.time.format.DateTimeFormatterBuilder()
              .append(DateTimeFormatter.ISO_LOCAL_DATE)
              .optionalStart()
              .appendLiteral('T')
              .append(DateTimeFormatter.ISO_LOCAL_TIME)
              .optionalStart()
              .appendOffset("+HH:MM:ss", "Z")
              .optionalEnd()
              .optionalStart()
              // also +hh: the minutes of +HHmm are optional when parsing
              .appendOffset("+HHmm", "Z")
              .optionalEnd()
              .optionalEnd()
              .toFormatter(Locale.ROOT)
              .withResolverStyle(ResolverStyle.STRICT)
              .withChronology(java.time.chrono.IsoChronology.INSTANCE);
    }
    return formatter;
  }

  private DateTimeFormatter formatter() {
    if (formatter == null) {
      String pattern = "clf".equals(format) ? "dd/MMM/uuuu:HH:mm:ss Z" : strictPattern(format);
      formatter =
          DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }
    return formatter;
  }

  /** STRICT resolving needs {@code u} (proleptic year) where users write {@code y}. */
  private static String strictPattern(String pattern) {
    StringBuilder result = new StringBuilder();
    boolean quoted = false;
    for (char c : pattern.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      }
      result.append(!quoted && c == 'y' ? 'u' : c);
    }
    return result.toString();
  }
}
