package io.journeyminer.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * {@code web/events-YYYY-MM-DD.ndjson.gz}: the web shop's analytics events, one gzip file per UTC
 * day, Segment-style (messageId, anonymousId, userId, event, properties, context) with a GA4-style
 * {@code params} array. Timestamps carry the visitor's local UTC offset.
 */
final class WebEventsWriter extends SourceWriter {

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  static final List<String> UNMAPPED_EVENTS = List.of("Video Played", "Cookie Consent Updated", "Chat Widget Opened");
  /** What browsers send when a script formats an invalid date. */
  static final List<String> BAD_TIMES = List.of("Invalid Date", "undefined", "NaN");

  private static final ObjectMapper JSON = new ObjectMapper();

  private long orders;

  WebEventsWriter(GeneratorOptions options, Path temporary) {
    super(
        Source.WEB_EVENTS,
        options,
        temporary,
        Map.of(
            Defect.DUPLICATE, 0.006,
            Defect.MALFORMED_RECORD, 0.002,
            Defect.BAD_TIMESTAMP, 0.002,
            Defect.MISSING_IDENTIFIER, 0.002,
            Defect.UNMAPPED_TOUCHPOINT, 0.004,
            Defect.FUTURE_TIMESTAMP, 0.001));
  }

  @Override
  void write(CustomerRecords records, Touch touch, SplittableRandom random) {
    Customer customer = records.customer();
    String cookie = customer.cookies().get(touch.device());
    String email = touch.withEmail() ? typedEmail(customer, random) : null;
    ObjectNode event = render(customer, touch, cookie, email, random);
    records.identifier("cookie", cookie);
    if (touch.loggedIn()) {
      records.identifier("user_id", customer.userId());
    }
    records.identifier("email", email);
    String text = text(event);
    good(touch.at(), text, random, defect -> spoil(customer, event, text, touch, defect, random));
  }

  /** People type their address as they like; the shop stores what they typed. */
  private static String typedEmail(Customer customer, SplittableRandom random) {
    return random.nextDouble() < 0.7 ? customer.email() : customer.email().toLowerCase(Locale.ROOT);
  }

  private ObjectNode render(Customer customer, Touch touch, String cookie, String email, SplittableRandom random) {
    Page page = page(touch, random);
    ObjectNode event = JSON.createObjectNode();
    event.put("messageId", "ajs-next-" + CustomerFactory.uuid(random).replace("-", ""));
    event.put("type", page.track() ? "track" : "page");
    event.put("event", page.event());
    event.put("anonymousId", cookie);
    if (touch.loggedIn()) {
      event.put("userId", customer.userId());
    } else {
      event.putNull("userId");
    }
    event.put("timestamp", time(touch.at(), customer));
    event.set("properties", properties(touch, page, random));
    ObjectNode context = event.putObject("context");
    ObjectNode pageNode = context.putObject("page");
    pageNode.put("path", page.path());
    if (page.referrer() == null) {
      pageNode.putNull("referrer");
    } else {
      pageNode.put("referrer", page.referrer());
    }
    pageNode.put("search", page.search());
    pageNode.put("url", Fixtures.SHOP + page.path() + page.search());
    pageNode.put("title", page.title());
    ObjectNode campaign = context.putObject("campaign");
    campaign.put("source", page.source());
    campaign.put("medium", touch.traffic().medium());
    campaign.put("name", touch.campaign());
    if (email != null) {
      context.putObject("traits").put("email", email);
    }
    context.putObject("location").put("country", customer.country());
    context.put("locale", locale(customer.country()));
    ArrayNode params = event.putArray("params");
    param(params, "ga_session_id").put("int_value", 1_700_000_000L + customer.number() * 1_000L + touch.session());
    param(params, "page_location").put("string_value", Fixtures.SHOP + page.path() + page.search());
    param(params, "engagement_time_msec").put("int_value", 800 + random.nextInt(60_000));
    return event;
  }

  private static ObjectNode param(ArrayNode params, String key) {
    ObjectNode param = params.addObject();
    param.put("key", key);
    return param.putObject("value");
  }

  /** The page an event happens on and how the shop names the event. */
  private record Page(
      String event, boolean track, String path, String referrer, String search, String title, String source) {}

  private Page page(Touch touch, SplittableRandom random) {
    Fixtures.Product product = Fixtures.PRODUCTS.get(touch.product() >= 0 ? touch.product() : random.nextInt(Fixtures.PRODUCTS.size()));
    String productPath = "/products/" + product.slug() + "-" + product.sku().toLowerCase(Locale.ROOT);
    String category = Fixtures.pick(Fixtures.CATEGORIES, random);
    String internal = Fixtures.SHOP + (random.nextBoolean() ? "/" : "/c/" + category);
    String source = sourceOf(touch.traffic(), random);
    if (touch.landing()) {
      return landing(touch, productPath, product, category, source, random);
    }
    return switch (touch.touchpoint()) {
      case PRODUCT_VIEW -> new Page("Page Viewed", false, productPath, internal, "", product.name(), source);
      case CATEGORY_VIEW -> new Page("Page Viewed", false, "/c/" + category, internal, "", title(category), source);
      case STORE_LOCATOR -> new Page("Page Viewed", false, "/stores", internal, "", "Find a store", source);
      case ADD_TO_CART -> new Page("Product Added", true, productPath, internal, "", product.name(), source);
      case CHECKOUT_START -> new Page("Checkout Started", true, "/checkout", Fixtures.SHOP + "/cart", "", "Checkout", source);
      case WEB_PURCHASE ->
          new Page("Order Completed", true, "/checkout/confirmation", Fixtures.SHOP + "/checkout", "", "Thank you", source);
      case ACCOUNT_LOGIN -> new Page("Signed In", true, "/account/login", internal, "", "Sign in", source);
      case ACCOUNT_SIGNUP -> new Page("Signed Up", true, "/account/register", internal, "", "Create account", source);
      case NEWSLETTER_SIGNUP -> new Page("Newsletter Subscribed", true, "/newsletter", internal, "", "Newsletter", source);
      default -> throw new IllegalArgumentException("No web event for " + touch.touchpoint());
    };
  }

  /** A session's first page: campaign landings carry UTM parameters, others an outside referrer or none. */
  private Page landing(
      Touch touch, String productPath, Fixtures.Product product, String category, String source, SplittableRandom random) {
    Traffic traffic = touch.traffic();
    String path;
    String title;
    if (touch.touchpoint() == Touchpoint.PRODUCT_VIEW) {
      path = productPath;
      title = product.name();
    } else if (touch.touchpoint() == Touchpoint.CATEGORY_VIEW) {
      path = "/c/" + category;
      title = title(category);
    } else if (touch.touchpoint() == Touchpoint.DIRECT_VISIT) {
      path = "/";
      title = "Nordhaus Living";
    } else {
      double roll = random.nextDouble();
      path = roll < 0.5 ? productPath : roll < 0.75 ? "/c/" + category : traffic == Traffic.DISPLAY ? "/sale" : "/";
      title = path.equals(productPath) ? product.name() : path.startsWith("/c/") ? title(category) : "Nordhaus Living";
    }
    String search = "";
    String referrer = null;
    switch (traffic) {
      case PAID_SEARCH, PAID_SOCIAL, DISPLAY, EMAIL -> {
        search = "?utm_source=" + source + "&utm_medium=" + traffic.medium() + "&utm_campaign=" + touch.campaign();
        referrer =
            switch (traffic) {
              case PAID_SEARCH -> "https://www.google.com/";
              case PAID_SOCIAL -> "https://l." + source + ".com/";
              case DISPLAY -> "https://news.example.org/living/" + (1000 + random.nextInt(9000));
              default -> null;
            };
      }
      case ORGANIC -> referrer = Fixtures.pick(Fixtures.SEARCH_REFERRERS, random);
      case DIRECT -> referrer = null;
    }
    return new Page("Page Viewed", false, path, referrer, search, title, source);
  }

  private static String sourceOf(Traffic traffic, SplittableRandom random) {
    return switch (traffic) {
      case PAID_SEARCH -> "google";
      case PAID_SOCIAL -> Fixtures.pick(Fixtures.SOCIAL_SOURCES, random);
      case DISPLAY -> "dv360";
      case EMAIL -> "newsletter";
      case ORGANIC -> "google";
      case DIRECT -> "(direct)";
    };
  }

  private static String title(String category) {
    return category.substring(0, 1).toUpperCase(Locale.ROOT) + category.substring(1) + " | Nordhaus Living";
  }

  private ObjectNode properties(Touch touch, Page page, SplittableRandom random) {
    ObjectNode properties = JSON.createObjectNode();
    switch (touch.touchpoint()) {
      case ADD_TO_CART, PRODUCT_VIEW -> {
        Fixtures.Product product = Fixtures.PRODUCTS.get(Math.max(0, touch.product()));
        properties.put("product_id", product.sku());
        properties.put("name", product.name());
        properties.put("category", product.category());
        properties.put("price", product.price());
        if (touch.touchpoint() == Touchpoint.ADD_TO_CART) {
          properties.put("quantity", 1 + random.nextInt(2));
        }
        properties.put("currency", Fixtures.CURRENCY);
      }
      case WEB_PURCHASE -> {
        properties.put("order_id", String.format(Locale.ROOT, "NH%08d", ++orders));
        properties.put("revenue", touch.revenue());
        properties.put("currency", Fixtures.CURRENCY);
      }
      case ACCOUNT_LOGIN -> properties.put("method", "password");
      case ACCOUNT_SIGNUP -> properties.put("method", "email");
      case NEWSLETTER_SIGNUP -> properties.put("list", "weekly");
      default -> properties.put("path", page.path());
    }
    return properties;
  }

  private String spoil(Customer customer, ObjectNode good, String goodText, Touch touch, Defect defect, SplittableRandom random) {
    if (defect == Defect.MALFORMED_RECORD) {
      return Malformed.truncated(goodText, 30, random);
    }
    ObjectNode event = good.deepCopy();
    event.put("messageId", "ajs-next-" + CustomerFactory.uuid(random).replace("-", ""));
    switch (defect) {
      case BAD_TIMESTAMP -> event.put("timestamp", Fixtures.pick(BAD_TIMES, random));
      case FUTURE_TIMESTAMP -> event.put("timestamp", time(futureTime(random), customer));
      // A server-side event sent without the browser's ids.
      case MISSING_IDENTIFIER -> {
        event.putNull("anonymousId");
        event.putNull("userId");
        ((ObjectNode) event.get("context")).remove("traits");
      }
      case UNMAPPED_TOUCHPOINT -> {
        event.put("type", "track");
        event.put("event", Fixtures.pick(UNMAPPED_EVENTS, random));
        event.putObject("properties").put("position", random.nextInt(120));
      }
      default -> {
        return null;
      }
    }
    return text(event);
  }

  private static String time(long at, Customer customer) {
    return TIME.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(at), customer.zone()));
  }

  private static String locale(String country) {
    return switch (country) {
      case "DE" -> "de-DE";
      case "AT" -> "de-AT";
      case "FR" -> "fr-FR";
      case "NL" -> "nl-NL";
      case "GB" -> "en-GB";
      default -> "en-US";
    };
  }

  private static String text(ObjectNode event) {
    try {
      return JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected long duplicateDelay(SplittableRandom random) {
    // The collector re-sends a batch after a timeout: the copy lands in a later day's file.
    return 6 * JourneySimulator.HOUR + random.nextLong(24 * JourneySimulator.HOUR);
  }

  @Override
  void finish(Path output) throws IOException {
    Path folder = output.resolve("web");
    Files.createDirectories(folder);
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(folder, "events-*.ndjson.gz")) {
      for (Path file : stale) {
        Files.delete(file);
      }
    }
    DayFiles files = new DayFiles(folder);
    try {
      export.drainTo(files::write);
      LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(options.asOf().toEpochMilli() - 1), ZoneOffset.UTC);
      files.openUntil(last);
    } finally {
      files.close();
    }
  }

  /** One gzip file per UTC day; days without events still get an (empty) file. */
  private final class DayFiles {
    private final Path folder;
    private LocalDate day;
    private Writer writer;

    DayFiles(Path folder) {
      this.folder = folder;
    }

    void write(long key, String text) throws IOException {
      openUntil(LocalDate.ofInstant(Instant.ofEpochMilli(key), ZoneOffset.UTC));
      writer.write(text);
      writer.write('\n');
    }

    void openUntil(LocalDate target) throws IOException {
      LocalDate next = day == null ? LocalDate.ofInstant(options.windowStart(), ZoneOffset.UTC) : day.plusDays(1);
      if (day != null && !target.isAfter(day)) {
        return;
      }
      for (LocalDate date = next; !date.isAfter(target); date = date.plusDays(1)) {
        close();
        day = date;
        Path file = folder.resolve("events-" + date + ".ndjson.gz");
        writer = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8);
      }
    }

    void close() throws IOException {
      if (writer != null) {
        writer.close();
        writer = null;
      }
    }
  }
}
