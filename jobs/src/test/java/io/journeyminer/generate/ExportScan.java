package io.journeyminer.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An independent reader of the generator's exports, written from the README's description of the
 * files rather than from the generator's code: it parses every file, classifies every record as
 * good, duplicate or one reject reason, and keeps the identifiers of the good ones. Tests compare
 * its findings with {@code ground_truth/}.
 */
final class ExportScan {

  /** A good record: its source, canonical touchpoint and raw identifiers (type, value). */
  record Accepted(String source, String touchpoint, List<String[]> identifiers) {}

  final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
  final List<Accepted> accepted = new ArrayList<>();
  /** Records with more than one problem; the generator promises there are none. */
  final List<String> ambiguous = new ArrayList<>();
  /** Duplicates whose text differs from the first record with the same key. */
  final List<String> inexactDuplicates = new ArrayList<>();
  final Set<String> guestEmails = new TreeSet<>();
  long guestSales;

  private final Instant futureLimit;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLF =
      Pattern.compile(
          "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"((?:[^\"\\\\]|\\\\.)*)\" (\\d{3}) (\\d+|-) \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\"$");
  private static final Pattern SEARCH_REFERRER =
      Pattern.compile("^https://(www\\.)?(google\\.[a-z.]+|bing\\.com|duckduckgo\\.com|ecosia\\.org)/");

  private ExportScan(Instant asOf) {
    this.futureLimit = asOf.plusSeconds(86_400);
  }

  static ExportScan scan(Path folder, Instant asOf) throws IOException {
    ExportScan scan = new ExportScan(asOf);
    scan.contacts(folder.resolve("crm/contacts.csv"));
    scan.activities(folder.resolve("crm/activities.csv"));
    scan.opportunities(folder.resolve("crm/opportunities.csv"));
    scan.webEvents(folder.resolve("web"));
    scan.accessLog(folder.resolve("web/access.log"));
    scan.pos(folder.resolve("store/pos_transactions.csv"));
    return scan;
  }

  long count(String source, String what) {
    return counts.get(source).getOrDefault(what, 0L);
  }

  // ---- CSV sources -----------------------------------------------------------------------

  private record CsvSpec(
      String source,
      char delimiter,
      int timeColumn,
      DateTimeFormatter format,
      ZoneId zone,
      Map<String, Integer> identifiers,
      int touchpointColumn,
      Map<String, String> lookup,
      List<Integer> key) {}

  private void contacts(Path file) throws IOException {
    csv(
        file,
        new CsvSpec(
            "crm_contacts", ',', 8, pattern("uuuu-MM-dd HH:mm:ss"), ZoneOffset.UTC,
            identifiers("crm_id", 0, "email", 3, "phone", 4, "loyalty_id", 5), 7,
            Map.of("Store", "loyalty_signup", "Phone", "phone_inquiry"), List.of(0)));
  }

  private void activities(Path file) throws IOException {
    csv(
        file,
        new CsvSpec(
            "crm_activities", ',', 6, null, ZoneOffset.UTC, identifiers("crm_id", 1, "email", 2, "phone", 9), 3,
            Map.of("Email Opened", "email_open", "Call", "sales_call", "Chat", "support_chat"), List.of(0)));
  }

  private void opportunities(Path file) throws IOException {
    csv(
        file,
        new CsvSpec(
            "crm_opportunities", ',', 8, pattern("dd/MM/uuuu HH:mm"), ZoneId.of("Europe/London"),
            identifiers("crm_id", 1, "email", 2), 4,
            Map.of("Quote", "quote_request", "Appointment", "store_appointment"), List.of(0)));
  }

  private void pos(Path file) throws IOException {
    csv(
        file,
        new CsvSpec(
            "pos_transactions", ';', 4, pattern("dd.MM.uuuu HH:mm:ss"), ZoneId.of("Europe/Berlin"),
            identifiers("loyalty_id", 6, "email", 7), 5, Map.of("SALE", "store_purchase"), List.of(0, 3)));
  }

  private static DateTimeFormatter pattern(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
  }

  private static Map<String, Integer> identifiers(Object... pairs) {
    Map<String, Integer> result = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      result.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return result;
  }

  private void csv(Path file, CsvSpec spec) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> raws = new ArrayList<>();
    parseCsv(text, spec.delimiter(), rows, raws);
    int width = rows.get(0).size();
    Map<String, String> seen = new HashMap<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      String raw = raws.get(i);
      if (row.size() != width) {
        tally(spec.source(), "malformed_record");
        continue;
      }
      StringBuilder key = new StringBuilder();
      spec.key().forEach(column -> key.append(row.get(column)).append('\u0001'));
      if (duplicate(seen, key.toString(), raw, spec.source())) {
        continue;
      }
      Instant time = csvTime(row.get(spec.timeColumn()), spec);
      List<String[]> ids = new ArrayList<>();
      spec.identifiers().forEach((type, column) -> {
        if (!row.get(column).isBlank()) {
          ids.add(new String[] {type, row.get(column)});
        }
      });
      String touchpoint = spec.lookup().get(row.get(spec.touchpointColumn()));
      if (classify(spec.source(), raw, time, ids, touchpoint)) {
        accepted.add(new Accepted(spec.source(), touchpoint, ids));
        if (spec.source().equals("pos_transactions") && row.get(6).equals("GUEST-0000")) {
          guestSales++;
          guestEmails.add(row.get(7).toLowerCase(Locale.ROOT));
        }
      }
    }
  }

  private static Instant csvTime(String value, CsvSpec spec) {
    try {
      if (spec.format() == null) {
        return Instant.parse(value);
      }
      return ZonedDateTime.of(LocalDateTime.parse(value, spec.format()), spec.zone()).toInstant();
    } catch (RuntimeException unparseable) {
      return null;
    }
  }

  /** RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF or LF. */
  static void parseCsv(String text, char delimiter, List<List<String>> rows, List<String> raws) {
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int rowStart = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
        i++;
        continue;
      }
      if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' || c == '\n') {
        row.add(field.toString());
        field.setLength(0);
        raws.add(text.substring(rowStart, i));
        rows.add(row);
        row = new ArrayList<>();
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        rowStart = i + 1;
      } else {
        field.append(c);
      }
      i++;
    }
    if (rowStart < text.length()) {
      row.add(field.toString());
      raws.add(text.substring(rowStart));
      rows.add(row);
    }
  }

  // ---- web events ----------------------------------------------------------------------------

  private void webEvents(Path folder) throws IOException {
    Map<String, String> seen = new HashMap<>();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "events-*.ndjson.gz")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    for (Path file : files) {
      String text;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      for (String line : text.split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        webEvent(line, seen);
      }
    }
  }

  private void webEvent(String line, Map<String, String> seen) {
    JsonNode event;
    try {
      event = JSON.readTree(line);
    } catch (IOException malformed) {
      tally("web_events", "malformed_record");
      return;
    }
    if (duplicate(seen, event.path("messageId").asText(), line, "web_events")) {
      return;
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(event.path("timestamp").asText()).toInstant();
    } catch (RuntimeException unparseable) {
      time = null;
    }
    List<String[]> ids = new ArrayList<>();
    addIdentifier(ids, "cookie", event.get("anonymousId"));
    addIdentifier(ids, "user_id", event.get("userId"));
    addIdentifier(ids, "email", event.path("context").path("traits").get("email"));
    String touchpoint = webTouchpoint(event);
    if (classify("web_events", line, time, ids, touchpoint)) {
      accepted.add(new Accepted("web_events", touchpoint, ids));
    }
  }

  private static void addIdentifier(List<String[]> ids, String type, JsonNode value) {
    if (value != null && !value.isNull() && !value.asText().isBlank()) {
      ids.add(new String[] {type, value.asText()});
    }
  }

  /** The touchpoint rules of data-samples/pipeline.yaml, first match wins. */
  private static String webTouchpoint(JsonNode event) {
    String name = event.path("event").asText();
    switch (name) {
      case "Order Completed":
        return "web_purchase";
      case "Checkout Started":
        return "checkout_start";
      case "Product Added":
        return "add_to_cart";
      case "Signed In":
        return "account_login";
      case "Signed Up":
        return "account_signup";
      case "Newsletter Subscribed":
        return "newsletter_signup";
      case "Page Viewed":
        break;
      default:
        return null;
    }
    JsonNode page = event.path("context").path("page");
    String search = page.path("search").asText("");
    for (String[] medium : new String[][] {
      {"cpc", "paid_search_click"}, {"paid_social", "social_ad_click"}, {"display", "display_ad_click"},
      {"email", "email_click"}
    }) {
      if (Pattern.compile("utm_medium=" + medium[0] + "(&|$)").matcher(search).find()) {
        return medium[1];
      }
    }
    JsonNode referrer = page.get("referrer");
    boolean noReferrer = referrer == null || referrer.isNull();
    if (!noReferrer && SEARCH_REFERRER.matcher(referrer.asText()).find()) {
      return "organic_search";
    }
    String path = page.path("path").asText("");
    if (path.startsWith("/products/")) {
      return "product_view";
    }
    if (path.startsWith("/c/")) {
      return "category_view";
    }
    if (path.startsWith("/stores")) {
      return "store_locator";
    }
    return path.equals("/") && noReferrer ? "direct_visit" : null;
  }

  // ---- access log ----------------------------------------------------------------------------

  private void accessLog(Path file) throws IOException {
    Map<String, String> seen = new HashMap<>();
    DateTimeFormatter format = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      Matcher matcher = CLF.matcher(line);
      if (!matcher.matches()) {
        tally("api_access_log", "malformed_record");
        continue;
      }
      if (duplicate(seen, line, line, "api_access_log")) {
        continue;
      }
      Instant time;
      try {
        time = OffsetDateTime.parse(matcher.group(4), format).toInstant();
      } catch (RuntimeException unparseable) {
        time = null;
      }
      List<String[]> ids = new ArrayList<>();
      if (!matcher.group(3).equals("-")) {
        ids.add(new String[] {"user_id", matcher.group(3)});
      }
      String[] request = matcher.group(5).split(" ");
      String path = request[1].replaceFirst("\\?.*", "");
      String touchpoint = apiTouchpoint(request[0], path);
      if (classify("api_access_log", line, time, ids, touchpoint)) {
        accepted.add(new Accepted("api_access_log", touchpoint, ids));
      }
    }
  }

  private static String apiTouchpoint(String method, String path) {
    if (method.equals("GET") && path.matches("^/api/v2/products/[^/]+$")) {
      return "product_view";
    }
    if (method.equals("POST") && path.matches("^/api/v2/products/[^/]+/reviews$")) {
      return "review_written";
    }
    if (method.equals("POST") && path.equals("/api/v2/cart/items")) {
      return "add_to_cart";
    }
    if (method.equals("POST") && path.equals("/api/v2/wishlist/items")) {
      return "wishlist_add";
    }
    if (method.equals("GET") && path.equals("/api/v2/stores")) {
      return "store_locator";
    }
    if (method.equals("GET") && path.matches("^/api/v2/orders/[^/]+/tracking$")) {
      return "order_tracking";
    }
    return null;
  }

  // ---- shared ------------------------------------------------------------------------------

  private void tally(String source, String what) {
    counts.computeIfAbsent(source, s -> new LinkedHashMap<>()).merge(what, 1L, Long::sum);
    if (!what.equals("read")) {
      counts.get(source).merge("read", 1L, Long::sum);
    }
  }

  private boolean duplicate(Map<String, String> seen, String key, String raw, String source) {
    String first = seen.putIfAbsent(key, raw);
    if (first == null) {
      return false;
    }
    if (!first.equals(raw)) {
      inexactDuplicates.add(source + ": " + key);
    }
    tally(source, "duplicates");
    return true;
  }

  /** Counts the record's one problem, or accepts it; notes records with several problems. */
  private boolean classify(String source, String raw, Instant time, List<String[]> ids, String touchpoint) {
    List<String> problems = new ArrayList<>();
    if (time == null) {
      problems.add("bad_timestamp");
    } else if (time.isAfter(futureLimit)) {
      problems.add("future_timestamp");
    }
    if (ids.isEmpty()) {
      problems.add("missing_identifier");
    }
    if (touchpoint == null) {
      problems.add("unmapped_touchpoint");
    }
    if (problems.size() > 1) {
      ambiguous.add(source + " " + problems + ": " + raw);
    }
    if (!problems.isEmpty()) {
      tally(source, problems.get(0));
      return false;
    }
    tally(source, "accepted");
    return true;
  }

  /** Identifier values as the ground truth lists them: every raw value on a good record. */
  Set<String> identifierKeys() {
    Set<String> keys = new HashSet<>();
    for (Accepted record : accepted) {
      for (String[] id : record.identifiers()) {
        if (!id[1].equals("GUEST-0000")) {
          keys.add(id[0] + "|" + id[1]);
        }
      }
    }
    return keys;
  }
}
