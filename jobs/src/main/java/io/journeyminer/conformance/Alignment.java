package io.journeyminer.conformance;

import java.util.List;

/**
 * A cost-optimal alignment of one trace, or the fact that its search ran over budget.
 *
 * @param cost log moves plus model moves on visible transitions; -1 when over budget
 * @param worstCost every event a log move plus the cheapest complete model run
 * @param moves the alignment, in order (silent model moves included); empty when over budget
 * @param expandedStates search states expanded
 * @param overBudget the search stopped at the budget; cost and fitness are unknown
 */
public record Alignment(int cost, int worstCost, List<Move> moves, long expandedStates, boolean overBudget) {

  public Alignment {
    moves = List.copyOf(moves);
  }

  /** Kinds of move: synchronous, on the log only, on the model only, and silent model moves. */
  public enum Kind {
    SYNC,
    LOG,
    MODEL,
    SILENT
  }

  /**
   * One move; {@code touchpoint} is the event's touchpoint for log and synchronous moves and the
   * transition's label for model moves (null for silent ones).
   */
  public record Move(Kind kind, String touchpoint, String transitionId) {}

  /** 1 - cost / worst-case cost; null when over budget. */
  public Double fitness() {
    if (overBudget) {
      return null;
    }
    return worstCost == 0 ? 1.0 : 1.0 - (double) cost / worstCost;
  }

  static Alignment overBudget(int worstCost, long expanded) {
    return new Alignment(-1, worstCost, List.of(), expanded, true);
  }
}
