package io.journeyminer.ingest;

import java.util.Map;

/**
 * Where one source's records went in a run (SPEC 8): every record read is accepted into {@code
 * events}, rejected into {@code rejected_records}, or a duplicate (repeated within the run's inputs,
 * or already published by an earlier run).
 *
 * @param accepted rows this run added to {@code events}
 * @param duplicates repeats within the inputs plus {@code seenInEarlierRuns}
 * @param revenueUnreadable accepted records (before de-duplication) whose revenue was not a number
 */
public record SourceBalance(
    String source,
    String format,
    long read,
    long accepted,
    long rejected,
    long duplicates,
    long seenInEarlierRuns,
    long revenueUnreadable,
    long rejectedByCount,
    double maxRejectShare,
    Map<String, Long> rejectedByReason) {

  public SourceBalance {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }

  public boolean reconciled() {
    return read == accepted + rejected + duplicates;
  }

  /** Rejected records over records read, as counted before writing. */
  public double rejectShare() {
    return read == 0 ? 0.0 : (double) rejectedByCount / read;
  }
}
