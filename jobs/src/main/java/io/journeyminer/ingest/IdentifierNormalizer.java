package io.journeyminer.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/**
 * Normalises raw identifier values (SPEC 2.2). There is one function, {@link #normalize(String,
 * String)}: the Spark columns of a run call it as a UDF, and tests, the data generator's ground
 * truth and the identity blocklist call it directly, so a value hashes the same everywhere (a
 * non-breaking space included).
 *
 * <p>Phone numbers are parsed with Google's libphonenumber: a valid number becomes E.164
 * ({@code +12609631150} for {@code (260) 963-1150} in region US), so national and international
 * spellings of one number are one identifier. National numbers need {@code
 * security.default_phone_region}; a number that cannot be parsed or is not valid is kept as its
 * digits (with the leading {@code +} when written, {@code 00} read as {@code +}) and counted.
 */
public final class IdentifierNormalizer implements Serializable {

  private static final long serialVersionUID = 1L;

  /** libphonenumber's region for "none": only numbers with a country code parse. */
  private static final String UNKNOWN_REGION = "ZZ";

  private final String phoneRegion;

  /** @param phoneRegion ISO 3166 region of phone numbers written without a country code */
  public IdentifierNormalizer(Optional<String> phoneRegion) {
    this.phoneRegion = phoneRegion.map(r -> r.toUpperCase(Locale.ROOT)).orElse(UNKNOWN_REGION);
  }

  /** Regions libphonenumber knows, for checking {@code security.default_phone_region}. */
  public static Set<String> supportedRegions() {
    return PhoneNumberUtil.getInstance().getSupportedRegions();
  }

  /** Normalised value of one identifier type, or null when nothing is left; non-PII types are only trimmed. */
  public String normalize(String type, String value) {
    if (value == null) {
      return null;
    }
    String trimmed = strip(value);
    String normalized =
        switch (type) {
          case Pii.EMAIL -> trimmed.toLowerCase(Locale.ROOT);
          case Pii.PHONE -> phone(trimmed).orElseGet(() -> digits(trimmed));
          default -> trimmed;
        };
    return normalized.isEmpty() ? null : normalized;
  }

  /** True for a phone value with digits that libphonenumber cannot make a valid E.164 number of. */
  public boolean phoneUnparseable(String value) {
    if (value == null) {
      return false;
    }
    String trimmed = strip(value);
    return !digits(trimmed).isEmpty() && phone(trimmed).isEmpty();
  }

  /** The Spark column of {@link #normalize(String, String)}. */
  public Column normalize(String type, Column value) {
    return udf((UDF2<String, String, String>) this::normalize, DataTypes.StringType)
        .withName("normalize_identifier")
        .apply(lit(type), value.cast("string"));
  }

  /** The Spark column of {@link #phoneUnparseable(String)}. */
  public Column phoneUnparseable(Column value) {
    return udf((UDF1<String, Boolean>) this::phoneUnparseable, DataTypes.BooleanType)
        .withName("phone_unparseable")
        .apply(value.cast("string"));
  }

  /**
   * The value events and identity_map store for a raw identifier of one type: normalised, and
   * hashed when the type is personal; null when nothing is left after normalising.
   */
  public Column stored(String salt, Set<String> piiTypes, String type, Column raw) {
    Column normalized = normalize(type, raw);
    return piiTypes.contains(type) ? Pii.hash(salt, type, normalized) : normalized;
  }

  /** The stored value of one raw identifier, as {@link #stored(String, Set, String, Column)} gives it. */
  public String stored(String salt, Set<String> piiTypes, String type, String raw) {
    String normalized = normalize(type, raw);
    return normalized == null || !piiTypes.contains(type) ? normalized : Pii.hash(salt, type, normalized);
  }

  private Optional<String> phone(String text) {
    String digits = digits(text);
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      PhoneNumber number = util.parse(digits, phoneRegion);
      return util.isValidNumber(number) ? Optional.of(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty(); // kept as its digits and counted: see phoneUnparseable
    }
  }

  /** Digits and one leading {@code +}; the international prefix {@code 00} is read as {@code +}. */
  private static String digits(String text) {
    StringBuilder kept = new StringBuilder();
    text.codePoints()
        .filter(c -> c == '+' || Character.isDigit(c))
        .forEach(c -> kept.append(c == '+' ? '+' : (char) ('0' + Character.digit(c, 10))));
    String international = kept.toString().replaceFirst("^00", "+");
    return international.isEmpty() ? international : international.charAt(0) + international.substring(1).replace("+", "");
  }

  /**
   * Strips leading and trailing white space of every kind: Unicode space separators (no-break
   * space, narrow no-break space), controls, zero-width spaces and byte-order marks, which
   * {@link String#strip()} alone keeps.
   */
  static String strip(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && blank(value.charAt(start))) {
      start++;
    }
    while (end > start && blank(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean blank(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c) || c == '\u200B' || c == '\uFEFF';
  }
}
