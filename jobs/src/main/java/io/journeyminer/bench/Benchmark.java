package io.journeyminer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import io.journeyminer.bench.BenchResult.DriverBytes;
import io.journeyminer.bench.BenchResult.EventCounts;
import io.journeyminer.bench.BenchResult.Machine;
import io.journeyminer.bench.BenchResult.ScaleRun;
import io.journeyminer.bench.BenchResult.Settings;
import io.journeyminer.bench.BenchResult.StepFigures;
import io.journeyminer.bench.GroundTruthCheck.JourneyAccuracy;
import io.journeyminer.bench.GroundTruthCheck.SourceReconciliation;
import io.journeyminer.bench.GroundTruthCheck.StitchingAccuracy;
import io.journeyminer.config.AsOf;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.identity.IdentityMap;
import io.journeyminer.journeys.Journeys;
import io.journeyminer.pipeline.Pipeline;
import io.journeyminer.pipeline.Progress;
import io.journeyminer.pipeline.RunFailedException;
import io.journeyminer.pipeline.Step;
import io.journeyminer.publish.Manifest;
import io.journeyminer.publish.TableLayout;
import io.journeyminer.publish.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the pipeline on generated data sets of growing size and measures each step: wall time, rows
 * published, peak heap and the bytes sent to the driver; then checks the published tables against
 * the generator's ground truth and compares the scales (SPEC 9). Each step runs on its own, as
 * {@code scripts/journey-miner <step>} does, reading what the previous step published.
 */
public final class Benchmark {

  static final String EVALUATION = "evaluation";

  private final SparkSession spark;
  private final BenchOptions options;
  private final PrintStream out;

  public Benchmark(SparkSession spark, BenchOptions options, PrintStream out) {
    this.spark = spark;
    this.options = options;
    this.out = out;
  }

  public BenchResult run() throws IOException {
    String startedAt = Instant.now().toString();
    double loadAtStart = loadAverage();
    DataSets dataSets = new DataSets(options);
    List<ScaleRun> scales = new ArrayList<>();
    DriverBoundBytes meter = DriverBoundBytes.register(spark);
    try (HeapPeaks heap = new HeapPeaks()) {
      for (int customers : options.customers()) {
        scales.add(runScale(customers, dataSets, meter, heap));
      }
    } finally {
      meter.close();
    }
    List<Linearity> linearity = Linearity.compare(scales);
    Machine machine =
        new Machine(
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory(),
            System.getProperty("java.version"),
            spark.version(),
            spark.sparkContext().master(),
            loadAtStart,
            loadAverage());
    Settings settings =
        new Settings(
            options.customers(), options.days(), options.seed(), options.steps().stream().map(Step::label).toList(), options.maxRejectShare().orElse(null));
    return new BenchResult(startedAt, machine, settings, scales, linearity, problems(scales, linearity));
  }

  private ScaleRun runScale(int customers, DataSets dataSets, DriverBoundBytes meter, HeapPeaks heap) throws IOException {
    out.printf(Locale.ROOT, "== %,d customers, %d days, seed %d%n", customers, options.days(), options.seed());
    Path warehouse = options.out().resolve("warehouse").resolve(options.dataSetName(customers)).toAbsolutePath().normalize();
    Step first = options.steps().get(0);
    if (first != Step.INGEST && !Files.isDirectory(warehouse)) {
      throw new RunFailedException(
          "--steps starting at " + first.label() + " reads what an earlier bench of this data set published in " + warehouse
              + ", and there is nothing there: include ingest and the steps before " + first.label());
    }
    DataSets.Prepared data = dataSets.prepare(customers);
    out.println(
        data.reused()
            ? "data set " + data.folder() + " (reused)"
            : String.format(Locale.ROOT, "data set %s (generated in %.1f s)", data.folder(), data.generationSeconds()));
    PipelineConfig config = ConfigLoader.load(data.folder().resolve(DataSets.CONFIG)).withWarehouse(warehouse.toUri());
    if (options.maxRejectShare().isPresent()) {
      config = config.withMaxRejectShare(options.maxRejectShare().get());
    }
    AsOf asOf = config.asOf().orElseThrow();
    String salt = config.security().resolveSalt(System.getenv());
    if (first == Step.INGEST) {
      // A run from the first step starts from an empty warehouse, so every scale does the same work.
      DataSets.deleteTree(warehouse);
    }

    Progress progress = new Progress(out);
    List<StepFigures> steps = new ArrayList<>();
    String manifest = null;
    for (Step step : options.steps()) {
      // Start each step from a collected heap, so its peak is its own.
      System.gc();
      heap.reset();
      meter.start(step.label());
      long started = System.nanoTime();
      long cpuStarted = processCpuNanos();
      Pipeline.RunResult result = new Pipeline(spark, config, asOf, salt, progress).run(EnumSet.of(step));
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
      DriverBytes driver = meter.finish(step.label());
      HeapPeaks.Peaks peaks = heap.peaks();
      steps.add(
          new StepFigures(
              step.label(),
              seconds,
              cpuSeconds,
              result.tableRows(),
              peaks.usedBytes(),
              peaks.afterGcBytes(),
              driver.bytes(),
              driver.broadcastBytes(),
              driver.collectedBytes(),
              driver.largestTaskBytes(),
              driver.tasks(),
              driver.jobs()));
      manifest = result.manifestJson();
    }

    meter.start(EVALUATION);
    GroundTruthCheck check = new GroundTruthCheck(spark, data.folder(), config, salt);
    Warehouse published = new Warehouse(spark, warehouse.toUri(), "bench", asOf.runDate());
    StitchingAccuracy stitching =
        Files.isDirectory(warehouse.resolve(IdentityMap.TABLE))
            ? check.stitching(published.readPublished(IdentityMap.TABLE, TableLayout.LATEST_ONLY, IdentityMap.SCHEMA))
            : null;
    JourneyAccuracy journeys =
        Files.isDirectory(warehouse.resolve(Journeys.TABLE))
            ? check.journeys(published.readPublished(Journeys.TABLE, TableLayout.BY_RUN_DATE, Journeys.TABLE_SCHEMA))
            : null;
    JsonNode manifestJson = Manifest.parse(manifest);
    List<SourceReconciliation> sources = check.reconciliation(manifestJson);
    DriverBytes evaluation = meter.finish(EVALUATION);
    return new ScaleRun(
        customers,
        data.folder().getFileName().toString(),
        data.generationSeconds(),
        eventCounts(sources),
        steps,
        stitching,
        journeys,
        sources,
        evaluation,
        meter.takeUnlabelled());
  }

  private static EventCounts eventCounts(List<SourceReconciliation> sources) {
    if (sources.isEmpty()) {
      return null;
    }
    long read = 0;
    long accepted = 0;
    long rejected = 0;
    long duplicates = 0;
    for (SourceReconciliation source : sources) {
      read += source.read();
      accepted += source.accepted();
      rejected += source.rejected();
      duplicates += source.duplicates();
    }
    return new EventCounts(read, accepted, rejected, duplicates);
  }

  private static List<String> problems(List<ScaleRun> scales, List<Linearity> linearity) {
    List<String> problems = new ArrayList<>();
    for (ScaleRun scale : scales) {
      String at = String.format(Locale.ROOT, "%,d customers: ", scale.customers());
      for (SourceReconciliation source : scale.sources()) {
        if (!source.reconciled()) {
          problems.add(at + "source " + source.source() + " does not reconcile: read " + source.read() + " != accepted + rejected + duplicates");
        }
        if (!source.matchesDeclared()) {
          problems.add(at + "source " + source.source() + " counts differ from the defects the generator injected (ground_truth/defects.json)");
        }
      }
      if (scale.journeys() != null && !scale.journeys().matches()) {
        problems.add(at + "journeys per outcome " + scale.journeys().publishedByOutcome() + " differ from the truth " + scale.journeys().truthByOutcome());
      }
    }
    for (Linearity comparison : linearity) {
      for (Linearity.StepGrowth step : comparison.flagged()) {
        problems.add(
            String.format(
                Locale.ROOT,
                "%s: bytes collected to the driver grew %.2fx from %,d to %,d customers while input grew %.2fx (flagged above %.2fx)",
                step.step(),
                step.collectedGrowth(),
                comparison.smallerCustomers(),
                comparison.largerCustomers(),
                comparison.eventsGrowth(),
                comparison.flagAbove()));
      }
    }
    return problems;
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
