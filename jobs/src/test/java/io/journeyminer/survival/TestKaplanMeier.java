package io.journeyminer.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Kaplan-Meier and log-rank against the textbook example: remission times (weeks) of the 6-MP and
 * placebo arms of Freireich et al. (1963), as tabulated in Klein and Moeschberger, "Survival
 * Analysis" (2nd ed.), Table 4.1A, and Kleinbaum and Klein, "Survival Analysis" (3rd ed.), ch. 2.
 */
class TestKaplanMeier {

  private static final double EXACT = 1e-9;

  /** 6-MP arm: 21 patients, 9 relapses, ties at 6, 10 and 32 weeks, censorings ("+") among them. */
  private static final List<TimeCount> SIX_MP =
      List.of(
          new TimeCount(6, 3, 1),
          new TimeCount(7, 1, 0),
          new TimeCount(9, 0, 1),
          new TimeCount(10, 1, 1),
          new TimeCount(11, 0, 1),
          new TimeCount(13, 1, 0),
          new TimeCount(16, 1, 0),
          new TimeCount(17, 0, 1),
          new TimeCount(19, 0, 1),
          new TimeCount(20, 0, 1),
          new TimeCount(22, 1, 0),
          new TimeCount(23, 1, 0),
          new TimeCount(25, 0, 1),
          new TimeCount(32, 0, 2),
          new TimeCount(34, 0, 1),
          new TimeCount(35, 0, 1));

  /** Placebo arm: 21 patients, all relapsed. */
  private static final List<TimeCount> PLACEBO =
      List.of(
          new TimeCount(1, 2, 0),
          new TimeCount(2, 2, 0),
          new TimeCount(3, 1, 0),
          new TimeCount(4, 2, 0),
          new TimeCount(5, 2, 0),
          new TimeCount(8, 4, 0),
          new TimeCount(11, 2, 0),
          new TimeCount(12, 2, 0),
          new TimeCount(15, 1, 0),
          new TimeCount(17, 1, 0),
          new TimeCount(22, 1, 0),
          new TimeCount(23, 1, 0));

  private static KaplanMeier.Step at(KaplanMeier curve, double time) {
    return curve.steps().stream().filter(step -> step.time() == time).findFirst().orElseThrow();
  }

  @Test
  void sixMpCurveEqualsTheProductLimitWorkedByHand() {
    KaplanMeier curve = KaplanMeier.fit(SIX_MP, 0.95);

    // S(t) = prod (n - d) / n over event times: 18/21, 16/17, 14/15, 11/12, 10/11, 6/7, 5/6.
    double s6 = 18.0 / 21;
    double s7 = s6 * 16 / 17;
    double s10 = s7 * 14 / 15;
    double s13 = s10 * 11 / 12;
    double s16 = s13 * 10 / 11;
    double s22 = s16 * 6 / 7;
    double s23 = s22 * 5 / 6;
    assertThat(at(curve, 6).survival()).isCloseTo(s6, within(EXACT));
    assertThat(at(curve, 7).survival()).isCloseTo(s7, within(EXACT));
    assertThat(at(curve, 10).survival()).isCloseTo(s10, within(EXACT));
    assertThat(at(curve, 13).survival()).isCloseTo(s13, within(EXACT));
    assertThat(at(curve, 16).survival()).isCloseTo(s16, within(EXACT));
    assertThat(at(curve, 22).survival()).isCloseTo(s22, within(EXACT));
    assertThat(at(curve, 23).survival()).isCloseTo(s23, within(EXACT));
    assertThat(at(curve, 35).survival()).isCloseTo(s23, within(EXACT));
    // Klein and Moeschberger print 0.857, 0.807, 0.753, 0.690, 0.628, 0.538, 0.448.
    assertThat(at(curve, 23).survival()).isCloseTo(0.448, within(5e-4));

    // Number at risk: everyone still under observation at the start of the week.
    assertThat(curve.steps().stream().mapToLong(KaplanMeier.Step::atRisk).toArray())
        .containsExactly(21, 17, 16, 15, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 2, 1);
    assertThat(curve.subjects()).isEqualTo(21);
    assertThat(curve.events()).isEqualTo(9);
    // The curve first reaches 0.5 at 23 weeks (the textbook median); the naive median of the 9
    // relapse times 6, 6, 6, 7, 10, 13, 16, 22, 23 is 10 weeks.
    assertThat(curve.median()).hasValue(23);
    assertThat(curve.naiveMedian()).hasValue(10);
  }

  @Test
  void sixMpGreenwoodErrorsAndLogLogBandsEqualThePublishedTable() {
    KaplanMeier curve = KaplanMeier.fit(SIX_MP, 0.95);

    // Greenwood's sum by hand: d / (n (n - d)) at each event time.
    double g6 = 3.0 / (21 * 18);
    double g7 = g6 + 1.0 / (17 * 16);
    double g10 = g7 + 1.0 / (15 * 14);
    double g13 = g10 + 1.0 / (12 * 11);
    double g16 = g13 + 1.0 / (11 * 10);
    double g22 = g16 + 1.0 / (7 * 6);
    double g23 = g22 + 1.0 / (6 * 5);
    assertThat(at(curve, 6).greenwoodSum()).isCloseTo(g6, within(EXACT));
    assertThat(at(curve, 13).greenwoodSum()).isCloseTo(g13, within(EXACT));
    assertThat(at(curve, 23).greenwoodSum()).isCloseTo(g23, within(EXACT));
    assertThat(at(curve, 7).standardError()).isCloseTo(18.0 / 21 * 16 / 17 * Math.sqrt(g7), within(EXACT));

    // survfit(Surv(time, status) ~ 1, conf.type = "log-log") on the 6-MP arm, evaluated
    // independently with scipy (norm.ppf(0.975)); R prints them rounded to 3 and 4 digits:
    // std.err 0.0764 0.0869 0.0963 0.1068 0.1141 0.1282 0.1346,
    // lower 0.620 0.563 0.503 0.432 0.368 0.268 0.188, upper 0.952 0.923 0.889 0.849 0.805 0.747 0.680.
    double[][] published = {
      {6, 0.07636035483212125, 0.6197179552659838, 0.951551747646997},
      {7, 0.08693528518005719, 0.5631465646222333, 0.9228090192028804},
      {10, 0.0963496529943205, 0.5031995107999564, 0.8893618351692655},
      {13, 0.10681470777500982, 0.43161022248618397, 0.8490659633494507},
      {16, 0.11405386525675253, 0.367510855987502, 0.8049121894718412},
      {22, 0.12823375169303397, 0.267778936767135, 0.7467907176353944},
      {23, 0.13459145675576042, 0.18805200595923233, 0.6801426284952414}
    };
    for (double[] row : published) {
      KaplanMeier.Step step = at(curve, row[0]);
      assertThat(step.standardError()).as("std.err at %s", row[0]).isCloseTo(row[1], within(EXACT));
      assertThat(step.lower()).as("lower at %s", row[0]).isCloseTo(row[2], within(EXACT));
      assertThat(step.upper()).as("upper at %s", row[0]).isCloseTo(row[3], within(EXACT));
    }
    // Censored-only times keep the band of the last event time; before any event it is undefined.
    assertThat(at(curve, 9).lower()).isCloseTo(at(curve, 7).lower(), within(EXACT));
    assertThat(KaplanMeier.fit(List.of(new TimeCount(1, 0, 3), new TimeCount(2, 1, 0)), 0.95).steps().get(0).lower()).isNaN();
  }

  @Test
  void withoutCensoringTheCurveIsTheEmpiricalDistribution() {
    Random random = new Random(16);
    for (int trial = 0; trial < 20; trial++) {
      int journeys = 1 + random.nextInt(200);
      TreeMap<Double, Long> timesToConvert = new TreeMap<>();
      List<Double> all = new ArrayList<>();
      for (int i = 0; i < journeys; i++) {
        double days = random.nextInt(40);
        timesToConvert.merge(days, 1L, Long::sum);
        all.add(days);
      }
      List<TimeCount> counts = new ArrayList<>();
      timesToConvert.forEach((time, events) -> counts.add(new TimeCount(time, events, 0)));
      KaplanMeier curve = KaplanMeier.fit(counts, 0.95);
      for (KaplanMeier.Step step : curve.steps()) {
        long convertedByThen = all.stream().filter(time -> time <= step.time()).count();
        assertThat(step.converted()).isCloseTo((double) convertedByThen / journeys, within(EXACT));
      }
      assertThat(curve.steps().get(curve.steps().size() - 1).survival()).isCloseTo(0, within(EXACT));
      // Without censoring both medians agree: the lower median of the times.
      List<Double> sorted = all.stream().sorted().toList();
      assertThat(curve.median()).hasValue(sorted.get((journeys + 1) / 2 - 1));
      assertThat(curve.naiveMedian()).hasValue(sorted.get((journeys + 1) / 2 - 1));
    }
  }

  @Test
  void logRankSixMpAgainstPlaceboEqualsThePublishedTest() {
    Map<String, List<TimeCount>> arms = new TreeMap<>();
    arms.put("6-MP", SIX_MP);
    arms.put("placebo", PLACEBO);

    LogRank test = LogRank.test(arms).orElseThrow();

    // survdiff(Surv(time, status) ~ group): observed 9 and 21, expected 19.25 and 10.75,
    // chi-squared 16.8 on 1 degree of freedom, p = 4.17e-05 (Kleinbaum and Klein: 16.79).
    assertThat(test.observed()).containsExactly(9, 21);
    assertThat(test.expected()[0]).isCloseTo(19.25050094803113, within(EXACT));
    assertThat(test.expected()[1]).isCloseTo(30 - 19.25050094803113, within(EXACT));
    assertThat(test.chiSquared()).isCloseTo(16.79294098921654, within(1e-9));
    assertThat(test.degreesOfFreedom()).isEqualTo(1);
    assertThat(test.pValue()).isCloseTo(4.168809109334532e-05, within(1e-12));
  }

  @Test
  void logRankOfIdenticalGroupsFindsNoDifference() {
    Map<String, List<TimeCount>> groups = new TreeMap<>();
    groups.put("a", SIX_MP);
    groups.put("b", SIX_MP);
    groups.put("c", SIX_MP);

    LogRank test = LogRank.test(groups).orElseThrow();

    assertThat(test.chiSquared()).isCloseTo(0, within(EXACT));
    assertThat(test.degreesOfFreedom()).isEqualTo(2);
    assertThat(test.pValue()).isCloseTo(1, within(EXACT));
    assertThat(LogRank.test(Map.of("only", SIX_MP))).isEmpty();
  }
}
