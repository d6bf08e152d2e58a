package io.journeyminer.conformance;

import io.journeyminer.config.JourneyMap;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a touchpoint sequence leaves the journey map's stage order (SPEC 4), each deviation located
 * by (touchpoint, stage):
 *
 * <ul>
 *   <li>{@code unexpected_touchpoint}: a touchpoint the map does not list, at the stage the journey
 *       was in (null before its first mapped touchpoint);
 *   <li>{@code stage_regression}: a touchpoint of an earlier stage than the previous mapped one, at
 *       that earlier stage;
 *   <li>{@code stage_skip}: a required stage before the furthest stage reached that the journey
 *       never entered, at the skipped stage, with the touchpoint that jumped past it.
 * </ul>
 */
public final class StageDeviations implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String UNEXPECTED_TOUCHPOINT = "unexpected_touchpoint";
  public static final String STAGE_REGRESSION = "stage_regression";
  public static final String STAGE_SKIP = "stage_skip";

  /** One deviation of a sequence; kinds as in {@code conformance_deviations.kind}. */
  public record Deviation(String kind, String touchpoint, String stage) implements Serializable {}

  private final Map<String, Integer> stageOfTouchpoint = new HashMap<>();
  private final List<String> stageNames = new ArrayList<>();
  private final boolean[] optional;

  public StageDeviations(JourneyMap map) {
    optional = new boolean[map.stages().size()];
    for (int i = 0; i < map.stages().size(); i++) {
      JourneyMap.Stage stage = map.stages().get(i);
      stageNames.add(stage.name());
      optional[i] = stage.optional();
      for (String touchpoint : stage.touchpoints()) {
        stageOfTouchpoint.put(touchpoint, i);
      }
    }
  }

  /** The stage the map puts a touchpoint in, or null. */
  public String stageOf(String touchpoint) {
    Integer index = stageOfTouchpoint.get(touchpoint);
    return index == null ? null : stageNames.get(index);
  }

  /** The deviations of one sequence, in the order they occur (skips last). */
  public List<Deviation> of(List<String> touchpoints) {
    List<Deviation> found = new ArrayList<>();
    int previous = -1;
    int furthest = -1;
    boolean[] visited = new boolean[stageNames.size()];
    String[] jumpedBy = new String[stageNames.size()];
    for (String touchpoint : touchpoints) {
      Integer index = stageOfTouchpoint.get(touchpoint);
      if (index == null) {
        found.add(new Deviation(UNEXPECTED_TOUCHPOINT, touchpoint, previous < 0 ? null : stageNames.get(previous)));
        continue;
      }
      if (index < previous) {
        found.add(new Deviation(STAGE_REGRESSION, touchpoint, stageNames.get(index)));
      }
      for (int skipped = furthest + 1; skipped < index; skipped++) {
        jumpedBy[skipped] = touchpoint;
      }
      furthest = Math.max(furthest, index);
      visited[index] = true;
      previous = index;
    }
    for (int stage = 0; stage < furthest; stage++) {
      if (!visited[stage] && !optional[stage]) {
        found.add(new Deviation(STAGE_SKIP, jumpedBy[stage], stageNames.get(stage)));
      }
    }
    return found;
  }
}
