package io.journeyminer.generate;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Simulates one customer's behaviour over the window: journeys that move through the five stages
 * with stage-dependent chances to advance, stay, fall back or give up, and a purchase whose chance
 * grows with the conversion power of the touchpoints met on the way. The output is the customer's
 * true touches in time order, each at a distinct second, none at or after {@code as_of}.
 */
final class JourneySimulator {

  static final long SECOND = 1_000L;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  /** Stores are in Germany; the POS export writes local store time. */
  static final ZoneId STORE_ZONE = ZoneId.of("Europe/Berlin");
  /** The CRM team works from London. */
  static final ZoneId CRM_ZONE = ZoneId.of("Europe/London");

  private static final long SESSION_TIMEOUT = 30 * MINUTE;

  private final long windowStart;
  private final long asOf;

  JourneySimulator(long windowStart, long asOf) {
    this.windowStart = windowStart;
    this.asOf = asOf;
  }

  List<Touch> simulate(Customer customer, SplittableRandom random) {
    Run run = new Run(customer, random);
    run.simulate();
    return keepLinkedTouches(customer, run.touches);
  }

  /**
   * The identifiers a touch's record carries, as type and normalised value. The shared guest card
   * is left out: it is no personal identifier.
   */
  static List<String> identityKeys(Customer customer, Touch touch) {
    List<String> keys = new ArrayList<>(4);
    String email = "email|" + customer.email().toLowerCase(java.util.Locale.ROOT);
    switch (touch.source()) {
      case WEB_EVENTS -> {
        keys.add("cookie|" + customer.cookies().get(touch.device()));
        if (touch.loggedIn()) {
          keys.add("user_id|" + customer.userId());
        }
        if (touch.withEmail()) {
          keys.add(email);
        }
      }
      case API_ACCESS_LOG -> keys.add("user_id|" + customer.userId());
      case CRM_CONTACTS -> {
        keys.add("crm_id|" + customer.crmId());
        keys.add(email);
        if (customer.phone() != null) {
          keys.add("phone|" + customer.phone());
        }
        if (touch.touchpoint() == Touchpoint.LOYALTY_SIGNUP) {
          keys.add("loyalty_id|" + customer.loyaltyCard());
        }
      }
      case CRM_ACTIVITIES, CRM_OPPORTUNITIES -> {
        keys.add("crm_id|" + customer.crmId());
        keys.add(email);
      }
      case POS_TRANSACTIONS -> {
        if (customer.loyaltyCard() != null) {
          keys.add("loyalty_id|" + customer.loyaltyCard());
        }
        if (touch.withEmail()) {
          keys.add(email);
        }
      }
    }
    return keys;
  }

  /**
   * A guard for the ground truth: if the window ends between a new browser's first page and its
   * login, that cookie would show up alone and no pipeline could link it. Such touches are dropped
   * so that every customer's identifiers are connected through the records.
   */
  private static List<Touch> keepLinkedTouches(Customer customer, List<Touch> touches) {
    Map<String, String> parent = new HashMap<>();
    for (Touch touch : touches) {
      List<String> keys = identityKeys(customer, touch);
      for (String key : keys) {
        parent.putIfAbsent(key, key);
      }
      for (int i = 1; i < keys.size(); i++) {
        parent.put(root(parent, keys.get(i)), root(parent, keys.get(0)));
      }
    }
    Map<String, Integer> touchesPerRoot = new HashMap<>();
    for (Touch touch : touches) {
      touchesPerRoot.merge(root(parent, identityKeys(customer, touch).get(0)), 1, Integer::sum);
    }
    if (touchesPerRoot.size() <= 1) {
      return touches;
    }
    String main = null;
    for (Map.Entry<String, Integer> entry : touchesPerRoot.entrySet()) {
      if (main == null
          || entry.getValue() > touchesPerRoot.get(main)
          || entry.getValue().equals(touchesPerRoot.get(main)) && entry.getKey().compareTo(main) < 0) {
        main = entry.getKey();
      }
    }
    List<Touch> kept = new ArrayList<>(touches.size());
    for (Touch touch : touches) {
      if (root(parent, identityKeys(customer, touch).get(0)).equals(main)) {
        kept.add(touch);
      }
    }
    return kept;
  }

  private static String root(Map<String, String> parent, String key) {
    String current = key;
    while (!parent.get(current).equals(current)) {
      current = parent.get(current);
    }
    return current;
  }

  /** The state of one customer's simulation. */
  private final class Run {
    private final Customer customer;
    private final SplittableRandom random;
    private final List<Touch> touches = new ArrayList<>();
    private final Set<Long> usedSeconds = new HashSet<>();
    private final Set<Touchpoint> touchedInJourney = EnumSet.noneOf(Touchpoint.class);
    private final boolean[] deviceLoggedIn;

    private long now;
    private boolean stopped;
    private double score;
    private boolean accountCreated;
    private boolean subscribed;
    private boolean loyaltyMember;
    private boolean contactCreated;
    private boolean webIdentified;
    private int session = -1;
    private int device = -1;
    private Traffic traffic;
    private String campaign;
    private long lastWebAt = Long.MIN_VALUE;
    private Touchpoint lastTouchpoint;
    private int sessionProduct = -1;

    Run(Customer customer, SplittableRandom random) {
      this.customer = customer;
      this.random = random;
      this.deviceLoggedIn = new boolean[customer.cookies().size()];
      this.accountCreated = customer.hasAccount() && !customer.newAccount();
    }

    void simulate() {
      now = windowStart + (long) (random.nextDouble() * (asOf - windowStart));
      for (int journey = 0; journey < 8 && !stopped; journey++) {
        boolean converted = journey(journey == 0);
        if (stopped) {
          return;
        }
        if (converted) {
          retention();
          if (random.nextDouble() >= 0.3) {
            return;
          }
          now += days(3, 30);
        } else {
          if (random.nextDouble() >= 0.35) {
            return;
          }
          now += days(1, 50);
        }
      }
    }

    private boolean journey(boolean first) {
      score = customer.propensity();
      touchedInJourney.clear();
      Stage stage = entryStage(first);
      if (first && customer.segment() == Segment.STORE) {
        // Store-only customers are first seen at the till.
        return storePurchase();
      }
      if (first && customer.segment() == Segment.PHONE_LEAD) {
        now = alignToHours(now, CRM_ZONE, 8, 18, false);
        emit(Touchpoint.PHONE_INQUIRY, Source.CRM_CONTACTS, false);
        contactCreated = true;
        stage = Stage.CONSIDERATION;
      }
      for (int step = 0; step < 30 && !stopped; step++) {
        if (stage == Stage.PURCHASE) {
          return purchase();
        }
        Touchpoint touchpoint = choose(stage);
        if (touchpoint == null) {
          stage = stage == Stage.INTENT ? conversionOrNothing() : next(stage);
          if (stage == null) {
            return false;
          }
          continue;
        }
        perform(touchpoint);
        stage = transition(stage);
        if (stage == null) {
          return false;
        }
      }
      return false;
    }

    private Stage entryStage(boolean first) {
      double roll = random.nextDouble();
      return switch (customer.segment()) {
        case ANONYMOUS -> roll < 0.75 ? Stage.AWARENESS : Stage.CONSIDERATION;
        case ACCOUNT -> roll < (first ? 0.5 : 0.2) ? Stage.AWARENESS : Stage.CONSIDERATION;
        case SUBSCRIBER -> roll < (first ? 0.6 : 0.2) ? Stage.AWARENESS : Stage.CONSIDERATION;
        case STORE, PHONE_LEAD -> Stage.CONSIDERATION;
      };
    }

    private Stage next(Stage stage) {
      return Stage.values()[stage.ordinal() + 1];
    }

    private Stage transition(Stage stage) {
      double roll = random.nextDouble();
      return switch (stage) {
        case AWARENESS -> roll < 0.22 ? Stage.AWARENESS : roll < 0.72 ? Stage.CONSIDERATION : null;
        case CONSIDERATION ->
            roll < 0.35
                ? Stage.CONSIDERATION
                : roll < 0.38 ? Stage.AWARENESS : roll < 0.75 ? Stage.INTENT : null;
        case INTENT -> {
          if (random.nextDouble() < sigmoid(score)) {
            yield Stage.PURCHASE;
          }
          yield roll < 0.3 ? Stage.INTENT : roll < 0.45 ? Stage.CONSIDERATION : null;
        }
        case PURCHASE, RETENTION -> null;
      };
    }

    private Stage conversionOrNothing() {
      return random.nextDouble() < sigmoid(score) ? Stage.PURCHASE : null;
    }

    private Touchpoint choose(Stage stage) {
      Map<Touchpoint, Double> weights = new java.util.EnumMap<>(Touchpoint.class);
      boolean web = customer.hasWeb();
      boolean app = customer.appUser() && webIdentified;
      boolean crm = crmActive();
      boolean phoneLead = customer.segment() == Segment.PHONE_LEAD;
      switch (stage) {
        case AWARENESS -> {
          if (web) {
            weights.put(Touchpoint.DISPLAY_AD_CLICK, 3.0);
            weights.put(Touchpoint.SOCIAL_AD_CLICK, 3.0);
            weights.put(Touchpoint.ORGANIC_SEARCH, 4.0);
          }
        }
        case CONSIDERATION -> {
          if (web) {
            weights.put(Touchpoint.PAID_SEARCH_CLICK, 3.0);
            weights.put(Touchpoint.DIRECT_VISIT, 2.0);
            weights.put(Touchpoint.PRODUCT_VIEW, 5.0);
            weights.put(Touchpoint.CATEGORY_VIEW, 2.0);
          }
          if (app) {
            weights.put(Touchpoint.WISHLIST_ADD, 1.5);
          }
          if (crm) {
            weights.put(Touchpoint.EMAIL_OPEN, 2.5);
            if (web) {
              weights.put(Touchpoint.EMAIL_CLICK, 2.0);
            }
          }
        }
        case INTENT -> {
          if (web || app) {
            weights.put(Touchpoint.ADD_TO_CART, 5.0);
          }
          if (web) {
            weights.put(Touchpoint.CHECKOUT_START, 1.5);
          }
          if ((web || app) && customer.storeShopper()) {
            weights.put(Touchpoint.STORE_LOCATOR, 2.0);
          }
          if (crm && customer.storeShopper()) {
            weights.put(Touchpoint.QUOTE_REQUEST, phoneLead ? 4.0 : 1.5);
            weights.put(Touchpoint.STORE_APPOINTMENT, phoneLead ? 3.0 : 1.0);
          }
          if (crm) {
            weights.put(Touchpoint.SALES_CALL, phoneLead ? 4.0 : 0.5);
          }
        }
        case PURCHASE, RETENTION -> {}
      }
      return pickWeighted(weights);
    }

    private Touchpoint pickWeighted(Map<Touchpoint, Double> weights) {
      if (weights.isEmpty()) {
        return null;
      }
      double total = 0;
      for (double weight : weights.values()) {
        total += weight;
      }
      double roll = random.nextDouble() * total;
      Touchpoint last = null;
      for (Map.Entry<Touchpoint, Double> entry : weights.entrySet()) {
        last = entry.getKey();
        roll -= entry.getValue();
        if (roll < 0) {
          return last;
        }
      }
      return last;
    }

    private boolean crmActive() {
      if (!customer.hasCrm()) {
        return false;
      }
      return switch (customer.segment()) {
        case SUBSCRIBER -> subscribed;
        case STORE -> loyaltyMember;
        case PHONE_LEAD -> contactCreated;
        case ACCOUNT, ANONYMOUS -> true;
      };
    }

    private void perform(Touchpoint touchpoint) {
      switch (touchpoint) {
        case DISPLAY_AD_CLICK, SOCIAL_AD_CLICK, ORGANIC_SEARCH, PAID_SEARCH_CLICK, DIRECT_VISIT -> {
          startSession(Traffic.landingAt(touchpoint), touchpoint, sessionGap());
          browse();
        }
        case EMAIL_CLICK -> {
          crmTouch(Touchpoint.EMAIL_OPEN, Source.CRM_ACTIVITIES);
          startSession(Traffic.EMAIL, Touchpoint.EMAIL_CLICK, 2 * MINUTE + random.nextLong(3 * HOUR));
          browse();
        }
        case PRODUCT_VIEW, ADD_TO_CART, STORE_LOCATOR -> {
          if (customer.appUser() && webIdentified && random.nextDouble() < 0.6) {
            appTouch(touchpoint);
            // App users flick through a few products at a time.
            int more = touchpoint == Touchpoint.PRODUCT_VIEW ? random.nextInt(4) : 0;
            for (int i = 0; i < more && !stopped; i++) {
              now += 15 * SECOND + random.nextLong(3 * MINUTE);
              emit(new Touch(now, Touchpoint.PRODUCT_VIEW, Source.API_ACCESS_LOG, -1, true, false, null, null, -1, false, 0.0,
                  random.nextInt(Fixtures.PRODUCTS.size())));
            }
          } else {
            webStep(touchpoint);
            if (touchpoint == Touchpoint.PRODUCT_VIEW) {
              browse();
            }
          }
        }
        case CATEGORY_VIEW -> {
          webStep(touchpoint);
          browse();
        }
        case CHECKOUT_START -> webStep(touchpoint);
        case WISHLIST_ADD -> appTouch(touchpoint);
        case EMAIL_OPEN, SALES_CALL -> crmTouch(touchpoint, Source.CRM_ACTIVITIES);
        case QUOTE_REQUEST, STORE_APPOINTMENT -> crmTouch(touchpoint, Source.CRM_OPPORTUNITIES);
        default -> throw new IllegalStateException("Not a choosable touchpoint: " + touchpoint);
      }
    }

    // ---- web ---------------------------------------------------------------------------

    private boolean sessionOpen() {
      return session >= 0 && now - lastWebAt < SESSION_TIMEOUT;
    }

    /** A page or action inside a session; a new session starts when none is open. */
    private void webStep(Touchpoint touchpoint) {
      if (session >= 0 && random.nextDouble() < 0.7) {
        now = Math.max(now, lastWebAt) + 20 * SECOND + random.nextLong(220 * SECOND);
        if (sessionOpen()) {
          webTouch(touchpoint, false, 0.0);
          return;
        }
      }
      // A session starts with a page: actions such as add-to-cart need a product page first.
      boolean isPage = touchpoint == Touchpoint.PRODUCT_VIEW || touchpoint == Touchpoint.CATEGORY_VIEW;
      startSession(Traffic.DIRECT, isPage ? touchpoint : Touchpoint.PRODUCT_VIEW, sessionGap());
      if (isPage || stopped) {
        return;
      }
      now += 20 * SECOND + random.nextLong(220 * SECOND);
      webTouch(touchpoint, false, 0.0);
    }

    /** A few more product and category pages in the open session, without changing stage. */
    private void browse() {
      if (stopped || !sessionOpen() || random.nextDouble() < 0.4) {
        return;
      }
      int pages = 1 + random.nextInt(3);
      for (int i = 0; i < pages && !stopped; i++) {
        now = Math.max(now, lastWebAt) + 20 * SECOND + random.nextLong(200 * SECOND);
        webTouch(random.nextDouble() < 0.75 ? Touchpoint.PRODUCT_VIEW : Touchpoint.CATEGORY_VIEW, false, 0.0);
      }
    }

    private long sessionGap() {
      return Math.max(SESSION_TIMEOUT, exponential(1.2 * DAY));
    }

    /**
     * Starts a session: the landing page, then the identify events this customer owes (a login on
     * a browser that never logged in, the newsletter sign-up of a subscriber).
     */
    private void startSession(Traffic newTraffic, Touchpoint firstPage, long gap) {
      if (!customer.hasWeb()) {
        return;
      }
      now += gap;
      session++;
      device = random.nextInt(customer.cookies().size());
      traffic = newTraffic;
      campaign = campaignFor(newTraffic);
      sessionProduct = random.nextInt(Fixtures.PRODUCTS.size());
      webTouch(firstPage, true, 0.0);
      if (stopped) {
        return;
      }
      if (customer.hasAccount() && !deviceLoggedIn[device]) {
        now += 20 * SECOND + random.nextLong(90 * SECOND);
        Touchpoint identify = accountCreated ? Touchpoint.ACCOUNT_LOGIN : Touchpoint.ACCOUNT_SIGNUP;
        deviceLoggedIn[device] = true;
        accountCreated = true;
        webTouch(identify, false, 0.0);
        webIdentified = !stopped;
      }
      if (customer.segment() == Segment.SUBSCRIBER && !subscribed && !stopped) {
        now += 30 * SECOND + random.nextLong(120 * SECOND);
        webTouch(Touchpoint.NEWSLETTER_SIGNUP, false, 0.0);
        subscribed = !stopped;
      }
    }

    private String campaignFor(Traffic sessionTraffic) {
      return switch (sessionTraffic) {
        case PAID_SEARCH -> Fixtures.pick(Fixtures.PAID_SEARCH_CAMPAIGNS, random);
        case PAID_SOCIAL -> Fixtures.pick(Fixtures.SOCIAL_CAMPAIGNS, random);
        case DISPLAY -> Fixtures.pick(Fixtures.DISPLAY_CAMPAIGNS, random);
        case EMAIL -> Fixtures.pick(Fixtures.EMAIL_CAMPAIGNS, random);
        case ORGANIC -> "(organic)";
        case DIRECT -> "(direct)";
      };
    }

    private void webTouch(Touchpoint touchpoint, boolean landing, double revenue) {
      boolean identify =
          touchpoint == Touchpoint.ACCOUNT_LOGIN
              || touchpoint == Touchpoint.ACCOUNT_SIGNUP
              || touchpoint == Touchpoint.NEWSLETTER_SIGNUP;
      boolean loggedIn = deviceLoggedIn[device];
      // A guest checkout asks for the e-mail, which the shop sends along with the order.
      boolean guestCheckout = touchpoint == Touchpoint.WEB_PURCHASE && !loggedIn;
      int product = touchpoint == Touchpoint.PRODUCT_VIEW || touchpoint == Touchpoint.ADD_TO_CART
          ? (random.nextDouble() < 0.6 ? sessionProduct : random.nextInt(Fixtures.PRODUCTS.size()))
          : -1;
      Touch touch =
          emit(
              new Touch(
                  now, touchpoint, Source.WEB_EVENTS, device, loggedIn, identify || guestCheckout,
                  traffic, campaign, session, landing, revenue, product));
      if (touch != null) {
        lastWebAt = touch.at();
      }
    }

    // ---- app, CRM, store ---------------------------------------------------------------

    private void appTouch(Touchpoint touchpoint) {
      now += Math.max(10 * MINUTE, exponential(1.0 * DAY));
      int product = random.nextInt(Fixtures.PRODUCTS.size());
      emit(new Touch(now, touchpoint, Source.API_ACCESS_LOG, -1, true, false, null, null, -1, false, 0.0, product));
    }

    private void crmTouch(Touchpoint touchpoint, Source source) {
      now += Math.max(10 * MINUTE, exponential(1.5 * DAY));
      if (touchpoint != Touchpoint.EMAIL_OPEN) {
        now = alignToHours(now, CRM_ZONE, 8, 18, false);
      }
      emit(touchpoint, source, true);
    }

    private boolean purchase() {
      boolean web = customer.hasWeb() && customer.segment() != Segment.ANONYMOUS;
      boolean store = customer.storeShopper();
      if (web && (!store || random.nextDouble() < 0.55)) {
        return webPurchase();
      }
      return store && storePurchase();
    }

    private boolean webPurchase() {
      if (!sessionOpen()) {
        double roll = random.nextDouble();
        if (crmActive() && roll < 0.25) {
          crmTouch(Touchpoint.EMAIL_OPEN, Source.CRM_ACTIVITIES);
          startSession(Traffic.EMAIL, Touchpoint.EMAIL_CLICK, 2 * MINUTE + random.nextLong(3 * HOUR));
        } else if (roll < 0.6) {
          startSession(Traffic.DIRECT, Touchpoint.DIRECT_VISIT, sessionGap());
        } else {
          startSession(Traffic.PAID_SEARCH, Touchpoint.PAID_SEARCH_CLICK, sessionGap());
        }
      }
      if (!stopped && lastTouchpoint != Touchpoint.CHECKOUT_START) {
        now += 30 * SECOND + random.nextLong(300 * SECOND);
        webTouch(Touchpoint.CHECKOUT_START, false, 0.0);
      }
      if (stopped) {
        return false;
      }
      now += 60 * SECOND + random.nextLong(400 * SECOND);
      webTouch(Touchpoint.WEB_PURCHASE, false, basket());
      return !stopped;
    }

    private boolean storePurchase() {
      now = alignToHours(now + Math.max(HOUR, exponential(1.5 * DAY)), STORE_ZONE, 10, 20, true);
      if (customer.loyaltyCard() != null && !loyaltyMember) {
        // The cashier signs the customer up, then rings up the sale on the new card.
        emit(Touchpoint.LOYALTY_SIGNUP, Source.CRM_CONTACTS, true);
        loyaltyMember = !stopped;
        contactCreated = loyaltyMember;
        now += 2 * MINUTE + random.nextLong(4 * MINUTE);
      }
      if (stopped) {
        return false;
      }
      boolean member = customer.loyaltyCard() != null;
      // Guest sales always carry the e-receipt address; members ask for one now and then.
      boolean receipt = !member || random.nextDouble() < 0.3;
      emit(new Touch(now, Touchpoint.STORE_PURCHASE, Source.POS_TRANSACTIONS, -1, false, receipt, null, null, -1, false, basket(), -1));
      return !stopped;
    }

    private void retention() {
      if (random.nextDouble() >= 0.55) {
        return;
      }
      int count = 1 + random.nextInt(2);
      for (int i = 0; i < count && !stopped; i++) {
        Map<Touchpoint, Double> weights = new java.util.EnumMap<>(Touchpoint.class);
        if (customer.appUser() && webIdentified) {
          weights.put(Touchpoint.ORDER_TRACKING, 2.0);
          weights.put(Touchpoint.REVIEW_WRITTEN, 1.0);
        }
        if (crmActive()) {
          weights.put(Touchpoint.SUPPORT_CHAT, 1.5);
        }
        Touchpoint touchpoint = pickWeighted(weights);
        if (touchpoint == null) {
          return;
        }
        if (touchpoint == Touchpoint.SUPPORT_CHAT) {
          now += Math.max(HOUR, exponential(3 * DAY));
          now = alignToHours(now, CRM_ZONE, 8, 18, false);
          emit(touchpoint, Source.CRM_ACTIVITIES, true);
        } else {
          now += Math.max(HOUR, exponential(2 * DAY));
          appTouch(touchpoint);
        }
      }
    }

    private Touch emit(Touchpoint touchpoint, Source source, boolean withEmail) {
      return emit(new Touch(now, touchpoint, source, -1, false, withEmail, null, null, -1, false, 0.0, -1));
    }

    /**
     * Records a touch at the next free second at or after its time (minute precision for the
     * opportunities export), so that no two touches of a customer tie and the true order is the
     * order any correct pipeline finds.
     */
    private Touch emit(Touch draft) {
      long step = draft.source() == Source.CRM_OPPORTUNITIES ? MINUTE : SECOND;
      long at = draft.source() == Source.WEB_EVENTS ? draft.at() : Math.floorDiv(draft.at(), step) * step;
      while (!usedSeconds.add(Math.floorDiv(at, SECOND))) {
        at += step;
      }
      if (at >= asOf) {
        stopped = true;
        return null;
      }
      Touch touch =
          new Touch(
              at, draft.touchpoint(), draft.source(), draft.device(), draft.loggedIn(), draft.withEmail(),
              draft.traffic(), draft.campaign(), draft.session(), draft.landing(), draft.revenue(),
              draft.product());
      touches.add(touch);
      now = at;
      lastTouchpoint = draft.touchpoint();
      score += touchedInJourney.add(draft.touchpoint()) ? draft.touchpoint().power() : 0.3 * draft.touchpoint().power();
      return touch;
    }

    private double basket() {
      double amount = Math.exp(4.4 + 0.9 * random.nextGaussian());
      return Math.round(Math.min(6000, Math.max(9.9, amount)) * 100) / 100.0;
    }

    private long exponential(double mean) {
      return (long) (-Math.log(1 - random.nextDouble()) * mean);
    }

    private long days(int from, int to) {
      return from * DAY + random.nextLong((to - from) * DAY);
    }

    /** Moves a time into opening hours (Monday-Saturday for stores, Monday-Friday for the CRM). */
    private long alignToHours(long at, ZoneId zone, int open, int close, boolean saturdays) {
      ZonedDateTime time = Instant.ofEpochMilli(at).atZone(zone);
      for (int guard = 0; guard < 8; guard++) {
        DayOfWeek day = time.getDayOfWeek();
        boolean openDay = day != DayOfWeek.SUNDAY && (saturdays || day != DayOfWeek.SATURDAY);
        if (openDay && time.getHour() >= open && time.getHour() < close) {
          return time.toInstant().toEpochMilli();
        }
        ZonedDateTime opening = time.toLocalDate().atTime(open, 0).atZone(zone);
        time =
            (openDay && time.getHour() < open ? opening : opening.plusDays(1))
                .plusSeconds(random.nextLong((close - open) * 3600L / 2));
      }
      return time.toInstant().toEpochMilli();
    }
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
