package io.journeyminer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.journeyminer.bench.BenchResult.EventCounts;
import io.journeyminer.bench.BenchResult.ScaleRun;
import io.journeyminer.bench.BenchResult.StepFigures;
import io.journeyminer.bench.GroundTruthCheck.JourneyAccuracy;
import io.journeyminer.bench.GroundTruthCheck.SourceReconciliation;
import io.journeyminer.bench.GroundTruthCheck.StitchingAccuracy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.StringJoiner;

/** A benchmark's figures: a summary for people and a JSON file for tools. */
final class BenchReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private BenchReport() {}

  /** Writes {@code <folder>/<start time>.json} and returns its path. */
  static Path write(BenchResult result, Path folder) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(FILE_TIME.format(Instant.parse(result.startedAt())) + ".json");
    JSON.writeValue(file.toFile(), result);
    return file;
  }

  static String json(BenchResult result) throws IOException {
    return JSON.writeValueAsString(result);
  }

  static void print(BenchResult result, PrintStream out) {
    BenchResult.Machine machine = result.machine();
    out.printf(
        Locale.ROOT,
        "%nbenchmark on %d cores, heap max %s, Java %s, Spark %s %s; load average %.2f at start, %.2f at end%n",
        machine.cores(),
        bytes(machine.maxHeapBytes()),
        machine.java(),
        machine.spark(),
        machine.master(),
        machine.loadAverageAtStart(),
        machine.loadAverageAtEnd());
    for (ScaleRun scale : result.scales()) {
      printScale(scale, out);
    }
    for (Linearity comparison : result.linearity()) {
      printLinearity(comparison, out);
    }
    if (result.problems().isEmpty()) {
      out.println("\nall checks held");
    } else {
      out.println("\nproblems:");
      result.problems().forEach(problem -> out.println("  " + problem));
    }
  }

  private static void printScale(ScaleRun scale, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%n%,d customers (%s, %s)%n",
        scale.customers(),
        scale.dataSet(),
        scale.generationSeconds() == null ? "reused" : String.format(Locale.ROOT, "generated in %.1f s", scale.generationSeconds()));
    EventCounts events = scale.events();
    if (events != null) {
      long reconciled = scale.sources().stream().filter(SourceReconciliation::reconciled).count();
      long declared = scale.sources().stream().filter(SourceReconciliation::matchesDeclared).count();
      out.printf(
          Locale.ROOT,
          "  records    read %,d = accepted %,d + rejected %,d + duplicates %,d; reconciled in %d of %d sources, equal to the injected defects in %d%n",
          events.read(),
          events.accepted(),
          events.rejected(),
          events.duplicates(),
          reconciled,
          scale.sources().size(),
          declared);
    }
    out.printf(
        Locale.ROOT,
        "  %-9s %8s %8s %10s %10s %12s %11s %12s %7s %5s  %s%n",
        "step", "seconds", "cpu s", "peak heap", "after GC", "driver-bound", "broadcast", "largest task", "tasks", "jobs", "rows published");
    for (StepFigures step : scale.steps()) {
      StringJoiner rows = new StringJoiner(", ");
      step.rowsPublished().forEach((table, count) -> rows.add(String.format(Locale.ROOT, "%s %,d", table, count)));
      out.printf(
          Locale.ROOT,
          "  %-9s %8.1f %8.1f %10s %10s %12s %11s %12s %,7d %,5d  %s%n",
          step.step(),
          step.seconds(),
          step.cpuSeconds(),
          bytes(step.peakHeapUsedBytes()),
          step.peakHeapAfterGcBytes() == null ? "-" : bytes(step.peakHeapAfterGcBytes()),
          bytes(step.driverBoundBytes()),
          bytes(step.broadcastBytes()),
          bytes(step.largestTaskResultBytes()),
          step.tasks(),
          step.jobs(),
          rows);
    }
    StitchingAccuracy stitching = scale.stitching();
    if (stitching != null) {
      out.printf(
          Locale.ROOT,
          "  stitching  precision %.5f, recall %.5f over %,d true identifiers (%,d of them in identity_map, which has %,d)%n",
          stitching.precision(),
          stitching.recall(),
          stitching.trueIdentifiers(),
          stitching.matchedIdentifiers(),
          stitching.publishedIdentifiers());
    }
    JourneyAccuracy journeys = scale.journeys();
    if (journeys != null) {
      StringJoiner outcomes = new StringJoiner(", ");
      journeys.truthByOutcome()
          .forEach((outcome, truth) -> outcomes.add(String.format(Locale.ROOT, "%s %,d of %,d", outcome, journeys.publishedByOutcome().getOrDefault(outcome, 0L), truth)));
      out.printf(
          Locale.ROOT,
          "  journeys   %,d published, %,d true (%s): %s%n",
          journeys.publishedJourneys(),
          journeys.truthJourneys(),
          outcomes,
          journeys.matches() ? "equal" : "DIFFERENT");
    }
    out.printf(
        Locale.ROOT,
        "  the ground-truth checks sent %s to the driver (%s of it broadcast) in %,d tasks%n",
        bytes(scale.evaluation().bytes()),
        bytes(scale.evaluation().broadcastBytes()),
        scale.evaluation().tasks());
  }

  private static void printLinearity(Linearity comparison, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%nlinearity %,d -> %,d customers: input records x%.2f (%,d -> %,d); a step is flagged when its collected bytes grow more than x%.2f%n",
        comparison.smallerCustomers(),
        comparison.largerCustomers(),
        comparison.eventsGrowth(),
        comparison.smallerRecords(),
        comparison.largerRecords(),
        comparison.flagAbove());
    out.printf(Locale.ROOT, "  %-9s %25s %8s %25s %8s %8s%n", "step", "collected (not broadcast)", "growth", "broadcast", "seconds", "cpu s");
    for (Linearity.StepGrowth step : comparison.steps()) {
      out.printf(
          Locale.ROOT,
          "  %-9s %11s -> %10s %8s %11s -> %10s %8s %8s  %s%n",
          step.step(),
          bytes(step.smallerCollectedBytes()),
          bytes(step.largerCollectedBytes()),
          String.format(Locale.ROOT, "x%.2f", step.collectedGrowth()),
          bytes(step.smallerBroadcastBytes()),
          bytes(step.largerBroadcastBytes()),
          String.format(Locale.ROOT, "x%.2f", step.secondsGrowth()),
          String.format(Locale.ROOT, "x%.2f", step.cpuGrowth()),
          step.flagged() ? "FLAGGED" : "ok");
    }
  }

  /** Bytes in binary units, three significant figures. */
  static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit + 1 < units.length) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : value >= 10 ? "%.1f %s" : "%.2f %s", value, units[unit]);
  }
}
