package io.journeyminer.bench;

import io.journeyminer.bench.GroundTruthCheck.JourneyAccuracy;
import io.journeyminer.bench.GroundTruthCheck.SourceReconciliation;
import io.journeyminer.bench.GroundTruthCheck.StitchingAccuracy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark measured, as written to {@code results/<time>.json}.
 *
 * @param problems what failed a check: a source that does not reconcile or differs from the
 *     injected defects, journeys that differ from the truth, a step whose driver-bound bytes grow
 *     too fast; empty when all held
 */
public record BenchResult(
    String startedAt, Machine machine, Settings settings, List<ScaleRun> scales, List<Linearity> linearity, List<String> problems) {

  public BenchResult {
    scales = List.copyOf(scales);
    linearity = List.copyOf(linearity);
    problems = List.copyOf(problems);
  }

  /**
   * Where it ran. The load averages (1 minute) show whether other work shared the machine.
   *
   * @param maxHeapBytes the JVM's {@code -Xmx}
   */
  public record Machine(
      int cores, long maxHeapBytes, String java, String spark, String master, double loadAverageAtStart, double loadAverageAtEnd) {}

  /** The options, as run. */
  public record Settings(List<Integer> customers, int days, long seed, List<String> steps, Double maxRejectShare) {}

  /**
   * One scale: its data set, each step's costs and the run checked against the ground truth.
   * {@code stitching} and {@code journeys} are null when the table was not published.
   *
   * @param generationSeconds null when an earlier generation of the same set was reused
   * @param evaluation what the ground-truth checks themselves sent to the driver
   * @param unlabelled driver-bound bytes of jobs no phase claimed (expected zero)
   */
  public record ScaleRun(
      int customers,
      String dataSet,
      Double generationSeconds,
      EventCounts events,
      List<StepFigures> steps,
      StitchingAccuracy stitching,
      JourneyAccuracy journeys,
      List<SourceReconciliation> sources,
      DriverBytes evaluation,
      DriverBytes unlabelled) {

    public ScaleRun {
      steps = List.copyOf(steps);
      sources = List.copyOf(sources);
    }

    StepFigures step(String name) {
      return steps.stream().filter(step -> step.step().equals(name)).findFirst().orElse(null);
    }
  }

  /**
   * What reached the driver in one phase as task results.
   *
   * @param bytes sum of the task result sizes, broadcasts included
   * @param broadcastBytes the part that collected broadcast join build sides
   * @param largestTaskBytes the largest single task result
   */
  public record DriverBytes(long bytes, long broadcastBytes, long tasks, long jobs, long largestTaskBytes) {
    static final DriverBytes NONE = new DriverBytes(0, 0, 0, 0, 0);

    /** What reached the driver other than broadcast build sides: collects, counts, metrics. */
    public long collectedBytes() {
      return bytes - broadcastBytes;
    }
  }

  /** Input records over all sources, from the run manifest. */
  public record EventCounts(long read, long accepted, long rejected, long duplicates) {}

  /**
   * One pipeline step, run on its own as {@code scripts/journey-miner <step>} would.
   *
   * @param seconds wall time of the step, publishing included
   * @param cpuSeconds CPU time this JVM used during the step, all threads; less disturbed than wall
   *     time by other processes on the machine
   * @param rowsPublished rows of each table the step published
   * @param peakHeapUsedBytes largest heap used seen during the step (driver and local executors)
   * @param peakHeapAfterGcBytes largest heap still used after a collection; null when none ran
   * @param driverBoundBytes sum of the step's task result sizes, broadcasts included
   * @param broadcastBytes the part that collected broadcast join build sides
   * @param collectedBytes the rest: collects, counts and task metrics
   * @param largestTaskResultBytes the largest single task result
   */
  public record StepFigures(
      String step,
      double seconds,
      double cpuSeconds,
      Map<String, Long> rowsPublished,
      long peakHeapUsedBytes,
      Long peakHeapAfterGcBytes,
      long driverBoundBytes,
      long broadcastBytes,
      long collectedBytes,
      long largestTaskResultBytes,
      long tasks,
      long jobs) {

    public StepFigures {
      rowsPublished = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPublished));
    }
  }
}
