package io.journeyminer.ranking;

import static io.journeyminer.ranking.JourneyFixtures.abandoned;
import static io.journeyminer.ranking.JourneyFixtures.byTouchpoint;
import static io.journeyminer.ranking.JourneyFixtures.converted;
import static io.journeyminer.ranking.JourneyFixtures.inProgress;
import static io.journeyminer.ranking.JourneyFixtures.journeys;
import static io.journeyminer.ranking.JourneyFixtures.times;
import static io.journeyminer.ranking.TouchpointRanking.creditColumn;
import static io.journeyminer.ranking.TouchpointRanking.revenueCreditColumn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.journeys.Journeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TestTouchpointRanking extends SparkTestBase {

  private static final Offset<Double> TOLERANCE = within(1e-9);
  private static final String NO_PRIOR_TOUCH = JourneyTouches.NO_PRIOR_TOUCH;

  private static AnalysisConfig config(int minJourneys) {
    return new AnalysisConfig(
        minJourneys,
        AnalysisConfig.DEFAULT_CONFIDENCE_LEVEL,
        AnalysisConfig.DEFAULT_HALF_LIFE,
        false,
        List.of(),
        AnalysisConfig.DEFAULT_TOP_TOUCHPOINTS);
  }

  private Map<String, Row> rank(int minJourneys, List<Row> journeys) {
    RankingResult result = new TouchpointRanking(config(minJourneys)).rank(journeys(spark, journeys));
    assertThat(result.table().schema()).isEqualTo(TouchpointRanking.SCHEMA);
    return byTouchpoint(result.table().collectAsList());
  }

  @Test
  void markovCreditsOfTheHandCase() {
    // Removal effects 0.5, 1, 1 (see TestMarkovAttribution) normalise to 0.2, 0.4, 0.4 of the one
    // conversion and of its 50 revenue.
    Map<String, Row> ranking =
        rank(
            30,
            List.of(
                converted("j1", 50.0, "C1@0", "C2@1", "C3@2", "Purchase@3"),
                abandoned("j2", "C1@0"),
                abandoned("j3", "C2@0", "C3@1")));

    assertThat(ranking).containsOnlyKeys("C1", "C2", "C3");
    assertThat(ranking.get("C1").<Double>getAs(creditColumn("markov"))).isCloseTo(0.2, TOLERANCE);
    assertThat(ranking.get("C2").<Double>getAs(creditColumn("markov"))).isCloseTo(0.4, TOLERANCE);
    assertThat(ranking.get("C3").<Double>getAs(creditColumn("markov"))).isCloseTo(0.4, TOLERANCE);
    assertThat(ranking.get("C2").<Double>getAs(revenueCreditColumn("markov"))).isCloseTo(20, TOLERANCE);
  }

  @Test
  void shapleyCreditsOfTwoTouchpointsByHand() {
    // v({A}) = 1/4, v({B}) = 1/2, v({A, B}) = 3/4: Shapley A = 1/4, B = 1/2, shares 1/3 and 2/3.
    // {A}'s one conversion goes to A, {B}'s to B, {A, B}'s three split 1 : 2.
    List<Row> journeys = new ArrayList<>();
    journeys.add(converted("a", 10.0, "A@0", "Purchase@1"));
    journeys.addAll(times(3, "a-lost", Journeys.ABANDONED, "A@0"));
    journeys.add(converted("b", 10.0, "B@0", "Purchase@1"));
    journeys.add(abandoned("b-lost", "B@0"));
    journeys.add(converted("ab1", 10.0, "A@0", "B@1", "Purchase@2"));
    journeys.add(converted("ab2", 10.0, "B@0", "A@1", "Purchase@2"));
    journeys.add(converted("ab3", 10.0, "A@0", "A@1", "B@2", "Purchase@3"));
    journeys.add(abandoned("ab-lost", "B@0", "A@1"));

    RankingResult result = new TouchpointRanking(config(30)).rank(journeys(spark, journeys));
    Map<String, Row> ranking = byTouchpoint(result.table().collectAsList());

    assertThat(ranking.get("A").<Double>getAs(creditColumn("shapley"))).isCloseTo(2, TOLERANCE);
    assertThat(ranking.get("B").<Double>getAs(creditColumn("shapley"))).isCloseTo(3, TOLERANCE);
    assertThat(ranking.get("A").<Double>getAs(revenueCreditColumn("shapley"))).isCloseTo(20, TOLERANCE);
    assertThat(ranking.get("B").<Double>getAs(revenueCreditColumn("shapley"))).isCloseTo(30, TOLERANCE);
    assertThat(result.shapleySampledSets()).isZero();
  }

  @Test
  void heuristicCreditsOverTheTouchesBeforeTheConversion() {
    // Touches A, B, C at 14, 7 and 0 days before the purchase; the purchase itself is no touch.
    // A walk-in purchase (the conversion is the first event) has no touch: __no_prior_touch__ gets it.
    Map<String, Row> ranking =
        rank(
            30,
            List.of(
                converted("j1", 70.0, "A@0", "B@168", "C@336", "Purchase@336"),
                converted("walk-in", 30.0, "Purchase@0")));

    assertCredits(ranking, "first_touch", Map.of("A", 1.0, "B", 0.0, "C", 0.0, NO_PRIOR_TOUCH, 1.0));
    assertCredits(ranking, "last_touch", Map.of("A", 0.0, "B", 0.0, "C", 1.0, NO_PRIOR_TOUCH, 1.0));
    assertCredits(ranking, "linear", Map.of("A", 1.0 / 3, "B", 1.0 / 3, "C", 1.0 / 3, NO_PRIOR_TOUCH, 1.0));
    assertCredits(ranking, "position_based", Map.of("A", 0.4, "B", 0.2, "C", 0.4, NO_PRIOR_TOUCH, 1.0));
    // Ages 14, 7 and 0 days with the default 7-day half-life weigh 1/4, 1/2, 1.
    assertCredits(ranking, "time_decay", Map.of("A", 1.0 / 7, "B", 2.0 / 7, "C", 4.0 / 7, NO_PRIOR_TOUCH, 1.0));
    assertThat(ranking.get("B").<Double>getAs(revenueCreditColumn("time_decay"))).isCloseTo(20, TOLERANCE);
    assertThat(ranking).doesNotContainKey("Purchase");
    assertThat(ranking.get(NO_PRIOR_TOUCH).<Double>getAs(revenueCreditColumn("time_decay"))).isCloseTo(30, TOLERANCE);
    assertThat(ranking.get(NO_PRIOR_TOUCH).<Long>getAs(TouchpointRanking.CONVERSIONS)).isEqualTo(1);
  }

  @Test
  void inProgressJourneysNeverEnterARate() {
    Map<String, Row> ranking =
        rank(
            30,
            List.of(
                converted("j1", null, "Email@0", "Purchase@1"),
                abandoned("j2", "Email@0"),
                inProgress("p1", "Chat@0"),
                inProgress("p2", "Email@0", "Chat@1"),
                inProgress("p3", "Email@0", "Chat@1")));

    Row chat = ranking.get("Chat");
    assertThat(chat.<Long>getAs(TouchpointRanking.JOURNEYS)).isZero();
    assertThat(chat.<Long>getAs(TouchpointRanking.IN_PROGRESS_JOURNEYS)).isEqualTo(3);
    assertThat(chat.<Long>getAs(TouchpointRanking.EXITS)).isZero();
    assertThat(chat.<Double>getAs(TouchpointRanking.ABANDONMENT_RATE)).isNull();
    assertThat(chat.<Double>getAs(TouchpointRanking.CONVERSION_RATE)).isNull();
    Row email = ranking.get("Email");
    assertThat(email.<Long>getAs(TouchpointRanking.JOURNEYS)).isEqualTo(2);
    assertThat(email.<Long>getAs(TouchpointRanking.IN_PROGRESS_JOURNEYS)).isEqualTo(2);
    assertThat(email.<Double>getAs(TouchpointRanking.CONVERSION_RATE)).isCloseTo(0.5, TOLERANCE);
    assertThat(email.<Double>getAs(TouchpointRanking.ABANDONMENT_RATE)).isCloseTo(0.5, TOLERANCE);
  }

  @Test
  void figuresOfAMixedFixture() {
    Map<String, Row> ranking = rank(5, mixedFixture());

    Row web = ranking.get("Web");
    assertThat(web.<Long>getAs(TouchpointRanking.JOURNEYS)).isEqualTo(11);
    assertThat(web.<Long>getAs(TouchpointRanking.CONVERSIONS)).isEqualTo(6);
    assertThat(web.<Long>getAs(TouchpointRanking.IN_PROGRESS_JOURNEYS)).isEqualTo(1);
    assertThat(web.<Double>getAs(TouchpointRanking.CONVERSION_RATE)).isCloseTo(6.0 / 11, TOLERANCE);
    // Wilson 95% of 6/11 with z = scipy.stats.norm.ppf(0.975).
    assertThat(web.<Double>getAs(TouchpointRanking.CI_LOW)).isCloseTo(0.280091537409322, TOLERANCE);
    assertThat(web.<Double>getAs(TouchpointRanking.CI_HIGH)).isCloseTo(0.7872872837754024, TOLERANCE);
    // Without Web: 5 closed journeys with a touch (the walk-in c5 has none), 1 converted.
    assertThat(web.<Double>getAs(TouchpointRanking.BASELINE_RATE)).isCloseTo(1.0 / 5, TOLERANCE);
    assertThat(web.<Double>getAs(TouchpointRanking.LIFT)).isCloseTo(30.0 / 11, TOLERANCE);
    // [[6, 5], [1, 4]] has expected counts below 5: scipy.stats.fisher_exact two-sided.
    assertThat(web.<Double>getAs(TouchpointRanking.P_VALUE)).isCloseTo(0.3076923076923077, TOLERANCE);
    // Four tests (Chat has no closed journey), none below 0.3: every q-value is capped at 1.
    assertThat(web.<Double>getAs(TouchpointRanking.Q_VALUE)).isCloseTo(1, TOLERANCE);
    assertThat(ranking.get("Chat").<Double>getAs(TouchpointRanking.P_VALUE)).isNull();
    assertThat(ranking.get("Chat").<Double>getAs(TouchpointRanking.Q_VALUE)).isNull();

    // Abandoned journeys ending at Web took 10 h, 3 h and 0 s; at Ad 0 s, 2 h and 48 h.
    assertThat(web.<Long>getAs(TouchpointRanking.EXITS)).isEqualTo(3);
    assertThat(web.<Double>getAs(TouchpointRanking.ABANDONMENT_RATE)).isCloseTo(3.0 / 11, TOLERANCE);
    assertThat(web.<Double>getAs(TouchpointRanking.MEDIAN_SECONDS_TO_EXIT)).isEqualTo(3 * 3600.0);
    assertThat(ranking.get("Ad").<Double>getAs(TouchpointRanking.MEDIAN_SECONDS_TO_EXIT)).isEqualTo(2 * 3600.0);

    assertCredits(ranking, "first_touch", Map.of("Ad", 3.0, "Email", 2.0, "Web", 1.0, NO_PRIOR_TOUCH, 1.0, "Store", 1.0, "Chat", 0.0));
    assertCredits(ranking, "last_touch", Map.of("Ad", 0.0, "Email", 0.0, "Web", 6.0, NO_PRIOR_TOUCH, 1.0, "Store", 1.0, "Chat", 0.0));
  }

  @Test
  void everyModelCreditsExactlyTheConversionsAndTheirRevenue() {
    RankingResult result = new TouchpointRanking(config(5)).rank(journeys(spark, mixedFixture()));
    Map<String, Row> ranking = byTouchpoint(result.table().collectAsList());

    // Walk-in and direct orders (the conversion is the first event) mix with touched journeys:
    // the conversion touchpoint is no row, and __no_prior_touch__ holds exactly those conversions.
    assertThat(ranking).doesNotContainKey("Purchase");
    assertThat(result.conversionsWithoutPriorTouch()).isEqualTo(1);
    Row untouched = ranking.get(NO_PRIOR_TOUCH);
    assertThat(untouched.<Long>getAs(TouchpointRanking.CONVERSIONS)).isEqualTo(1);
    for (String model : TouchpointRanking.ATTRIBUTION_MODELS) {
      assertThat(untouched.<Double>getAs(creditColumn(model))).as(model).isCloseTo(1, TOLERANCE);
      assertThat(untouched.<Double>getAs(revenueCreditColumn(model))).as(model).isCloseTo(30, TOLERANCE);
    }
    for (String statistic :
        List.of(
            TouchpointRanking.CONVERSION_RATE, TouchpointRanking.CI_LOW, TouchpointRanking.LIFT, TouchpointRanking.P_VALUE,
            TouchpointRanking.Q_VALUE, TouchpointRanking.ABANDONMENT_RATE, TouchpointRanking.CONVERSION_RANK,
            TouchpointRanking.ABANDONMENT_RANK, TouchpointRanking.LOW_VOLUME)) {
      assertThat(untouched.isNullAt(untouched.fieldIndex(statistic))).as(statistic).isTrue();
    }

    for (String model : TouchpointRanking.ATTRIBUTION_MODELS) {
      double credits = ranking.values().stream().mapToDouble(row -> row.<Double>getAs(creditColumn(model))).sum();
      double revenue = ranking.values().stream().mapToDouble(row -> row.<Double>getAs(revenueCreditColumn(model))).sum();
      assertThat(credits).as(model).isCloseTo(8, TOLERANCE);
      assertThat(revenue).as(model + " revenue").isCloseTo(380, TOLERANCE);
    }
  }

  @Test
  void untouchedConversionsLeaveMarkovAndShapleyOfTouchedJourneysExactlyAsTheyWere() {
    Map<String, Row> withWalkIn = rank(5, mixedFixture());
    Map<String, Row> touchedOnly = rank(5, mixedFixture().stream().filter(journey -> !"c5".equals(journey.get(0))).toList());

    assertThat(touchedOnly).doesNotContainKey(NO_PRIOR_TOUCH);
    for (String touchpoint : touchedOnly.keySet()) {
      for (String model : List.of("markov", "shapley")) {
        assertThat(withWalkIn.get(touchpoint).<Double>getAs(creditColumn(model)))
            .as(model + " " + touchpoint)
            .isEqualTo(touchedOnly.get(touchpoint).<Double>getAs(creditColumn(model)));
      }
    }
  }

  @Test
  void ranksStrongestFirstWithLowVolumeLast() {
    // min_journeys 5: Store (2 journeys) and Chat (0) are low volume; the walk-in is not ranked.
    Map<String, Row> ranking = rank(5, mixedFixture());

    assertThat(ranking.get("Store").<Boolean>getAs(TouchpointRanking.LOW_VOLUME)).isTrue();
    assertThat(ranking.get("Email").<Boolean>getAs(TouchpointRanking.LOW_VOLUME)).isFalse();
    // Conversion rates: Web 6/11, Email 3/6, Ad 3/8; then low volume Store 1/2, Chat.
    assertThat(ranks(ranking, TouchpointRanking.CONVERSION_RANK)).containsExactly("Web", "Email", "Ad", "Store", "Chat");
    // Abandonment rates: Ad 3/8, Email 2/6, Web 3/11; then Store 1/2, Chat.
    assertThat(ranks(ranking, TouchpointRanking.ABANDONMENT_RANK)).containsExactly("Ad", "Email", "Web", "Store", "Chat");
  }

  @Test
  void aStrongTouchpointIsSignificantByChiSquared() {
    // Every journey browses; 40 also book a demo (30 convert), 40 do not (10 convert).
    // [[30, 10], [10, 30]]: chi^2 = 80 * (900 - 100)^2 / 40^4 = 20, p = erfc(sqrt(10)).
    List<Row> journeys = new ArrayList<>();
    journeys.addAll(times(30, "demo-won", Journeys.CONVERTED, "Browse@0", "Demo@1", "Purchase@2"));
    journeys.addAll(times(10, "demo-lost", Journeys.ABANDONED, "Browse@0", "Demo@1"));
    journeys.addAll(times(10, "browse-won", Journeys.CONVERTED, "Browse@0", "Purchase@2"));
    journeys.addAll(times(30, "browse-lost", Journeys.ABANDONED, "Browse@0"));

    Map<String, Row> ranking = rank(30, journeys);

    Row demo = ranking.get("Demo");
    assertThat(demo.<Double>getAs(TouchpointRanking.LIFT)).isCloseTo(3, TOLERANCE);
    assertThat(demo.<Double>getAs(TouchpointRanking.P_VALUE)).isCloseTo(7.744216431044088e-06, within(1e-15));
    assertThat(demo.<Double>getAs(TouchpointRanking.Q_VALUE)).isCloseTo(7.744216431044088e-06, within(1e-15));
    // Every closed journey browses: there is no journey without it to compare with.
    Row browse = ranking.get("Browse");
    assertThat(browse.<Double>getAs(TouchpointRanking.BASELINE_RATE)).isNull();
    assertThat(browse.<Double>getAs(TouchpointRanking.LIFT)).isNull();
    assertThat(browse.<Double>getAs(TouchpointRanking.P_VALUE)).isNull();
    assertThat(demo.<Integer>getAs(TouchpointRanking.CONVERSION_RANK)).isEqualTo(1);
  }

  @Test
  void setsOfMoreThanSixteenTouchpointsAreSampledAndCounted() {
    String[] seventeen = IntStream.range(0, 17).mapToObj(index -> "T" + index + "@" + index).toArray(String[]::new);
    String[] sixteen = IntStream.range(0, 16).mapToObj(index -> "U" + index + "@" + index).toArray(String[]::new);
    List<Row> journeys = new ArrayList<>();
    journeys.add(converted("long", 17.0, append(seventeen, "Purchase@20")));
    journeys.add(converted("shorter", 16.0, append(sixteen, "Purchase@20")));

    RankingResult result = new TouchpointRanking(config(30)).rank(journeys(spark, journeys));
    Map<String, Row> ranking = byTouchpoint(result.table().collectAsList());

    assertThat(result.shapleySampledSets()).isEqualTo(1);
    double sampledCredit =
        IntStream.range(0, 17).mapToDouble(index -> ranking.get("T" + index).<Double>getAs(creditColumn("shapley"))).sum();
    assertThat(sampledCredit).isCloseTo(1, TOLERANCE);
    // Only the full set converts, so all members are symmetric: exactly 1/16 each.
    assertThat(ranking.get("U3").<Double>getAs(creditColumn("shapley"))).isCloseTo(1.0 / 16, TOLERANCE);
    assertThat(ranking.get("U3").<Double>getAs(revenueCreditColumn("shapley"))).isCloseTo(1, TOLERANCE);
  }

  @Test
  void noJourneysGiveAnEmptyTable() {
    RankingResult result = new TouchpointRanking(config(30)).rank(journeys(spark, List.of()));

    assertThat(result.table().count()).isZero();
    assertThat(result.shapleySampledSets()).isZero();
  }

  @Test
  void rejectsAnInvalidConfidenceLevel() {
    AnalysisConfig percent =
        new AnalysisConfig(30, 95, AnalysisConfig.DEFAULT_HALF_LIFE, false, List.of(), AnalysisConfig.DEFAULT_TOP_TOUCHPOINTS);

    assertThatThrownBy(() -> new TouchpointRanking(percent))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confidence level 95");
  }

  /**
   * 17 closed journeys (8 converted, revenue 380; c5 is a walk-in with no touch) and 4 in progress;
   * hours from the journey's start.
   */
  private static List<Row> mixedFixture() {
    return List.of(
        converted("c1", 100.0, "Ad@0", "Web@24", "Purchase@48"),
        converted("c2", 50.0, "Email@0", "Web@2", "Purchase@5"),
        converted("c3", 80.0, "Ad@0", "Email@24", "Web@48", "Purchase@72"),
        converted("c4", 20.0, "Web@0", "Purchase@1"),
        converted("c5", 30.0, "Purchase@0"),
        converted("c6", null, "Email@0", "Email@24", "Web@30", "Purchase@40"),
        converted("c7", 60.0, "Ad@0", "Web@100", "Web@101", "Purchase@200"),
        converted("c8", 40.0, "Store@0", "Purchase@1"),
        abandoned("a1", "Ad@0"),
        abandoned("a2", "Ad@0", "Web@10"),
        abandoned("a3", "Email@0", "Email@5"),
        abandoned("a4", "Web@0", "Ad@2"),
        abandoned("a5", "Ad@0", "Email@1", "Web@3"),
        abandoned("a6", "Store@0"),
        abandoned("a7", "Ad@0", "Ad@48"),
        abandoned("a8", "Email@0", "Web@4", "Email@6"),
        abandoned("a9", "Web@0"),
        inProgress("p1", "Ad@0", "Web@1"),
        inProgress("p2", "Email@0"),
        inProgress("p3", "Chat@0"),
        inProgress("p4", "Chat@0", "Ad@1"));
  }

  private static void assertCredits(Map<String, Row> ranking, String model, Map<String, Double> expected) {
    expected.forEach(
        (touchpoint, credit) ->
            assertThat(ranking.get(touchpoint).<Double>getAs(creditColumn(model)))
                .as(model + " credit of " + touchpoint)
                .isCloseTo(credit, TOLERANCE));
  }

  private static List<String> ranks(Map<String, Row> ranking, String rankColumn) {
    List<Row> rows = new ArrayList<>(ranking.values().stream().filter(row -> !row.isNullAt(row.fieldIndex(rankColumn))).toList());
    rows.sort((left, right) -> Integer.compare(left.<Integer>getAs(rankColumn), right.<Integer>getAs(rankColumn)));
    return rows.stream().map(row -> row.<String>getAs(TouchpointRanking.TOUCHPOINT)).toList();
  }

  private static String[] append(String[] steps, String last) {
    String[] all = Arrays.copyOf(steps, steps.length + 1);
    all[steps.length] = last;
    return all;
  }
}
