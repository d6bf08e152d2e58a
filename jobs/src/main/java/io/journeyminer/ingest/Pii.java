package io.journeyminer.ingest;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;

/**
 * Normalisation and salted SHA-256 hashing of personal identifiers (SPEC 2.2). The Spark column
 * expressions and the plain Java methods give identical results, so tests and the data generator's
 * ground truth can hash a raw value the way a run does.
 */
public final class Pii {

  public static final String EMAIL = "email";
  public static final String PHONE = "phone";

  /** Matches e-mail addresses inside free text, for redacting raw records and attributes. */
  public static final String EMAIL_IN_TEXT = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";

  /**
   * Matches international phone numbers ({@code +49 151 ...}, {@code 0049-151-...}) inside free
   * text. Dots and colons are not separators, so dates and times are never taken for phones.
   */
  public static final String INTERNATIONAL_PHONE_IN_TEXT = "(?<![\\w+])(?:\\+|00)[1-9][0-9 ()/-]{6,}[0-9](?![\\w])";

  /**
   * Also national numbers ({@code 0151 2345678}): used only on records that could not be parsed,
   * where the phone column's value is unknown, since it also matches dates like {@code 01-02-2026}.
   */
  public static final String ANY_PHONE_IN_TEXT = "(?<![\\w+])(?:\\+|0)[0-9][0-9 ()/-]{6,}[0-9](?![\\w])";

  private Pii() {}

  /** Normalised value of one identifier type; non-PII types are only trimmed. */
  public static Column normalize(String type, Column value) {
    Column trimmed = trim(value);
    Column normalized =
        switch (type) {
          case EMAIL -> lower(trimmed);
          case PHONE -> {
            Column kept = regexp_replace(trimmed, "[^0-9+]", "");
            Column international = regexp_replace(kept, "^00", "+");
            yield regexp_replace(international, "(?<!^)\\+", "");
          }
          default -> trimmed;
        };
    return when(normalized.equalTo(lit("")), lit(null)).otherwise(normalized);
  }

  /** Salted hash of a normalised value: hex SHA-256 of {@code salt:type:value}. */
  public static Column hash(String salt, String type, Column normalized) {
    return sha2(concat(lit(salt + ":" + type + ":"), normalized), 256);
  }

  /**
   * The value events and identity_map store for a raw identifier of one type: normalised, and
   * hashed when the type is personal; null when nothing is left after normalising.
   */
  public static Column stored(String salt, Set<String> piiTypes, String type, Column raw) {
    Column normalized = normalize(type, raw);
    return piiTypes.contains(type) ? hash(salt, type, normalized) : normalized;
  }

  public static String normalize(String type, String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    String normalized =
        switch (type) {
          case EMAIL -> trimmed.toLowerCase(Locale.ROOT);
          case PHONE -> {
            String kept = trimmed.replaceAll("[^0-9+]", "").replaceFirst("^00", "+");
            yield kept.isEmpty() ? kept : kept.charAt(0) + kept.substring(1).replace("+", "");
          }
          default -> trimmed;
        };
    return normalized.isEmpty() ? null : normalized;
  }

  public static String hash(String salt, String type, String normalized) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] bytes = digest.digest((salt + ":" + type + ":" + normalized).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
