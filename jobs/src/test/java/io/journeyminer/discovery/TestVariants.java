package io.journeyminer.discovery;

import static io.journeyminer.discovery.JourneyFixture.abandoned;
import static io.journeyminer.discovery.JourneyFixture.converted;
import static io.journeyminer.discovery.JourneyFixture.inProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.AnalysisConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TestVariants extends SparkTestBase {

  private static final AnalysisConfig KEEP_REPEATS = analysis(false);
  private static final AnalysisConfig COLLAPSE_REPEATS = analysis(true);

  private static AnalysisConfig analysis(boolean collapseRepeats) {
    return new AnalysisConfig(30, 0.95, Duration.ofDays(7), collapseRepeats, List.of(), 3);
  }

  /** Seven journeys: four follow A B, two A C (deviating), one B (still in progress). */
  private Dataset<Row> sevenJourneys() {
    return JourneyFixture.frame(
        spark,
        converted("j1").step("A", 0).step("B", 100),
        abandoned("j2").step("A", 0).step("B", 300),
        inProgress("j3").step("A", 0).step("B", 50),
        converted("j4").step("A", 0).step("B", 200),
        abandoned("j5").step("A", 0).step("C", 10).deviating(),
        inProgress("j6").step("A", 0).step("C", 20).deviating(),
        inProgress("j7").step("B", 0));
  }

  private Map<List<String>, Row> bySequence(Dataset<Row> variants) {
    Map<List<String>, Row> rows = new HashMap<>();
    for (Row row : variants.collectAsList()) {
      rows.put(row.getList(row.fieldIndex(Variants.TOUCHPOINTS)), row);
    }
    return rows;
  }

  @Test
  void countsJourneysAndSharesOfEveryVariant() {
    Map<List<String>, Row> variants =
        bySequence(new Variants(KEEP_REPEATS).compute(sevenJourneys()));

    assertThat(variants).hasSize(3);
    Row ab = variants.get(List.of("A", "B"));
    assertThat((long) ab.getAs(Variants.JOURNEYS)).isEqualTo(4);
    assertThat((double) ab.getAs(Variants.SHARE)).isCloseTo(4.0 / 7, within(1e-12));
    assertThat((double) variants.get(List.of("A", "C")).getAs(Variants.SHARE))
        .isCloseTo(2.0 / 7, within(1e-12));
  }

  @Test
  void conversionRateAndMedianDurationLeaveInProgressJourneysOut() {
    Map<List<String>, Row> variants =
        bySequence(new Variants(KEEP_REPEATS).compute(sevenJourneys()));

    Row ab = variants.get(List.of("A", "B"));
    // Closed: j1 and j4 converted, j2 abandoned; j3 (50 s, in progress) is only counted beside.
    assertThat((double) ab.getAs(Variants.CONVERSION_RATE)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat((double) ab.getAs(Variants.MEDIAN_DURATION_SECONDS)).isEqualTo(200.0);
    assertThat((long) ab.getAs(Variants.CONVERTED_JOURNEYS)).isEqualTo(2);
    assertThat((long) ab.getAs(Variants.ABANDONED_JOURNEYS)).isEqualTo(1);
    assertThat((long) ab.getAs(Variants.IN_PROGRESS_JOURNEYS)).isEqualTo(1);

    Row onlyInProgress = variants.get(List.of("B"));
    assertThat((Object) onlyInProgress.getAs(Variants.CONVERSION_RATE)).isNull();
    assertThat((Object) onlyInProgress.getAs(Variants.MEDIAN_DURATION_SECONDS)).isNull();
  }

  @Test
  void conformsIsTheJourneysOwnValue() {
    Map<List<String>, Row> variants =
        bySequence(new Variants(KEEP_REPEATS).compute(sevenJourneys()));

    assertThat((boolean) variants.get(List.of("A", "B")).getAs(Variants.CONFORMS)).isTrue();
    assertThat((boolean) variants.get(List.of("A", "C")).getAs(Variants.CONFORMS)).isFalse();
  }

  @Test
  void variantIdIsTheFirstSixteenHexCharactersOfTheSha256OfTheSequence() {
    Map<List<String>, Row> variants =
        bySequence(new Variants(KEEP_REPEATS).compute(sevenJourneys()));

    assertThat((String) variants.get(List.of("A", "B")).getAs(Variants.VARIANT_ID))
        .isEqualTo(JourneyFixture.expectedVariantId(List.of("A", "B")))
        .hasSize(16);
  }

  @Test
  void collapseRepeatsMergesSequencesThatDifferOnlyInImmediateRepeats() {
    Dataset<Row> journeys =
        JourneyFixture.frame(
            spark,
            converted("j1").step("A", 0).step("A", 10).step("B", 20),
            converted("j2").step("A", 0).step("B", 20),
            abandoned("j3").step("A", 0).step("B", 10).step("B", 20).step("A", 30));

    assertThat(new Variants(KEEP_REPEATS).compute(journeys).count()).isEqualTo(3);

    Map<List<String>, Row> collapsed =
        bySequence(new Variants(COLLAPSE_REPEATS).compute(journeys));
    assertThat(collapsed.keySet())
        .containsExactlyInAnyOrder(List.of("A", "B"), List.of("A", "B", "A"));
    Row ab = collapsed.get(List.of("A", "B"));
    assertThat((long) ab.getAs(Variants.JOURNEYS)).isEqualTo(2);
    assertThat((String) ab.getAs(Variants.VARIANT_ID))
        .isEqualTo(JourneyFixture.expectedVariantId(List.of("A", "B")));
  }

  @Test
  void runningExampleHasSixVariantsOfOneCaseEach() {
    List<Row> variants =
        new Variants(KEEP_REPEATS).compute(RunningExample.journeys(spark)).collectAsList();

    assertThat(variants).hasSize(6);
    assertThat(variants)
        .allSatisfy(
            row -> {
              assertThat((long) row.getAs(Variants.JOURNEYS)).isEqualTo(1);
              assertThat((double) row.getAs(Variants.SHARE)).isCloseTo(1.0 / 6, within(1e-12));
            });
  }

  @Test
  void outputHasThePublishedSchema() {
    assertThat(Schemas.columns(new Variants(KEEP_REPEATS).compute(sevenJourneys()).schema()))
        .isEqualTo(Schemas.columns(Variants.SCHEMA));
  }
}
