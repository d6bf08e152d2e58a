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

  /** Matches e-mail addresses inside free text, for redacting raw records and attributes. */
  public static final String EMAIL_IN_TEXT = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";

  /**
   * Matches international phone numbers ({@code +49 151 ...}, {@code 0049-151-...}) inside free
   * text. Dots and colons are not separators, so dates and times are never taken for phones; no-break
   * spaces are, as some exports write them.
   */
  public static final String INTERNATIONAL_PHONE_IN_TEXT = "(?<![\\w+])(?:\\+|00)[1-9][0-9 \\u00A0\\u202F()/-]{6,}[0-9](?![\\w])";

  /**
   * Also national numbers ({@code 0151 2345678}): used only on records that could not be parsed,
   * where the phone column's value is unknown, since it also matches dates like {@code 01-02-2026}.
   */
  public static final String ANY_PHONE_IN_TEXT = "(?<![\\w+])(?:\\+|0)[0-9][0-9 \\u00A0\\u202F()/-]{6,}[0-9](?![\\w])";

  private Pii() {}

  /** Salted hash of a normalised value: hex SHA-256 of {@code salt:type:value}. */
  public static Column hash(String salt, String type, Column normalized) {
    return sha2(concat(lit(salt + ":" + type + ":"), normalized), 256);
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
