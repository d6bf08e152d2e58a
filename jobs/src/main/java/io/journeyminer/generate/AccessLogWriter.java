package io.journeyminer.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code web/access.log}: the shop API's Nginx access log in combined format, as the mobile app
 * calls it. {@code remote_user} is the logged-in user id; clients come over IPv4 and IPv6; quotes
 * inside user agents are escaped; crawlers call product endpoints without a user.
 */
final class AccessLogWriter extends SourceWriter {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(JourneySimulator.STORE_ZONE);
  private static final List<String> BOT_ADDRESSES =
      List.of("198.51.100.77", "203.0.113.200", "2001:db8:ffff::bot:1", "2001:db8:ffff::bot:2");

  /** Spoiled lines are rare; remembering them keeps every one distinct from every other. */
  private final Set<String> spoiledLines = new HashSet<>();

  private long orders;

  AccessLogWriter(GeneratorOptions options, Path temporary) {
    super(
        Source.API_ACCESS_LOG,
        options,
        temporary,
        Map.of(
            Defect.DUPLICATE, 0.006,
            Defect.MALFORMED_RECORD, 0.003,
            Defect.MISSING_IDENTIFIER, 0.008,
            Defect.UNMAPPED_TOUCHPOINT, 0.006));
  }

  @Override
  void write(CustomerRecords records, Touch touch, SplittableRandom random) {
    Customer customer = records.customer();
    Fixtures.Product product = Fixtures.PRODUCTS.get(Math.max(0, touch.product()));
    String sku = product.sku();
    String request;
    int status;
    switch (touch.touchpoint()) {
      case PRODUCT_VIEW -> {
        request = "GET /api/v2/products/" + sku + " HTTP/1.1";
        status = random.nextDouble() < 0.1 ? 304 : 200;
      }
      case ADD_TO_CART -> {
        request = "POST /api/v2/cart/items HTTP/1.1";
        status = 201;
      }
      case WISHLIST_ADD -> {
        request = "POST /api/v2/wishlist/items HTTP/1.1";
        status = 201;
      }
      case STORE_LOCATOR -> {
        request = "GET /api/v2/stores?lat=52.52&lon=13.40&radius=50km HTTP/1.1";
        status = 200;
      }
      case ORDER_TRACKING -> {
        request = "GET /api/v2/orders/" + String.format(Locale.ROOT, "NH%08d", 90_000_000 + ++orders) + "/tracking HTTP/2.0";
        status = 200;
      }
      case REVIEW_WRITTEN -> {
        request = "POST /api/v2/products/" + sku + "/reviews HTTP/1.1";
        status = 201;
      }
      default -> throw new IllegalArgumentException("No API call for " + touch.touchpoint());
    }
    String line =
        line(customer.ipAddress(), customer.userId(), touch.at(), request, status, 200 + random.nextInt(9000), "-", customer.appUserAgent());
    records.identifier("user_id", customer.userId());
    good(touch.at(), line, random, defect -> spoil(customer, line, touch, sku, defect, random));
  }

  static String line(
      String address, String user, long at, String request, int status, int bytes, String referer, String userAgent) {
    return address + " - " + user + " [" + TIME.format(Instant.ofEpochMilli(at)) + "] \"" + request + "\" "
        + status + " " + bytes + " \"" + referer + "\" \"" + escape(userAgent) + "\"";
  }

  /** Nginx-style escaping inside a quoted log field. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private String spoil(Customer customer, String good, Touch touch, String sku, Defect defect, SplittableRandom random) {
    for (int attempt = 0; attempt < 20; attempt++) {
      long at = touch.at() + (1 + random.nextInt(600)) * JourneySimulator.SECOND;
      String line =
          switch (defect) {
            // The log shipper died mid-line: the request is cut before its closing quote.
            case MALFORMED_RECORD -> Malformed.truncated(good, good.indexOf('"') + 2, random);
            // Crawlers read the public product API without logging in.
            case MISSING_IDENTIFIER ->
                line(Fixtures.pick(BOT_ADDRESSES, random), "-", at, "GET /api/v2/products/" + sku + " HTTP/1.1", 200,
                    200 + random.nextInt(9000), "-", Fixtures.pick(Fixtures.BOT_USER_AGENTS, random));
            // Token refreshes and config fetches are no customer touchpoint.
            case UNMAPPED_TOUCHPOINT ->
                line(customer.ipAddress(), customer.userId(), at,
                    random.nextBoolean() ? "POST /api/v2/auth/refresh HTTP/1.1" : "GET /api/v2/config HTTP/1.1",
                    200, 100 + random.nextInt(400), "-", customer.appUserAgent());
            default -> null;
          };
      if (line == null) {
        return null;
      }
      if (defect == Defect.MALFORMED_RECORD) {
        line = cutInsideRequest(good, line);
      }
      if (spoiledLines.add(line)) {
        return line;
      }
    }
    throw new IllegalStateException("Could not make a distinct spoiled log line for " + customer.id());
  }

  /** Keeps a truncated line's cut inside the quoted request, so it can never pass for a short log line. */
  private static String cutInsideRequest(String good, String truncated) {
    int requestEnd = good.indexOf('"', good.indexOf('"') + 1);
    return truncated.length() >= requestEnd ? good.substring(0, requestEnd - 1) : truncated;
  }

  @Override
  protected long duplicateDelay(SplittableRandom random) {
    // The shipper re-sends the lines it was not sure were delivered, seconds later.
    return 1 + random.nextLong(90 * JourneySimulator.SECOND);
  }

  @Override
  void finish(Path output) throws IOException {
    Path file = output.resolve("web").resolve("access.log");
    Files.createDirectories(file.getParent());
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      export.drainTo(
          (key, text) -> {
            writer.write(text);
            writer.write('\n');
          });
    }
  }
}
