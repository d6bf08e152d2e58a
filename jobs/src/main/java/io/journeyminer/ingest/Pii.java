package io.journeyminer.ingest;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.spark.sql.Column;

/**
 * Salted SHA-256 hashing of personal identifiers (SPEC 2.2) and the patterns that redact them in
 * free text; {@link IdentifierNormalizer} normalises them first. The Spark column and the plain Java
 * method give identical hashes, so tests and the data generator's ground truth can hash a raw value
 * the way a run does.
 */
public final class Pii {

  public static final String EMAIL = "email";
  public static final String PHONE = "phone";

  /**
   * Matches e-mail addresses inside free text, for redacting raw records and attributes. Every
   * repetition is bounded (RFC 5321's 64-character local part, 253-character domain), so a match
   * attempt costs a constant and redacting a text costs time linear in its length; the unbounded
   * form took 38 s on a 100,000-character run of letters.
   */
  public static final String EMAIL_IN_TEXT = "[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}";

  /**
   * Matches international phone numbers ({@code +49 151 ...}, {@code 0049-151-...}) inside free
   * text. Dots and colons are not separators, so dates and times are never taken for phones; no-break
   * spaces are, as some exports write them. Bounded
   * like {@link #EMAIL_IN_TEXT}: E.164 numbers have at most 15 digits.
   */
  public static final String INTERNATIONAL_PHONE_IN_TEXT = "(?<![\\w+])(?:\\+|00)[1-9][0-9 \\u00A0\\u202F()/-]{6,30}[0-9](?![\\w])";

  /**
   * Also national numbers ({@code 0151 2345678}): used only on records that could not be parsed,
   * where the phone column's value is unknown, since it also matches dates like {@code 01-02-2026}.
   */
  public static final String ANY_PHONE_IN_TEXT = "(?<![\\w+])(?:\\+|0)[0-9][0-9 \\u00A0\\u202F()/-]{6,30}[0-9](?![\\w])";

  private static final String EMAIL_REDACTED = "[email redacted]";
  private static final int LOCAL_PART_MAX = 64;
  private static final int DOMAIN_MAX = 253;
  private static final int TOP_LEVEL_MAX = 63;

  private Pii() {}

  /** Salted hash of a normalised value: hex SHA-256 of {@code salt:type:value}. */
  public static Column hash(String salt, String type, Column normalized) {
    return sha2(concat(lit(salt + ":" + type + ":"), normalized), 256);
  }

  /**
   * {@code text} with every match of {@link #EMAIL_IN_TEXT} replaced by {@code [email redacted]},
   * found by a scan around each {@code @} instead of a regular expression: the neighbourhood of an
   * {@code @} is at most 64 characters back and 253 forward and ends at the next {@code @}, so the
   * whole text is read at most three times (0.02 s for a megabyte of letters, where the bounded
   * expression takes seconds and the unbounded one minutes).
   */
  public static String redactEmails(String text) {
    if (text == null || text.indexOf('@') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int at = text.indexOf('@');
    while (at >= 0) {
      int start = at;
      while (start > copied && at - start < LOCAL_PART_MAX && isLocalPart(text.charAt(start - 1))) {
        start--;
      }
      int end = start < at ? emailEnd(text, at) : -1;
      if (end < 0) {
        at = text.indexOf('@', at + 1);
        continue;
      }
      out.append(text, copied, start).append(EMAIL_REDACTED);
      copied = end;
      at = text.indexOf('@', end);
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** End (exclusive) of the domain after the {@code @} at {@code at}, or -1 if it has none. */
  private static int emailEnd(String text, int at) {
    int runEnd = at + 1;
    while (runEnd < text.length() && runEnd - at - 1 < DOMAIN_MAX && isDomain(text.charAt(runEnd))) {
      runEnd++;
    }
    // The last dot of the domain run that has two or more letters after it and a label before it.
    for (int dot = runEnd - 1; dot > at + 1; dot--) {
      if (text.charAt(dot) != '.') {
        continue;
      }
      int letters = 0;
      while (dot + 1 + letters < text.length() && letters < TOP_LEVEL_MAX && isLetter(text.charAt(dot + 1 + letters))) {
        letters++;
      }
      if (letters >= 2) {
        return dot + 1 + letters;
      }
    }
    return -1;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDomain(char c) {
    return isLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }

  private static boolean isLocalPart(char c) {
    return isDomain(c) || c == '_' || c == '%' || c == '+';
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
