package io.journeyminer.report;

import io.journeyminer.config.JourneyMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a directly-follows edge relates to the intended journey of SPEC 4 (the journey map's stage
 * order, as {@code journeys.conforms} applies it): within a stage, on to the next, from the start
 * into the first stage, or to the end is intended; back to an earlier stage, past a required
 * stage, or through a touchpoint outside the map deviates.
 */
public enum EdgeKind {
  /** Within a stage, to the next stage, from the start or to the end. */
  INTENDED,
  /** Back to an earlier stage. */
  STAGE_REGRESSION,
  /** Forward past at least one required stage. */
  STAGE_SKIP,
  /** From or to a touchpoint the map does not list. */
  UNEXPECTED_TOUCHPOINT;

  public static final String START = "__start__";
  public static final String END = "__end__";

  public static EdgeKind of(String from, String to, JourneyMap map) {
    Map<String, String> stageOf = map.stageOfTouchpoint();
    Map<String, Integer> index = map.stageIndex();
    // The start sits before the first stage: a journey that begins past it has skipped it.
    Optional<Integer> fromStage = from.equals(START) ? Optional.of(-1) : Optional.ofNullable(stageOf.get(from)).map(index::get);
    Optional<Integer> toStage = Optional.ofNullable(stageOf.get(to)).map(index::get);
    boolean fromKnown = from.equals(START) || fromStage.isPresent();
    boolean toKnown = to.equals(END) || toStage.isPresent();
    if (!fromKnown || !toKnown) {
      return UNEXPECTED_TOUCHPOINT;
    }
    if (toStage.isEmpty()) {
      // A journey may end in any stage (SPEC 4: no skip up to the furthest stage it reached).
      return INTENDED;
    }
    int a = fromStage.get();
    int b = toStage.get();
    if (b < a) {
      return STAGE_REGRESSION;
    }
    for (int skipped = a + 1; skipped < b; skipped++) {
      if (!map.stages().get(skipped).optional()) {
        return STAGE_SKIP;
      }
    }
    return INTENDED;
  }

  /** The name the report shows and styles by. */
  public String cssName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
