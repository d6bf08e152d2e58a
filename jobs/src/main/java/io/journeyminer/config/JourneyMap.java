package io.journeyminer.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The intended journey the designers drew (SPEC 4): ordered stages, their touchpoints, and the
 * touchpoints that count as conversions.
 */
public record JourneyMap(List<Stage> stages, Set<String> conversions) {

  /** One stage of the map, in map order. */
  public record Stage(String name, List<String> touchpoints) {
    public Stage {
      touchpoints = List.copyOf(touchpoints);
    }
  }

  public JourneyMap {
    stages = List.copyOf(stages);
    conversions = Set.copyOf(conversions);
  }

  /** Touchpoint name to stage name. */
  public Map<String, String> stageOfTouchpoint() {
    Map<String, String> result = new HashMap<>();
    for (Stage stage : stages) {
      for (String touchpoint : stage.touchpoints()) {
        result.put(touchpoint, stage.name());
      }
    }
    return result;
  }

  /** Stage name to its 0-based position in the map. */
  public Map<String, Integer> stageIndex() {
    Map<String, Integer> result = new HashMap<>();
    for (int i = 0; i < stages.size(); i++) {
      result.put(stages.get(i).name(), i);
    }
    return result;
  }

  public Optional<String> stageOf(String touchpoint) {
    return Optional.ofNullable(stageOfTouchpoint().get(touchpoint));
  }
}
