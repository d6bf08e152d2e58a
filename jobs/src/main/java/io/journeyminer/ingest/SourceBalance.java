package io.journeyminer.ingest;

import java.util.Map;

/**
 * Where one source's records went in a run (SPEC 8): every record read is accepted into {@code
 * events}, rejected into {@code rejected_records}, a duplicate (repeated within the run's inputs, or
 * already published by an earlier run), or filtered out by the source's {@code filter}.
 *
 * @param accepted rows this run added to {@code events}
 * @param duplicates repeats within the inputs plus {@code seenInEarlierRuns}
 * @param filtered records that failed the source's {@code filter}
 * @param filter the source's filter predicate, when it has one
 * @param revenueUnreadable accepted records (before de-duplication) whose revenue was not a number
 * @param phoneUnparseable accepted records (before de-duplication) whose phone was kept as digits
 */
public record SourceBalance(
    String source,
    String format,
    long read,
    long accepted,
    long rejected,
    long duplicates,
    long seenInEarlierRuns,
    long filtered,
    java.util.Optional<String> filter,
    long revenueUnreadable,
    long phoneUnparseable,
    long rejectedByCount,
    double maxRejectShare,
    Map<String, Long> rejectedByReason) {

  public SourceBalance {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }

  public boolean reconciled() {
    return read == accepted + rejected + duplicates + filtered;
  }

  /** Rejected records over the records the filter kept, as counted before writing. */
  public double rejectShare() {
    long considered = read - filtered;
    return considered == 0 ? 0.0 : (double) rejectedByCount / considered;
  }
}
