package io.journeyminer.generate;

import java.util.Locale;

/**
 * Every touchpoint the generator emits, with its journey-map stage and its conversion power: the
 * log-odds a touch adds to the customer's chance to buy. The powers differ on purpose so that the
 * pipeline's touchpoint ranking has something to find (a sales call or store appointment lifts
 * conversion far more than a display ad).
 */
enum Touchpoint {
  DISPLAY_AD_CLICK(Stage.AWARENESS, -0.5),
  SOCIAL_AD_CLICK(Stage.AWARENESS, -0.3),
  ORGANIC_SEARCH(Stage.AWARENESS, 0.2),
  PAID_SEARCH_CLICK(Stage.CONSIDERATION, 0.3),
  DIRECT_VISIT(Stage.CONSIDERATION, 0.2),
  PRODUCT_VIEW(Stage.CONSIDERATION, 0.05),
  CATEGORY_VIEW(Stage.CONSIDERATION, -0.1),
  EMAIL_OPEN(Stage.CONSIDERATION, 0.1),
  EMAIL_CLICK(Stage.CONSIDERATION, 0.6),
  NEWSLETTER_SIGNUP(Stage.CONSIDERATION, 0.3),
  ACCOUNT_SIGNUP(Stage.CONSIDERATION, 0.4),
  ACCOUNT_LOGIN(Stage.CONSIDERATION, 0.2),
  PHONE_INQUIRY(Stage.CONSIDERATION, 0.5),
  WISHLIST_ADD(Stage.CONSIDERATION, 0.3),
  ADD_TO_CART(Stage.INTENT, 0.5),
  CHECKOUT_START(Stage.INTENT, 0.9),
  STORE_LOCATOR(Stage.INTENT, 0.4),
  QUOTE_REQUEST(Stage.INTENT, 0.5),
  SALES_CALL(Stage.INTENT, 1.1),
  STORE_APPOINTMENT(Stage.INTENT, 1.4),
  LOYALTY_SIGNUP(Stage.INTENT, 0.0),
  WEB_PURCHASE(Stage.PURCHASE, 0.0),
  STORE_PURCHASE(Stage.PURCHASE, 0.0),
  ORDER_TRACKING(Stage.RETENTION, 0.0),
  REVIEW_WRITTEN(Stage.RETENTION, 0.0),
  SUPPORT_CHAT(Stage.RETENTION, 0.0);

  private final Stage stage;
  private final double power;

  Touchpoint(Stage stage, double power) {
    this.stage = stage;
    this.power = power;
  }

  /** The canonical touchpoint name, as the journey map lists it. */
  String touchpointName() {
    return name().toLowerCase(Locale.ROOT);
  }

  Stage stage() {
    return stage;
  }

  double power() {
    return power;
  }

  boolean isConversion() {
    return this == WEB_PURCHASE || this == STORE_PURCHASE;
  }
}
