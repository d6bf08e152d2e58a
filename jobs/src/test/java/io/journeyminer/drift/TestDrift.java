package io.journeyminer.drift;

import static io.journeyminer.discovery.JourneyFixture.abandoned;
import static io.journeyminer.discovery.JourneyFixture.converted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.config.JourneyMap;
import io.journeyminer.config.JourneyMap.Stage;
import io.journeyminer.discovery.JourneyFixture;
import io.journeyminer.publish.Manifest;
import io.journeyminer.publish.TableLayout;
import io.journeyminer.publish.Warehouse;
import io.journeyminer.ranking.TouchpointRanking;
import io.journeyminer.stages.StageSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two generated runs of 6,000 journeys, one touchpoint each, converting at 30%, except that in the
 * later run review_read converts at 45%: drift must flag review_read's conversion rate (and its
 * stage's) and no other touchpoint's, read back through the warehouse's run history.
 */
class TestDrift extends SparkTestBase {

  private static final List<String> TOUCHPOINTS = List.of("ad_click", "social_post", "product_page", "review_read");
  private static final JourneyMap MAP =
      new JourneyMap(
          List.of(
              new Stage("awareness", List.of("ad_click", "social_post")),
              new Stage("consideration", List.of("product_page", "review_read")),
              new Stage("purchase", List.of("checkout"))),
          Set.of("checkout"));
  private static final AnalysisConfig ANALYSIS =
      new AnalysisConfig(30, 0.95, Duration.ofDays(7), false, List.of(), 3, 7, 0.05);
  private static final int JOURNEYS_PER_TOUCHPOINT = 1_500;
  private static final LocalDate FIRST = LocalDate.of(2024, 3, 1);
  private static final LocalDate SECOND = LocalDate.of(2024, 3, 2);
  private static final LocalDate CURRENT = LocalDate.of(2024, 3, 3);

  /** Journeys of one run and, per touchpoint, how many converted. */
  private record Run(Dataset<Row> journeys, Map<String, Integer> conversions) {}

  private Run generate(long seed, Map<String, Double> rates) {
    Random random = new Random(seed);
    List<JourneyFixture> journeys = new ArrayList<>();
    Map<String, Integer> conversions = new LinkedHashMap<>();
    for (String touchpoint : TOUCHPOINTS) {
      String stage = MAP.stageOf(touchpoint).orElseThrow();
      int converted = 0;
      for (int i = 0; i < JOURNEYS_PER_TOUCHPOINT; i++) {
        String id = seed + "-" + touchpoint + "-" + i;
        if (random.nextDouble() < rates.getOrDefault(touchpoint, 0.3)) {
          journeys.add(converted(id).step(touchpoint, stage, 0).step("checkout", "purchase", 3_600).furthestStage("purchase"));
          converted++;
        } else {
          journeys.add(abandoned(id).step(touchpoint, stage, 0).furthestStage(stage));
        }
      }
      conversions.put(touchpoint, converted);
    }
    return new Run(JourneyFixture.frame(spark, journeys.toArray(JourneyFixture[]::new)), conversions);
  }

  private Warehouse warehouse(Path root, LocalDate runDate) {
    return new Warehouse(spark, root.toUri(), runDate + "-test", runDate);
  }

  private void publish(Path root, LocalDate runDate, Dataset<Row> ranking, Dataset<Row> stages) {
    Warehouse warehouse = warehouse(root, runDate);
    warehouse.stage(TouchpointRanking.TABLE, TableLayout.BY_RUN_DATE, ranking);
    warehouse.stage(StageSummary.TABLE, TableLayout.BY_RUN_DATE, stages);
    warehouse.commit(new Manifest());
  }

  @Test
  void flagsTheTouchpointWhoseConversionRateMovedAndNoOther(@TempDir Path root) {
    Run earlier = generate(1, Map.of());
    Dataset<Row> earlierRanking = new TouchpointRanking(ANALYSIS).rank(earlier.journeys()).table().cache();
    Dataset<Row> earlierStages = new StageSummary(MAP, ANALYSIS).compute(earlier.journeys()).cache();
    // Two earlier runs with the same figures: the window pools both, the previous run is one.
    publish(root, FIRST, earlierRanking, earlierStages);
    publish(root, SECOND, earlierRanking, earlierStages);
    Run current = generate(2, Map.of("review_read", 0.45));
    Dataset<Row> ranking = new TouchpointRanking(ANALYSIS).rank(current.journeys()).table();
    Dataset<Row> stages = new StageSummary(MAP, ANALYSIS).compute(current.journeys());

    Warehouse warehouse = warehouse(root, CURRENT);
    List<LocalDate> history = warehouse.earlierRuns(TouchpointRanking.TABLE, ANALYSIS.driftWindow());
    assertThat(history).containsExactly(SECOND, FIRST);
    Dataset<Row> drift =
        new Drift(ANALYSIS)
            .compute(
                ranking,
                stages,
                warehouse.readRuns(TouchpointRanking.TABLE, TouchpointRanking.SCHEMA, history),
                warehouse.readRuns(StageSummary.TABLE, StageSummary.SCHEMA, history));
    Map<String, Row> rows = new HashMap<>();
    for (Row row : drift.collectAsList()) {
      rows.put(row.getAs(Drift.ENTITY) + "/" + row.getAs(Drift.METRIC) + "/" + row.getAs(Drift.BASELINE), row);
    }

    Row moved = rows.get("review_read/conversion_rate/previous_run");
    double expected =
        (double) current.conversions().get("review_read") / JOURNEYS_PER_TOUCHPOINT
            - (double) earlier.conversions().get("review_read") / JOURNEYS_PER_TOUCHPOINT;
    assertThat(moved.<Double>getAs(Drift.DIFFERENCE)).isCloseTo(expected, within(1e-12));
    assertThat(expected).isCloseTo(0.15, within(0.05));
    assertThat(moved.<Boolean>getAs(Drift.SIGNIFICANT)).isTrue();
    assertThat(moved.<Double>getAs(Drift.Q_VALUE)).isLessThan(1e-6);
    assertThat(moved.<java.sql.Date>getAs(Drift.BASELINE_FROM)).isEqualTo(java.sql.Date.valueOf(SECOND));
    Row pooled = rows.get("review_read/conversion_rate/trailing_window");
    assertThat(pooled.<Integer>getAs(Drift.BASELINE_RUNS)).isEqualTo(2);
    assertThat(pooled.<Double>getAs(Drift.BASELINE_DENOMINATOR)).isEqualTo(2.0 * JOURNEYS_PER_TOUCHPOINT);
    assertThat(pooled.<Boolean>getAs(Drift.SIGNIFICANT)).isTrue();
    for (String other : List.of("ad_click", "social_post", "product_page")) {
      for (String baseline : List.of(Drift.PREVIOUS_RUN, Drift.TRAILING_WINDOW)) {
        Row row = rows.get(other + "/conversion_rate/" + baseline);
        assertThat(row.<Boolean>getAs(Drift.SIGNIFICANT)).as("%s against %s", other, baseline).isFalse();
      }
    }
    // The stage holding review_read moves with it; the stage without it does not.
    assertThat(rows.get("consideration/conversion_rate/previous_run").<Boolean>getAs(Drift.SIGNIFICANT)).isTrue();
    assertThat(rows.get("awareness/conversion_rate/previous_run").<Boolean>getAs(Drift.SIGNIFICANT)).isFalse();
  }

  @Test
  void noEarlierRunMeansNoRows(@TempDir Path root) {
    Run run = generate(3, Map.of());
    Warehouse warehouse = warehouse(root, CURRENT);
    List<LocalDate> history = warehouse.earlierRuns(TouchpointRanking.TABLE, 7);
    Dataset<Row> drift =
        new Drift(ANALYSIS)
            .compute(
                new TouchpointRanking(ANALYSIS).rank(run.journeys()).table(),
                new StageSummary(MAP, ANALYSIS).compute(run.journeys()),
                warehouse.readRuns(TouchpointRanking.TABLE, TouchpointRanking.SCHEMA, history),
                warehouse.readRuns(StageSummary.TABLE, StageSummary.SCHEMA, history));
    assertThat(history).isEmpty();
    assertThat(drift.count()).isZero();
  }

  @Test
  void twoProportionTestEqualsTheChiSquaredOfTheTable() {
    // 30/100 against 45/100: scipy.stats.chi2_contingency([[30, 70], [45, 55]], correction=False)
    // gives chi2 = 4.8, p = 0.028459736916310; z = -sqrt(4.8).
    TwoProportionTest test = TwoProportionTest.of(30, 100, 45, 100);
    assertThat(test.z()).isCloseTo(-Math.sqrt(4.8), within(1e-12));
    assertThat(test.pValue()).isCloseTo(0.028459736916310, within(1e-12));
  }
}
