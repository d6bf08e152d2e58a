package io.journeyminer.stages;

import static io.journeyminer.discovery.JourneyFixture.abandoned;
import static io.journeyminer.discovery.JourneyFixture.converted;
import static io.journeyminer.discovery.JourneyFixture.inProgress;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.config.JourneyMap;
import io.journeyminer.config.JourneyMap.Stage;
import io.journeyminer.discovery.JourneyFixture;
import io.journeyminer.discovery.Schemas;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TestStageSummary extends SparkTestBase {

  private static final String AWARENESS = "awareness";
  private static final String CONSIDERATION = "consideration";
  private static final String PURCHASE = "purchase";
  private static final String RETENTION = "retention";

  private static final JourneyMap MAP =
      new JourneyMap(
          List.of(
              new Stage(AWARENESS, List.of("ad_click", "social_post")),
              new Stage(CONSIDERATION, List.of("product_page", "review_read")),
              new Stage(PURCHASE, List.of("checkout", "store_purchase")),
              new Stage(RETENTION, List.of("newsletter"))),
          Set.of("checkout", "store_purchase"));

  private static AnalysisConfig analysis(int topTouchpoints) {
    return new AnalysisConfig(
        30, 0.95, Duration.ofDays(7), false, List.of("region"), topTouchpoints);
  }

  /**
   * Seven journeys: j1 and j4 convert (j4 skips awareness), j2, j3, j6 and j7 are abandoned (j6
   * goes back to awareness before leaving), j5 is still in progress.
   */
  private Dataset<Row> journeys() {
    return JourneyFixture.frame(
        spark,
        converted("j1")
            .step("ad_click", AWARENESS, 0)
            .step("product_page", CONSIDERATION, 100)
            .step("checkout", PURCHASE, 400)
            .furthestStage(PURCHASE)
            .firstTouchChannel("search")
            .attribute("region", "north"),
        abandoned("j2")
            .step("ad_click", AWARENESS, 0)
            .step("social_post", AWARENESS, 50)
            .step("product_page", CONSIDERATION, 200)
            .step("review_read", CONSIDERATION, 300)
            .furthestStage(CONSIDERATION)
            .firstTouchChannel("search")
            .attribute("region", "south"),
        abandoned("j3")
            .step("social_post", AWARENESS, 0)
            .furthestStage(AWARENESS)
            .firstTouchChannel("social")
            .attribute("region", "north"),
        converted("j4")
            .step("product_page", CONSIDERATION, 0)
            .step("store_purchase", PURCHASE, 1000)
            .furthestStage(PURCHASE)
            .deviating(),
        inProgress("j5")
            .step("ad_click", AWARENESS, 0)
            .step("product_page", CONSIDERATION, 60)
            .furthestStage(CONSIDERATION)
            .firstTouchChannel("search")
            .attribute("region", "north"),
        abandoned("j6")
            .step("ad_click", AWARENESS, 0)
            .step("product_page", CONSIDERATION, 30)
            .step("ad_click", AWARENESS, 90)
            .furthestStage(CONSIDERATION)
            .firstTouchChannel("social")
            .attribute("region", "south")
            .deviating(),
        abandoned("j7")
            .step("social_post", AWARENESS, 0)
            .furthestStage(AWARENESS)
            .firstTouchChannel("social"));
  }

  /** Rows keyed by "segment_type=segment_value/stage". */
  private Map<String, Row> summary(int topTouchpoints) {
    Map<String, Row> rows = new HashMap<>();
    Dataset<Row> summary = new StageSummary(MAP, analysis(topTouchpoints)).compute(journeys());
    for (Row row : summary.collectAsList()) {
      rows.put(
          row.getAs(StageSummary.SEGMENT_TYPE)
              + "="
              + row.getAs(StageSummary.SEGMENT_VALUE)
              + "/"
              + row.getAs(StageSummary.STAGE),
          row);
    }
    return rows;
  }

  private static long count(Row row, String column) {
    return row.getAs(column);
  }

  private static Double figure(Row row, String column) {
    return row.getAs(column);
  }

  private static List<String> touchpoints(Row row, String column) {
    return row.getList(row.fieldIndex(column));
  }

  @Test
  void funnelOfTheFirstStageCountsClosedJourneysAndShowsInProgressBeside() {
    Row awareness = summary(3).get("all=all/" + AWARENESS);

    assertThat((int) awareness.getAs(StageSummary.STAGE_ORDER)).isEqualTo(1);
    // j1, j2, j3, j6, j7 closed in awareness; j5 is in progress; j4 never was in it.
    assertThat(count(awareness, StageSummary.ENTERED)).isEqualTo(5);
    assertThat(count(awareness, StageSummary.IN_PROGRESS_ENTERED)).isEqualTo(1);
    assertThat(count(awareness, StageSummary.PROGRESSED)).isEqualTo(3);
    assertThat(count(awareness, StageSummary.CONVERTED_JOURNEYS)).isEqualTo(1);
    assertThat(count(awareness, StageSummary.ABANDONED_HERE)).isEqualTo(2);
    assertThat(count(awareness, StageSummary.IN_PROGRESS_HERE)).isEqualTo(0);
    assertThat(figure(awareness, StageSummary.PROGRESSION_RATE)).isEqualTo(0.6);
    assertThat(figure(awareness, StageSummary.DROP_OFF_RATE)).isEqualTo(0.4);
  }

  @Test
  void secondsInStageRunFromFirstEventInTheStageToFirstEventInALaterStage() {
    Map<String, Row> rows = summary(3);

    // Awareness: j1 100 s, j2 200 s (its second awareness event does not restart the clock),
    // j6 30 s; j5 is in progress and not counted.
    Row awareness = rows.get("all=all/" + AWARENESS);
    assertThat(figure(awareness, StageSummary.MEDIAN_SECONDS_IN_STAGE)).isEqualTo(100.0);
    assertThat(figure(awareness, StageSummary.P90_SECONDS_IN_STAGE)).isEqualTo(200.0);

    // Consideration: j1 300 s, j4 1000 s; j6 going back to awareness is no progress.
    Row consideration = rows.get("all=all/" + CONSIDERATION);
    assertThat(count(consideration, StageSummary.PROGRESSED)).isEqualTo(2);
    assertThat(figure(consideration, StageSummary.MEDIAN_SECONDS_IN_STAGE)).isEqualTo(300.0);
    assertThat(figure(consideration, StageSummary.P90_SECONDS_IN_STAGE)).isEqualTo(1000.0);
  }

  @Test
  void laterStagesOfTheFunnel() {
    Map<String, Row> rows = summary(3);

    Row consideration = rows.get("all=all/" + CONSIDERATION);
    assertThat(count(consideration, StageSummary.ENTERED)).isEqualTo(4);
    assertThat(count(consideration, StageSummary.CONVERTED_JOURNEYS)).isEqualTo(2);
    assertThat(count(consideration, StageSummary.ABANDONED_HERE)).isEqualTo(2);
    assertThat(count(consideration, StageSummary.IN_PROGRESS_HERE)).isEqualTo(1);
    assertThat(figure(consideration, StageSummary.DROP_OFF_RATE)).isEqualTo(0.5);

    Row purchase = rows.get("all=all/" + PURCHASE);
    assertThat(count(purchase, StageSummary.ENTERED)).isEqualTo(2);
    assertThat(count(purchase, StageSummary.CONVERTED_JOURNEYS)).isEqualTo(2);
    assertThat(figure(purchase, StageSummary.PROGRESSION_RATE)).isEqualTo(0.0);
    assertThat(figure(purchase, StageSummary.MEDIAN_SECONDS_IN_STAGE)).isNull();
  }

  @Test
  void stageNobodyEnteredIsListedWithZerosAndNoRates() {
    Row retention = summary(3).get("all=all/" + RETENTION);

    assertThat((int) retention.getAs(StageSummary.STAGE_ORDER)).isEqualTo(4);
    assertThat(count(retention, StageSummary.ENTERED)).isEqualTo(0);
    assertThat(figure(retention, StageSummary.PROGRESSION_RATE)).isNull();
    assertThat(figure(retention, StageSummary.DROP_OFF_RATE)).isNull();
    assertThat(touchpoints(retention, StageSummary.TOP_TOUCHPOINTS_BY_REACH)).isEmpty();
  }

  @Test
  void topTouchpointsByReachAndByExitsWithinTheStage() {
    Map<String, Row> rows = summary(3);

    Row awareness = rows.get("all=all/" + AWARENESS);
    // Reach: ad_click j1 j2 j6, social_post j2 j3 j7: a tie, broken by name.
    assertThat(touchpoints(awareness, StageSummary.TOP_TOUCHPOINTS_BY_REACH))
        .containsExactly("ad_click", "social_post");
    // Exits: social_post ends j3 and j7, ad_click ends j6.
    assertThat(touchpoints(awareness, StageSummary.TOP_TOUCHPOINTS_BY_EXITS))
        .containsExactly("social_post", "ad_click");

    Row consideration = rows.get("all=all/" + CONSIDERATION);
    assertThat(touchpoints(consideration, StageSummary.TOP_TOUCHPOINTS_BY_REACH))
        .containsExactly("product_page", "review_read");
    assertThat(touchpoints(consideration, StageSummary.TOP_TOUCHPOINTS_BY_EXITS))
        .containsExactly("review_read");
  }

  @Test
  void topListsAreCutAtTheConfiguredLength() {
    Row awareness = summary(1).get("all=all/" + AWARENESS);

    assertThat(touchpoints(awareness, StageSummary.TOP_TOUCHPOINTS_BY_REACH))
        .containsExactly("ad_click");
    assertThat(touchpoints(awareness, StageSummary.TOP_TOUCHPOINTS_BY_EXITS))
        .containsExactly("social_post");
  }

  @Test
  void firstTouchChannelSegments() {
    Map<String, Row> rows = summary(3);

    Row searchAwareness = rows.get("first_touch_channel=search/" + AWARENESS);
    assertThat(count(searchAwareness, StageSummary.ENTERED)).isEqualTo(2);
    assertThat(count(searchAwareness, StageSummary.IN_PROGRESS_ENTERED)).isEqualTo(1);
    assertThat(figure(searchAwareness, StageSummary.PROGRESSION_RATE)).isEqualTo(1.0);

    Row socialAwareness = rows.get("first_touch_channel=social/" + AWARENESS);
    assertThat(count(socialAwareness, StageSummary.ENTERED)).isEqualTo(3);
    assertThat(count(socialAwareness, StageSummary.ABANDONED_HERE)).isEqualTo(2);

    // j4 has no first-touch channel.
    assertThat(count(rows.get("first_touch_channel=(none)/" + AWARENESS), StageSummary.ENTERED))
        .isEqualTo(0);
    assertThat(
            count(
                rows.get("first_touch_channel=(none)/" + CONSIDERATION),
                StageSummary.CONVERTED_JOURNEYS))
        .isEqualTo(1);
  }

  @Test
  void attributeSegments() {
    Map<String, Row> rows = summary(3);

    Row northAwareness = rows.get("attribute:region=north/" + AWARENESS);
    assertThat(count(northAwareness, StageSummary.ENTERED)).isEqualTo(2);
    assertThat(count(northAwareness, StageSummary.PROGRESSED)).isEqualTo(1);

    Row southConsideration = rows.get("attribute:region=south/" + CONSIDERATION);
    assertThat(count(southConsideration, StageSummary.ENTERED)).isEqualTo(2);
    assertThat(figure(southConsideration, StageSummary.DROP_OFF_RATE)).isEqualTo(1.0);

    // j4 and j7 carry no region.
    assertThat(count(rows.get("attribute:region=(none)/" + PURCHASE), StageSummary.ENTERED))
        .isEqualTo(1);
  }

  @Test
  void everySegmentValueListsEveryStage() {
    // all; channels search, social, (none); regions north, south, (none): 7 segments x 4 stages.
    assertThat(summary(3)).hasSize(28);
  }

  /**
   * The same map with funnel options: awareness must be left within 150 s, consideration is
   * optional and a journey touching social_post before leaving it drops out of its funnel.
   */
  private static final JourneyMap MAP_WITH_OPTIONS =
      new JourneyMap(
          List.of(
              new Stage(AWARENESS, List.of("ad_click", "social_post"), false, false, List.of(), Optional.of(Duration.ofSeconds(150))),
              new Stage(CONSIDERATION, List.of("product_page", "review_read"), true, false, List.of("social_post"), Optional.empty()),
              new Stage(PURCHASE, List.of("checkout", "store_purchase")),
              new Stage(RETENTION, List.of("newsletter"))),
          Set.of("checkout", "store_purchase"));

  /** The seven journeys and j8, which converts straight from awareness after 500 s. */
  private Map<String, Row> summaryWithOptions() {
    Dataset<Row> journeys =
        journeys()
            .unionByName(
                JourneyFixture.frame(
                    spark,
                    converted("j8").step("ad_click", AWARENESS, 0).step("checkout", PURCHASE, 500).furthestStage(PURCHASE)));
    Map<String, Row> rows = new HashMap<>();
    for (Row row : new StageSummary(MAP_WITH_OPTIONS, analysis(3)).compute(journeys).where("segment_type = 'all'").collectAsList()) {
      rows.put(row.getAs(StageSummary.STAGE), row);
    }
    return rows;
  }

  @Test
  void withinCountsLateProgressionApart() {
    Row awareness = summaryWithOptions().get(AWARENESS);

    // Entered: j1 j2 j3 j6 j7 j8. Left within 150 s: j1 (100 s), j6 (30 s); late: j2 (200 s),
    // j8 (500 s). j4 passed over awareness, which is required: it shows as skipped only.
    assertThat(count(awareness, StageSummary.ENTERED)).isEqualTo(6);
    assertThat(count(awareness, StageSummary.PROGRESSED)).isEqualTo(2);
    assertThat(count(awareness, StageSummary.PROGRESSED_LATE)).isEqualTo(2);
    assertThat(count(awareness, StageSummary.SKIPPED)).isEqualTo(1);
    assertThat(figure(awareness, StageSummary.PROGRESSION_RATE)).isEqualTo(2.0 / 6);
    assertThat(figure(awareness, StageSummary.MEDIAN_SECONDS_IN_STAGE)).isEqualTo(30.0);
    assertThat(count(awareness, StageSummary.WITHIN_SECONDS)).isEqualTo(150);
    assertThat((boolean) awareness.getAs(StageSummary.OPTIONAL)).isFalse();
  }

  @Test
  void excludedJourneysLeaveTheStageFunnelAndSkippingAnOptionalStageCountsAsPassingIt() {
    Row consideration = summaryWithOptions().get(CONSIDERATION);

    // j2 touched social_post before it (never) progressed: excluded. Left: j1, j4, j6 entered,
    // j1 and j4 progressed, j6 was abandoned here; j8 skipped the optional stage.
    assertThat(count(consideration, StageSummary.EXCLUDED)).isEqualTo(1);
    assertThat(count(consideration, StageSummary.ENTERED)).isEqualTo(3);
    assertThat(count(consideration, StageSummary.PROGRESSED)).isEqualTo(2);
    assertThat(count(consideration, StageSummary.ABANDONED_HERE)).isEqualTo(1);
    assertThat(count(consideration, StageSummary.SKIPPED)).isEqualTo(1);
    assertThat(count(consideration, StageSummary.IN_PROGRESS_ENTERED)).isEqualTo(1);
    // (progressed + skipped) / (entered + skipped) = 3/4; abandoned / (entered + skipped) = 1/4.
    assertThat(figure(consideration, StageSummary.PROGRESSION_RATE)).isEqualTo(0.75);
    assertThat(figure(consideration, StageSummary.DROP_OFF_RATE)).isEqualTo(0.25);
    // review_read was only touched by the excluded j2.
    assertThat(touchpoints(consideration, StageSummary.TOP_TOUCHPOINTS_BY_REACH)).containsExactly("product_page");
    assertThat(touchpoints(consideration, StageSummary.TOP_TOUCHPOINTS_BY_EXITS)).isEmpty();
    assertThat((boolean) consideration.getAs(StageSummary.OPTIONAL)).isTrue();
    assertThat(touchpoints(consideration, StageSummary.EXCLUDE)).containsExactly("social_post");
    assertThat((Object) consideration.getAs(StageSummary.WITHIN_SECONDS)).isNull();

    Row purchase = summaryWithOptions().get(PURCHASE);
    assertThat(count(purchase, StageSummary.ENTERED)).isEqualTo(3);
    assertThat(count(purchase, StageSummary.SKIPPED)).isEqualTo(0);
  }

  @Test
  void withoutOptionsNothingIsExcludedOrLateAndSkipsAreStillCounted() {
    Row awareness = summary(3).get("all=all/" + AWARENESS);

    assertThat(count(awareness, StageSummary.SKIPPED)).isEqualTo(1);
    assertThat(count(awareness, StageSummary.EXCLUDED)).isEqualTo(0);
    assertThat(count(awareness, StageSummary.PROGRESSED_LATE)).isEqualTo(0);
    assertThat((Object) awareness.getAs(StageSummary.EXCLUDE)).isNull();
  }

  @Test
  void outputHasThePublishedSchema() {
    assertThat(Schemas.columns(new StageSummary(MAP, analysis(3)).compute(journeys()).schema()))
        .isEqualTo(Schemas.columns(StageSummary.SCHEMA));
  }
}
