package io.journeyminer.discovery;

import static io.journeyminer.discovery.JourneyFixture.abandoned;
import static io.journeyminer.discovery.JourneyFixture.converted;
import static io.journeyminer.discovery.JourneyFixture.inProgress;
import static io.journeyminer.discovery.Transitions.END;
import static io.journeyminer.discovery.Transitions.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.AnalysisConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTransitions extends SparkTestBase {

  private static final AnalysisConfig KEEP_REPEATS = analysis(false);
  private static final AnalysisConfig COLLAPSE_REPEATS = analysis(true);

  private static AnalysisConfig analysis(boolean collapseRepeats) {
    return new AnalysisConfig(30, 0.95, Duration.ofDays(7), collapseRepeats, List.of(), 3);
  }

  /**
   * Four journeys over touchpoints A, B, C: one converted, two abandoned (one looping A B A B),
   * one still in progress.
   */
  private Dataset<Row> fourJourneys() {
    return JourneyFixture.frame(
        spark,
        converted("j1").step("A", 0).step("B", 60).step("C", 180),
        abandoned("j2").step("A", 0).step("B", 120),
        abandoned("j3").step("A", 0).step("B", 300).step("A", 400).step("B", 460),
        inProgress("j4").step("A", 0).step("B", 30));
  }

  private Map<String, Row> byEdge(Dataset<Row> transitions) {
    Map<String, Row> edges = new HashMap<>();
    for (Row row : transitions.collectAsList()) {
      edges.put(
          row.getAs(Transitions.FROM_TOUCHPOINT) + " -> " + row.getAs(Transitions.TO_TOUCHPOINT),
          row);
    }
    return edges;
  }

  @Test
  void countsOccurrencesAndDistinctJourneysOfAnEdge() {
    Row aToB = byEdge(new Transitions(KEEP_REPEATS).compute(fourJourneys())).get("A -> B");

    // j3 walks A -> B twice: five occurrences in four journeys.
    assertThat((long) aToB.getAs(Transitions.COUNT)).isEqualTo(5);
    assertThat((long) aToB.getAs(Transitions.JOURNEYS)).isEqualTo(4);
  }

  @Test
  void mediansAndP90OfTheTimeBetweenTheTwoSteps() {
    Row aToB = byEdge(new Transitions(KEEP_REPEATS).compute(fourJourneys())).get("A -> B");

    // Gaps 60, 120, 300, 60 and 30 seconds: sorted 30 60 60 120 300.
    assertThat((double) aToB.getAs(Transitions.MEDIAN_SECONDS)).isEqualTo(60.0);
    assertThat((double) aToB.getAs(Transitions.P90_SECONDS)).isEqualTo(300.0);
  }

  @Test
  void conversionRateCountsClosedJourneysOnlyAndShowsInProgressBeside() {
    Row aToB = byEdge(new Transitions(KEEP_REPEATS).compute(fourJourneys())).get("A -> B");

    // j1 converted, j2 and j3 abandoned; j4 is in progress and outside the rate.
    assertThat((double) aToB.getAs(Transitions.CONVERSION_RATE)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat((long) aToB.getAs(Transitions.CONVERTED_JOURNEYS)).isEqualTo(1);
    assertThat((long) aToB.getAs(Transitions.ABANDONED_JOURNEYS)).isEqualTo(2);
    assertThat((long) aToB.getAs(Transitions.IN_PROGRESS_JOURNEYS)).isEqualTo(1);
  }

  @Test
  void everyJourneyOpensAtStartAndClosesAtEndWithoutADuration() {
    Map<String, Row> edges = byEdge(new Transitions(KEEP_REPEATS).compute(fourJourneys()));

    Row start = edges.get(START + " -> A");
    assertThat((long) start.getAs(Transitions.COUNT)).isEqualTo(4);
    assertThat((Object) start.getAs(Transitions.MEDIAN_SECONDS)).isNull();
    assertThat((Object) start.getAs(Transitions.P90_SECONDS)).isNull();

    Row bToEnd = edges.get("B -> " + END);
    assertThat((long) bToEnd.getAs(Transitions.JOURNEYS)).isEqualTo(3);
    assertThat((double) bToEnd.getAs(Transitions.CONVERSION_RATE)).isEqualTo(0.0);
    assertThat((long) bToEnd.getAs(Transitions.IN_PROGRESS_JOURNEYS)).isEqualTo(1);
    assertThat((double) edges.get("C -> " + END).getAs(Transitions.CONVERSION_RATE))
        .isEqualTo(1.0);
    assertThat(edges.keySet())
        .containsExactlyInAnyOrder(
            START + " -> A", "A -> B", "B -> C", "B -> A", "C -> " + END, "B -> " + END);
  }

  @Test
  void edgeUsedOnlyByInProgressJourneysHasNoConversionRate() {
    Map<String, Row> edges =
        byEdge(
            new Transitions(KEEP_REPEATS)
                .compute(
                    JourneyFixture.frame(
                        spark,
                        converted("j1").step("A", 0).step("B", 10),
                        inProgress("j2").step("A", 0).step("D", 10))));

    Row aToD = edges.get("A -> D");
    assertThat((Object) aToD.getAs(Transitions.CONVERSION_RATE)).isNull();
    assertThat((long) aToD.getAs(Transitions.IN_PROGRESS_JOURNEYS)).isEqualTo(1);
  }

  @Test
  void collapseRepeatsDropsSelfLoopsAndTimesFromTheFirstOfTheRun() {
    Dataset<Row> journeys =
        JourneyFixture.frame(spark, converted("j1").step("A", 0).step("A", 50).step("B", 80));

    Map<String, Row> kept = byEdge(new Transitions(KEEP_REPEATS).compute(journeys));
    assertThat((long) kept.get("A -> A").getAs(Transitions.COUNT)).isEqualTo(1);
    assertThat((double) kept.get("A -> B").getAs(Transitions.MEDIAN_SECONDS)).isEqualTo(30.0);

    Map<String, Row> collapsed = byEdge(new Transitions(COLLAPSE_REPEATS).compute(journeys));
    assertThat(collapsed).doesNotContainKey("A -> A");
    assertThat((double) collapsed.get("A -> B").getAs(Transitions.MEDIAN_SECONDS)).isEqualTo(80.0);
    assertThat(collapsed.keySet())
        .containsExactlyInAnyOrder(START + " -> A", "A -> B", "B -> " + END);
  }

  @Test
  void runningExampleHasSixteenDirectlyFollowsPairsAndThirtySixOccurrences() {
    Dataset<Row> transitions =
        new Transitions(KEEP_REPEATS).compute(RunningExample.journeys(spark));
    List<Row> betweenActivities =
        transitions.collectAsList().stream()
            .filter(row -> !START.equals(row.getAs(Transitions.FROM_TOUCHPOINT)))
            .filter(row -> !END.equals(row.getAs(Transitions.TO_TOUCHPOINT)))
            .toList();

    assertThat(betweenActivities).hasSize(16);
    assertThat(betweenActivities.stream().mapToLong(row -> row.getAs(Transitions.COUNT)).sum())
        .isEqualTo(36);

    Map<String, Row> edges = byEdge(transitions);
    Row checkToDecide =
        edges.get(RunningExample.CHECK_TICKET + " -> " + RunningExample.DECIDE);
    // Cases 1 and 6 once, cases 3 and 5 twice (after reinitiating); 3 and 6 paid, 1 and 5 not.
    assertThat((long) checkToDecide.getAs(Transitions.COUNT)).isEqualTo(6);
    assertThat((long) checkToDecide.getAs(Transitions.JOURNEYS)).isEqualTo(4);
    assertThat((double) checkToDecide.getAs(Transitions.CONVERSION_RATE)).isEqualTo(0.5);
    assertThat((long) edges.get(START + " -> " + RunningExample.REGISTER).getAs(Transitions.COUNT))
        .isEqualTo(6);
    // decide -> pay compensation: 3 d 0:43 (case 2), 6 d 0:50 (case 3), 8 d 18:55 (case 6).
    Row decideToPay = edges.get(RunningExample.DECIDE + " -> " + RunningExample.PAY);
    assertThat((double) decideToPay.getAs(Transitions.MEDIAN_SECONDS))
        .isEqualTo(6 * 86400 + 50 * 60.0);
  }

  @Test
  void readsTheStoredJourneysWithOneShuffleAndNoWindow(@TempDir Path warehouse) {
    String journeys = warehouse.resolve("journeys").toString();
    fourJourneys().write().parquet(journeys);

    String plan =
        new Transitions(COLLAPSE_REPEATS)
            .compute(spark.read().parquet(journeys))
            .queryExecution()
            .executedPlan()
            .toString();

    // SPEC 9: the hot path shuffles once; edges come from the ordered steps, not a window.
    assertThat(plan.split("Exchange ", -1)).hasSize(2);
    assertThat(plan).doesNotContain("Window");
  }

  @Test
  void outputHasThePublishedSchema() {
    assertThat(Schemas.columns(new Transitions(KEEP_REPEATS).compute(fourJourneys()).schema()))
        .isEqualTo(Schemas.columns(Transitions.SCHEMA));
  }
}
