package io.journeyminer.generate;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Draws one true customer. Identifiers that must never be shared between customers (e-mail,
 * phone, user id, CRM id, loyalty card) are derived from the customer's number through a
 * bijection, so they are unique at any scale; cookies are random UUIDs.
 */
final class CustomerFactory {

  private static final String[] COUNTRIES = {"DE", "AT", "FR", "NL", "GB", "US"};
  private static final double[] COUNTRY_SHARES = {0.42, 0.08, 0.14, 0.12, 0.14, 0.10};
  private static final String[] ZONES = {
    "Europe/Berlin", "Europe/Vienna", "Europe/Paris", "Europe/Amsterdam", "Europe/London",
    "America/New_York"
  };

  CustomerFactory() {}

  Customer create(int number, SplittableRandom random) {
    Segment segment = segment(random);
    boolean storeFirst = segment == Segment.STORE || segment == Segment.PHONE_LEAD;
    int countryIndex = storeFirst ? (random.nextDouble() < 0.85 ? 0 : 1) : weighted(COUNTRY_SHARES, random);
    String country = COUNTRIES[countryIndex];
    String firstName = Fixtures.pick(Fixtures.FIRST_NAMES, random);
    String lastName = Fixtures.pick(Fixtures.LAST_NAMES, random);
    boolean storeShopper =
        storeFirst
            || (segment != Segment.ANONYMOUS
                && random.nextDouble() < (countryIndex == 0 ? 0.40 : countryIndex == 1 ? 0.20 : 0.03));
    boolean loyaltyMember = segment == Segment.STORE && random.nextDouble() < 0.7;
    boolean hasCrm =
        switch (segment) {
          case ANONYMOUS -> false;
          case ACCOUNT -> random.nextDouble() < 0.6;
          case SUBSCRIBER, PHONE_LEAD -> true;
          case STORE -> loyaltyMember;
        };
    boolean contactRow = segment == Segment.PHONE_LEAD || loyaltyMember;
    String phone =
        contactRow && (segment == Segment.PHONE_LEAD || random.nextDouble() < 0.6)
            ? phone(number, random)
            : null;
    String userId = segment == Segment.ACCOUNT ? "u" + scramble(number, 10_000_000L, 7_919_777L) : null;
    boolean appUser = segment == Segment.ACCOUNT && random.nextDouble() < 0.4;
    return new Customer(
        number,
        String.format(Locale.ROOT, "C%06d", number),
        segment,
        country,
        ZoneId.of(ZONES[countryIndex]),
        firstName,
        lastName,
        email(number, firstName, lastName, random),
        phone,
        userId,
        segment == Segment.ACCOUNT && random.nextDouble() < 0.3,
        cookies(segment, random),
        hasCrm ? crmId(number) : null,
        loyaltyMember ? "4006" + String.format(Locale.ROOT, "%09d", scramble(number, 1_000_000_000L, 387_420_489L)) : null,
        storeShopper,
        appUser,
        random.nextInt(Fixtures.STORES.size()),
        ipAddress(random),
        Fixtures.pick(Fixtures.BROWSER_USER_AGENTS, random),
        Fixtures.pick(Fixtures.APP_USER_AGENTS, random),
        random.nextGaussian() * 0.6 - 2.6 + (storeFirst ? 0.6 : 0.0));
  }

  private static Segment segment(SplittableRandom random) {
    double[] shares = {0.22, 0.40, 0.22, 0.10, 0.06};
    return Segment.values()[weighted(shares, random)];
  }

  private static int weighted(double[] shares, SplittableRandom random) {
    double roll = random.nextDouble();
    double sum = 0;
    for (int i = 0; i < shares.length; i++) {
      sum += shares[i];
      if (roll < sum) {
        return i;
      }
    }
    return shares.length - 1;
  }

  private static List<String> cookies(Segment segment, SplittableRandom random) {
    int count =
        switch (segment) {
          case ANONYMOUS, SUBSCRIBER -> 1;
          case ACCOUNT -> {
            double roll = random.nextDouble();
            yield roll < 0.6 ? 1 : roll < 0.9 ? 2 : 3;
          }
          case STORE, PHONE_LEAD -> 0;
        };
    List<String> cookies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      cookies.add(uuid(random));
    }
    return cookies;
  }

  /** A random version-4 UUID drawn from the seeded generator, so runs are reproducible. */
  static String uuid(SplittableRandom random) {
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least).toString();
  }

  /** Unique per customer: the number appears in the local part, whose name part has no digits. */
  private static String email(int number, String firstName, String lastName, SplittableRandom random) {
    String first = ascii(firstName);
    String last = ascii(lastName);
    String domain = Fixtures.pick(Fixtures.EMAIL_DOMAINS, random);
    double style = random.nextDouble();
    String local =
        style < 0.5
            ? first + "." + last + number
            : style < 0.8 ? first.charAt(0) + last + number : first + "_" + number;
    // Some people type their address with capitals; normalisation must still match them up.
    return random.nextDouble() < 0.3 ? local + "@" + domain : local.toLowerCase(Locale.ROOT) + "@" + domain;
  }

  private static String ascii(String name) {
    String folded =
        java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .replace("ł", "l")
            .replace("Ł", "L");
    return folded.replaceAll("[^A-Za-z]", "");
  }

  /** German mobile prefixes libphonenumber holds valid (0153 and 0154 are not allocated). */
  private static final List<String> MOBILE_PREFIXES = List.of("151", "152", "176", "172", "155", "156", "157", "158", "159");

  private static String phone(int number, SplittableRandom random) {
    String digits = String.format(Locale.ROOT, "%08d", scramble(number, 100_000_000L, 48_271L));
    String prefix = MOBILE_PREFIXES.get(random.nextInt(MOBILE_PREFIXES.size()));
    double style = random.nextDouble();
    if (style < 0.5) {
      return "+49 " + prefix + " " + digits;
    }
    return style < 0.8 ? "0049 " + prefix + " " + digits : "+49-" + prefix + "-" + digits;
  }

  /**
   * The national spelling of one of {@link #phone}'s international numbers, as a German telephony
   * system logs a caller ({@code 0151 12345678}, {@code (0151) 1234 5678}, {@code 0151/12345678} or
   * with a no-break space); {@code variant} picks the spelling.
   */
  static String nationalPhone(String international, long variant) {
    String digits = international.replaceAll("[^0-9]", "").replaceFirst("^(00)?49", "");
    String prefix = "0" + digits.substring(0, 3);
    String subscriber = digits.substring(3);
    return switch ((int) Math.floorMod(variant, 4L)) {
      case 0 -> prefix + " " + subscriber;
      case 1 -> "(" + prefix + ") " + subscriber.substring(0, 4) + " " + subscriber.substring(4);
      case 2 -> prefix + "/" + subscriber;
      default -> prefix + "\u00A0" + subscriber;
    };
  }

  /** Salesforce-style 15-character contact id; fresh ids for rejected rows use another prefix. */
  static String crmId(int number) {
    return "0035g00000" + base36(scramble(number, 60_466_176L, 1_000_003L), 5);
  }

  static String base36(long value, int width) {
    String text = Long.toString(value, 36).toUpperCase(Locale.ROOT);
    return "0".repeat(Math.max(0, width - text.length())) + text;
  }

  /** A bijection on [0, modulus) (the multiplier is coprime to the modulus): unique outputs. */
  static long scramble(long number, long modulus, long multiplier) {
    return Math.floorMod(number * multiplier + 12_345L, modulus);
  }

  private static String ipAddress(SplittableRandom random) {
    if (random.nextDouble() < 0.35) {
      return String.format(
          Locale.ROOT, "2001:db8:%x:%x::%x", random.nextInt(0x10000), random.nextInt(0x10000), 1 + random.nextInt(0xffff));
    }
    String[] prefixes = {"192.0.2.", "198.51.100.", "203.0.113."};
    return prefixes[random.nextInt(prefixes.length)] + (1 + random.nextInt(254));
  }
}
