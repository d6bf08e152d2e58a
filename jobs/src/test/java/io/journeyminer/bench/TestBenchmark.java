package io.journeyminer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.SparkTestBase;
import io.journeyminer.TestFiles;
import io.journeyminer.bench.BenchResult.ScaleRun;
import io.journeyminer.bench.BenchResult.StepFigures;
import io.journeyminer.bench.GroundTruthCheck.SourceReconciliation;
import io.journeyminer.pipeline.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark on two generated sets ten times apart: the run is accurate at both scales, and no
 * step sends the driver a share of data that grows with the input (SPEC 9).
 */
class TestBenchmark extends SparkTestBase {

  private static final int SMALL = 300;
  private static final int LARGE = 3_000;

  private BenchResult result;
  private String printed;

  @BeforeAll
  void benchmarkTwoScales(@TempDir Path work) throws IOException {
    BenchOptions options =
        new BenchOptions(
            List.of(LARGE, SMALL),
            60,
            7,
            List.of(Step.values()),
            work,
            TestFiles.project().resolve("data-samples/pipeline.yaml"),
            // A few hundred customers leave some sources with a few dozen records, where chance alone can pass 5% rejects.
            Optional.of(0.5));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    result = new Benchmark(spark, options, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
    BenchReport.print(result, new PrintStream(out, true, StandardCharsets.UTF_8));
    printed = out.toString(StandardCharsets.UTF_8);
    // Surefire keeps this in the test's output file: the figures behind any failure below.
    System.out.print(printed);
  }

  @Test
  void runsTheSmallerScaleFirstAndMeasuresEveryStep() {
    assertThat(result.scales()).extracting(ScaleRun::customers).containsExactly(SMALL, LARGE);
    for (ScaleRun scale : result.scales()) {
      assertThat(scale.steps()).extracting(StepFigures::step).containsExactly("ingest", "stitch", "journeys", "conform", "analyze");
      for (StepFigures step : scale.steps()) {
        assertThat(step.driverBoundBytes()).as(step.step()).isPositive();
        assertThat(step.peakHeapUsedBytes()).as(step.step()).isPositive();
        assertThat(step.rowsPublished()).as(step.step()).isNotEmpty();
      }
      assertThat(scale.step("ingest").rowsPublished().get("events")).isEqualTo(scale.events().accepted());
      assertThat(scale.unlabelled().tasks()).isZero();
    }
  }

  @Test
  void stitchingFindsTheTrueCustomersAtBothScales() {
    for (ScaleRun scale : result.scales()) {
      assertThat(scale.stitching().trueIdentifiers()).as("%d customers", scale.customers()).isGreaterThan(2L * scale.customers());
      assertThat(scale.stitching().matchedIdentifiers()).isEqualTo(scale.stitching().trueIdentifiers());
      assertThat(scale.stitching().precision()).as("precision at %d customers", scale.customers()).isGreaterThanOrEqualTo(0.99);
      assertThat(scale.stitching().recall()).as("recall at %d customers", scale.customers()).isGreaterThanOrEqualTo(0.99);
    }
  }

  @Test
  void journeysPerOutcomeEqualTheGroundTruth() {
    for (ScaleRun scale : result.scales()) {
      assertThat(scale.journeys().publishedByOutcome()).as("%d customers", scale.customers()).isEqualTo(scale.journeys().truthByOutcome());
      assertThat(scale.journeys().truthByOutcome()).containsOnlyKeys("converted", "abandoned", "in_progress");
      assertThat(scale.journeys().truthJourneys()).isGreaterThan(scale.customers());
    }
  }

  @Test
  void everySourceReconcilesAndEqualsTheInjectedDefects() {
    for (ScaleRun scale : result.scales()) {
      assertThat(scale.sources()).hasSize(6).allMatch(SourceReconciliation::reconciled).allMatch(SourceReconciliation::matchesDeclared);
      assertThat(scale.events().read())
          .isEqualTo(scale.events().accepted() + scale.events().rejected() + scale.events().duplicates());
      assertThat(scale.events().rejected()).isPositive();
      assertThat(scale.events().duplicates()).isPositive();
    }
  }

  @Test
  void driverBoundBytesGrowFarSlowerThanTheInput() {
    assertThat(result.linearity()).hasSize(1);
    Linearity comparison = result.linearity().get(0);
    assertThat(comparison.eventsGrowth()).isBetween(8.0, 12.0);
    assertThat(comparison.steps()).hasSize(5);
    for (Linearity.StepGrowth step : comparison.steps()) {
      // Per-event collects would grow about as much as the input; counts, metrics and bounded summaries barely grow.
      assertThat(step.collectedGrowth()).as(step.step()).isLessThan(comparison.eventsGrowth() / 3);
      assertThat(step.flagged()).as(step.step()).isFalse();
    }
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void summaryAndJsonCarryTheFigures() throws IOException {
    assertThat(printed).contains("300 customers").contains("3,000 customers").contains("linearity 300 -> 3,000 customers").contains("all checks held");
    JsonNode json = new ObjectMapper().readTree(BenchReport.json(result));
    assertThat(json.at("/scales/1/steps/0/driver_bound_bytes").asLong()).isEqualTo(result.scales().get(1).steps().get(0).driverBoundBytes());
    assertThat(json.at("/scales/0/stitching/precision").asDouble()).isEqualTo(result.scales().get(0).stitching().precision());
    assertThat(json.at("/linearity/0/events_growth").asDouble()).isEqualTo(result.linearity().get(0).eventsGrowth());
    assertThat(json.at("/machine/cores").asInt()).isPositive();
  }
}
