package io.journeyminer.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The intended journey the designers drew (SPEC 4): ordered stages, their touchpoints, and the
 * touchpoints that count as conversions.
 */
public record JourneyMap(List<Stage> stages, Set<String> conversions) {

  /**
   * One stage of the map, in map order.
   *
   * @param optional a journey may skip this stage and still conform, and the funnel does not require
   *     it to progress ({@code optional: true})
   * @param afterConversion touches of this stage that follow a conversion within the inactivity
   *     timeout stay in the converted journey and never open one ({@code after_conversion: true})
   * @param exclude touchpoints that take a journey out of this stage's funnel when touched before it
   *     progresses ({@code exclude: [..]})
   * @param within progression out of this stage must happen within this time of entering it
   *     ({@code within: 7d}); empty means no limit
   */
  public record Stage(
      String name,
      List<String> touchpoints,
      boolean optional,
      boolean afterConversion,
      List<String> exclude,
      Optional<Duration> within) {
    public Stage {
      touchpoints = List.copyOf(touchpoints);
      exclude = List.copyOf(exclude);
      within = Objects.requireNonNull(within, "within");
    }

    /** A required stage with no funnel options. */
    public Stage(String name, List<String> touchpoints) {
      this(name, touchpoints, false, false, List.of(), Optional.empty());
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

  /** Names of the stages marked {@code after_conversion: true}. */
  public Set<String> afterConversionStages() {
    Set<String> names = new java.util.HashSet<>();
    stages.stream().filter(Stage::afterConversion).forEach(stage -> names.add(stage.name()));
    return Set.copyOf(names);
  }

  public Optional<String> stageOf(String touchpoint) {
    return Optional.ofNullable(stageOfTouchpoint().get(touchpoint));
  }
}
