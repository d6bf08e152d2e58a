package io.journeyminer.survival;

import static io.journeyminer.discovery.JourneyFixture.abandoned;
import static io.journeyminer.discovery.JourneyFixture.converted;
import static io.journeyminer.discovery.JourneyFixture.inProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.discovery.JourneyFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TestTimeToConvert extends SparkTestBase {

  private static final long DAY = 86_400;
  private static final double EXACT = 1e-9;
  /** Fixture journeys start on 2024-03-01T09:00Z; the run looks at them ten and a half days later. */
  private static final Instant AS_OF = Instant.parse("2024-03-11T21:00:00Z");

  /**
   * Six journeys: conversions on days 1, 1 and 4 (the last one followed by an after-conversion
   * touch on day 6, which must not move it), abandonments last seen on day 2 and at their first
   * touch, and one still on the way at as_of (day 10).
   */
  private Map<String, Row> table() {
    AnalysisConfig analysis = new AnalysisConfig(30, 0.95, Duration.ofDays(7), false, List.of("region"), 3);
    var journeys =
        JourneyFixture.frame(
            spark,
            converted("c1").step("ad_click", "awareness", 0).step("checkout", "purchase", DAY + 5).firstTouchChannel("search"),
            converted("c2").step("newsletter_open", 0).step("checkout", "purchase", DAY + 60).firstTouchChannel("search").attribute("region", "north"),
            converted("c3")
                .step("ad_click", "awareness", 0)
                .step("checkout", "purchase", 4 * DAY + 1)
                .step("order_tracking", "retention", 6 * DAY)
                .convertsAtStep(2)
                .firstTouchChannel("social"),
            abandoned("a1").step("ad_click", "awareness", 0).step("ad_click", "awareness", 2 * DAY + 7).firstTouchChannel("search"),
            abandoned("a2").step("product_page", "consideration", 3 * DAY + 3).firstTouchChannel("social"),
            inProgress("p1").step("ad_click", "awareness", 0).firstTouchChannel("social").attribute("region", "north"));
    Map<String, Row> rows = new HashMap<>();
    for (Row row : new TimeToConvert(analysis, AS_OF).compute(journeys).collectAsList()) {
      rows.put(row.getAs("segment_type") + "=" + row.getAs("segment_value") + "@" + row.getAs("day"), row);
    }
    return rows;
  }

  @Test
  void censorsAbandonedAndInProgressJourneysInsteadOfDroppingThem() {
    Map<String, Row> rows = table();

    // Time counts from each journey's first touch: a2, a single touch, is censored on day 0.
    // Day 1: 5 at risk, 2 convert: S = 3/5. Day 2: a1 censored. Day 4: 2 at risk, 1 converts:
    // S = 3/5 * 1/2. Day 10: the in-progress journey, censored at as_of.
    assertThat(rows.get("all=all@0").<Long>getAs("censored")).isEqualTo(1);
    Row day1 = rows.get("all=all@1");
    assertThat(day1.<Long>getAs("at_risk")).isEqualTo(5);
    assertThat(day1.<Long>getAs("converted")).isEqualTo(2);
    assertThat(day1.<Double>getAs("probability_converted")).isCloseTo(2.0 / 5, within(EXACT));
    assertThat(rows.get("all=all@2").<Long>getAs("censored")).isEqualTo(1);
    Row day4 = rows.get("all=all@4");
    assertThat(day4.<Long>getAs("at_risk")).isEqualTo(2);
    assertThat(day4.<Double>getAs("probability_converted")).isCloseTo(1 - 3.0 / 5 / 2, within(EXACT));
    assertThat(rows.get("all=all@10").<Long>getAs("censored")).isEqualTo(1);
    assertThat(rows).doesNotContainKey("all=all@6");

    // Half have converted by day 4 on the curve; over converted journeys alone it looks like day 1.
    assertThat(day4.<Double>getAs("median_days")).isEqualTo(4.0);
    assertThat(day4.<Double>getAs("naive_median_days")).isEqualTo(1.0);
    assertThat(day4.<Long>getAs("journeys")).isEqualTo(6);
    assertThat(day4.<Long>getAs("conversions")).isEqualTo(3);

    // Bands are those of the Kaplan-Meier curve, as probabilities of having converted.
    KaplanMeier.Step expected =
        KaplanMeier.fit(
                List.of(new TimeCount(0, 0, 1), new TimeCount(1, 2, 0), new TimeCount(2, 0, 1), new TimeCount(4, 1, 0), new TimeCount(10, 0, 1)),
                0.95)
            .steps()
            .get(3);
    assertThat(day4.<Double>getAs("ci_low")).isCloseTo(1 - expected.upper(), within(EXACT));
    assertThat(day4.<Double>getAs("ci_high")).isCloseTo(1 - expected.lower(), within(EXACT));
  }

  @Test
  void curvesPerStageReachedAndPerSegmentWithALogRankTest() {
    Map<String, Row> rows = table();

    // Awareness was reached by c1, c3, a1 and p1: conversions on days 1 and 4.
    assertThat(rows.get("stage_reached=awareness@1").<Long>getAs("at_risk")).isEqualTo(4);
    assertThat(rows.get("stage_reached=awareness@1").<Long>getAs("journeys")).isEqualTo(4);
    // Retention was only touched after c3's conversion, so no curve counts it as reached.
    assertThat(rows.keySet()).noneMatch(key -> key.startsWith("stage_reached=retention"));
    assertThat(rows.get("stage_reached=awareness@1").<Double>getAs("log_rank_p_value")).isNull();

    // Channels: search converts on days 1, 1 (censored day 2), social on day 4 (censored 0, 10).
    Row search = rows.get("first_touch_channel=search@1");
    assertThat(search.<Double>getAs("probability_converted")).isCloseTo(2.0 / 3, within(EXACT));
    Row social = rows.get("first_touch_channel=social@4");
    assertThat(social.<Double>getAs("probability_converted")).isCloseTo(0.5, within(EXACT));
    LogRank expected =
        LogRank.test(
                Map.of(
                    "search", List.of(new TimeCount(1, 2, 0), new TimeCount(2, 0, 1)),
                    "social", List.of(new TimeCount(0, 0, 1), new TimeCount(4, 1, 0), new TimeCount(10, 0, 1))))
            .orElseThrow();
    assertThat(search.<Double>getAs("log_rank_chi_squared")).isCloseTo(expected.chiSquared(), within(EXACT));
    assertThat(social.<Double>getAs("log_rank_p_value")).isCloseTo(expected.pValue(), within(EXACT));
    assertThat(search.<Integer>getAs("log_rank_df")).isEqualTo(1);

    // Attribute segments, with journeys lacking the attribute under "(none)".
    assertThat(rows.get("attribute:region=north@1").<Long>getAs("at_risk")).isEqualTo(2);
    assertThat(rows.get("attribute:region=(none)@1").<Long>getAs("at_risk")).isEqualTo(3);
  }
}
