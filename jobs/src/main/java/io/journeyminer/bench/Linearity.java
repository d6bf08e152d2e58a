package io.journeyminer.bench;

import io.journeyminer.bench.BenchResult.ScaleRun;
import io.journeyminer.bench.BenchResult.StepFigures;
import java.util.ArrayList;
import java.util.List;

/**
 * SPEC 9 in figures: between two scales, how each step's driver-bound bytes grew against the
 * growth of the input. A step that collects per-event data to the driver grows its bytes with the
 * data; one that does not sends the driver counts, metrics and bounded summaries, which grow far
 * more slowly. A step is flagged when its collected bytes (driver-bound bytes other than broadcast
 * build sides) grow more than {@value #FLAG_FOR_TENFOLD}x per 10x more input records (for other
 * growths, the same exponent: {@code growth ^ log10(3)}). Broadcast bytes are shown beside them
 * but not flagged: they grow with a small table until it passes Spark's broadcast threshold, and
 * Spark then joins by shuffle instead.
 *
 * @param eventsGrowth input records read at the larger scale over the smaller
 * @param flagAbove the bytes growth above which a step is flagged, for this {@code eventsGrowth}
 */
public record Linearity(
    int smallerCustomers, int largerCustomers, long smallerRecords, long largerRecords, double eventsGrowth, double flagAbove, List<StepGrowth> steps) {

  public static final double FLAG_FOR_TENFOLD = 3.0;
  /** Scales closer than this are not compared: noise would decide the flags. */
  public static final double MIN_EVENTS_GROWTH = 2.0;

  public Linearity {
    steps = List.copyOf(steps);
  }

  /** One step's growth; {@code flagged} when {@code collectedGrowth > flagAbove}. */
  public record StepGrowth(
      String step,
      long smallerCollectedBytes,
      long largerCollectedBytes,
      double collectedGrowth,
      long smallerBroadcastBytes,
      long largerBroadcastBytes,
      double secondsGrowth,
      double cpuGrowth,
      boolean flagged) {}

  public List<StepGrowth> flagged() {
    return steps.stream().filter(StepGrowth::flagged).toList();
  }

  /** Each scale against the next larger one whose input is at least {@value #MIN_EVENTS_GROWTH}x larger. */
  static List<Linearity> compare(List<ScaleRun> scales) {
    List<Linearity> comparisons = new ArrayList<>();
    for (int i = 0; i + 1 < scales.size(); i++) {
      ScaleRun smaller = scales.get(i);
      ScaleRun larger = scales.get(i + 1);
      if (smaller.events() == null || larger.events() == null) {
        continue;
      }
      double growth = (double) larger.events().read() / Math.max(1, smaller.events().read());
      if (growth < MIN_EVENTS_GROWTH) {
        continue;
      }
      double flagAbove = Math.pow(growth, Math.log10(FLAG_FOR_TENFOLD));
      List<StepGrowth> steps = new ArrayList<>();
      for (StepFigures small : smaller.steps()) {
        StepFigures large = larger.step(small.step());
        if (large == null) {
          continue;
        }
        double collectedGrowth = (double) large.collectedBytes() / Math.max(1, small.collectedBytes());
        steps.add(
            new StepGrowth(
                small.step(),
                small.collectedBytes(),
                large.collectedBytes(),
                collectedGrowth,
                small.broadcastBytes(),
                large.broadcastBytes(),
                large.seconds() / Math.max(1e-9, small.seconds()),
                large.cpuSeconds() / Math.max(1e-9, small.cpuSeconds()),
                collectedGrowth > flagAbove));
      }
      comparisons.add(
          new Linearity(
              smaller.customers(), larger.customers(), smaller.events().read(), larger.events().read(), growth, flagAbove, steps));
    }
    return comparisons;
  }
}
