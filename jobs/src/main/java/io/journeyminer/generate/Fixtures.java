package io.journeyminer.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The fictional retailer, Nordhaus Living (furniture, kitchens and home goods; a web shop, a mobile
 * app, stores in Germany and a CRM): names, products, stores, campaigns and free text. All domains
 * are reserved example domains.
 */
final class Fixtures {

  static final String SHOP = "https://shop.example.com";
  static final String GUEST_CARD = "GUEST-0000";
  static final String CURRENCY = "EUR";

  static final List<String> FIRST_NAMES =
      List.of(
          "Anna", "Lukas", "Mia", "Leon", "Emma", "Finn", "Sophie", "Jonas", "Marie", "Paul",
          "Lena", "Felix", "Hannah", "Noah", "Clara", "Elias", "Louise", "Hugo", "Chloé", "Jules",
          "Inès", "Léa", "Sanne", "Daan", "Fleur", "Bram", "Olivia", "Oliver", "Amelia", "George",
          "Isla", "Harry", "Emily", "James", "Grace", "Ethan", "Zoë", "Jürgen", "Sören", "Małgorzata");

  static final List<String> LAST_NAMES =
      List.of(
          "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
          "Hoffmann", "Schäfer", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Martin", "Bernard",
          "Dubois", "Lefèvre", "Moreau", "de Vries", "van Dijk", "Jansen", "Bakker", "Visser",
          "Smith", "Jones", "Taylor", "Brown", "Williams", "O'Brien", "Wilson", "Johnson", "Davis",
          "Nowak", "Gruber", "Huber", "Bauer", "Pichler", "Smith, Jr.");

  static final List<String> EMAIL_DOMAINS = List.of("example.com", "example.org", "example.net");

  record Product(String sku, String slug, String name, String category, double price) {}

  static final List<Product> PRODUCTS =
      List.of(
          new Product("NH-10231", "oslo-3-seat-sofa", "Oslo 3-seat sofa, oat", "sofas", 1299.00),
          new Product("NH-10244", "oslo-armchair", "Oslo armchair, oat", "sofas", 549.00),
          new Product("NH-10310", "fjord-corner-sofa", "Fjord corner sofa", "sofas", 1899.00),
          new Product("NH-20112", "lund-dining-table", "Lund dining table 180 cm, oak", "tables", 899.00),
          new Product("NH-20130", "lund-bench", "Lund bench 160 cm", "tables", 329.00),
          new Product("NH-20415", "kiel-coffee-table", "Kiel coffee table", "tables", 249.00),
          new Product("NH-30001", "halo-pendant-lamp", "Halo pendant lamp, brass", "lighting", 189.00),
          new Product("NH-30017", "halo-floor-lamp", "Halo floor lamp", "lighting", 229.00),
          new Product("NH-30022", "lumen-desk-lamp", "Lumen desk lamp", "lighting", 79.90),
          new Product("NH-40100", "nord-kitchen-module", "Nord kitchen base module 60 cm", "kitchens", 459.00),
          new Product("NH-40120", "nord-worktop-oak", "Nord worktop, oak, per metre", "kitchens", 219.00),
          new Product("NH-40200", "chef-knife-set", "Chef knife set, 5 pieces", "kitchens", 149.00),
          new Product("NH-50010", "linen-duvet-cover", "Linen duvet cover 200x220", "textiles", 119.00),
          new Product("NH-50022", "wool-throw", "Wool throw, moss", "textiles", 89.00),
          new Product("NH-50031", "jute-rug-160", "Jute rug 160x230", "textiles", 199.00),
          new Product("NH-60005", "teak-garden-chair", "Teak garden chair", "outdoor", 179.00),
          new Product("NH-60012", "teak-garden-table", "Teak garden table 200 cm", "outdoor", 749.00),
          new Product("NH-70001", "ceramic-vase-set", "Ceramic vase set of 3", "decor", 59.90),
          new Product("NH-70014", "oak-wall-shelf", "Oak wall shelf 80 cm", "decor", 69.00),
          new Product("NH-70020", "scented-candle", "Scented candle, cedar", "decor", 24.90));

  static final List<String> CATEGORIES =
      List.of("sofas", "tables", "lighting", "kitchens", "textiles", "outdoor", "decor");

  record Store(String id, String name) {}

  static final List<Store> STORES =
      List.of(
          new Store("S01", "Berlin Mitte"),
          new Store("S02", "Hamburg Altona"),
          new Store("S03", "München Marienplatz"),
          new Store("S04", "Köln Hohe Straße"),
          new Store("S05", "Düsseldorf Königsallee"));

  static final List<String> SEARCH_REFERRERS =
      List.of(
          "https://www.google.com/",
          "https://www.google.de/",
          "https://www.bing.com/",
          "https://duckduckgo.com/",
          "https://www.ecosia.org/");

  static final List<String> SOCIAL_SOURCES = List.of("instagram", "facebook", "pinterest", "tiktok");

  static final List<String> PAID_SEARCH_CAMPAIGNS =
      List.of("brand_search", "generic_sofas", "generic_kitchens", "generic_lighting");

  static final List<String> SOCIAL_CAMPAIGNS =
      List.of("winter_living_reels", "kitchen_inspiration", "new_collection_carousel");

  static final List<String> DISPLAY_CAMPAIGNS =
      List.of("retargeting_cart", "prospecting_home", "winter_sale_banner");

  static final List<String> EMAIL_CAMPAIGNS =
      List.of("newsletter_weekly", "winter_sale", "kitchen_planning_invite", "back_in_stock");

  static final List<String> SALES_OWNERS =
      List.of("j.keller", "m.okafor", "s.lindqvist", "t.brandt", "a.rossi");

  static final List<String> CALL_NOTES =
      List.of(
          "Customer asked about delivery times for the Oslo sofa, wants it before March.",
          "Discussed kitchen layout, L-shape, approx. 4.2 m.\nSent brochure, follow up next week.",
          "Called back re. quote: \"price is fine, needs to check with partner\".",
          "Interested in Lund table, oak vs. walnut; asked for fabric samples, too.",
          "Voicemail left.\nWill try again on Friday, 10:00.",
          "Wants a planning appointment in store, prefers Saturday morning, any branch.");

  static final List<String> CHAT_NOTES =
      List.of(
          "Delivery slot changed to next Tuesday, customer confirmed.",
          "Question about assembly service; price list sent, 89 EUR flat.",
          "Damaged leg on arrival. Replacement part ordered,\nticket closed.",
          "Asked how to clean linen, \"30 degrees, no dryer\" – sent care guide.");

  static final List<String> BROWSER_USER_AGENTS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
          "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");

  /** App user agents; in-app web views append their own quoted tokens, which Nginx escapes. */
  static final List<String> APP_USER_AGENTS =
      List.of(
          "NordhausApp/5.12.1 (iPhone; iOS 18.1; Scale/3.00)",
          "NordhausApp/5.12.0 (Android 14; Pixel 8)",
          "NordhausApp/5.11.4 (Android 13; SM-A546B)",
          "NordhausApp/5.12.1 (iPad; iOS 17.6; Scale/2.00) WebView/\"embedded\"",
          "okhttp/4.12.0 NordhausApp/5.10.2 (Android 12; \"Redmi Note 11\")");

  static final List<String> BOT_USER_AGENTS =
      List.of(
          "Mozilla/5.0 (compatible; ExampleBot/2.1; +https://bot.example.net/about)",
          "python-requests/2.32.3",
          "Mozilla/5.0 (compatible; PriceWatcher/1.0; \"catalog sync\"; +https://prices.example.org)");

  private Fixtures() {}

  static <T> T pick(List<T> values, SplittableRandom random) {
    return values.get(random.nextInt(values.size()));
  }
}
