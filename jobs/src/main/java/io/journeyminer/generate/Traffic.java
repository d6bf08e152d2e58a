package io.journeyminer.generate;

/**
 * Where a web session came from. Landing pages carry the UTM parameters; every event of the
 * session carries the session's campaign context, as GA4 scopes traffic source to the session.
 */
enum Traffic {
  PAID_SEARCH("cpc", Touchpoint.PAID_SEARCH_CLICK),
  PAID_SOCIAL("paid_social", Touchpoint.SOCIAL_AD_CLICK),
  DISPLAY("display", Touchpoint.DISPLAY_AD_CLICK),
  EMAIL("email", Touchpoint.EMAIL_CLICK),
  ORGANIC("organic", Touchpoint.ORGANIC_SEARCH),
  DIRECT("(none)", Touchpoint.DIRECT_VISIT);

  private final String medium;
  private final Touchpoint landing;

  Traffic(String medium, Touchpoint landing) {
    this.medium = medium;
    this.landing = landing;
  }

  String medium() {
    return medium;
  }

  /** The touchpoint a session's landing page view maps to. */
  Touchpoint landing() {
    return landing;
  }

  /** The traffic whose landing page is this touchpoint, or null if it is no landing touchpoint. */
  static Traffic landingAt(Touchpoint touchpoint) {
    for (Traffic traffic : values()) {
      if (traffic.landing == touchpoint) {
        return traffic;
      }
    }
    return null;
  }
}
