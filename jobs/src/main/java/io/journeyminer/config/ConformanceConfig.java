package io.journeyminer.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Conformance of observed journeys against the intended journey (SPEC 4).
 *
 * @param enabled run the conformance step in {@code run} ({@code conformance.enabled}, default true)
 * @param model a BPMN ({@code .bpmn}) or PNML ({@code .pnml}) file, resolved against the config's
 *     folder; empty means the journey map itself ({@code conformance.model})
 * @param maxExpandedStates search budget of one variant's alignment, in states expanded
 *     ({@code conformance.max_expanded_states}); a variant over it is reported, not given a fitness
 */
public record ConformanceConfig(boolean enabled, Optional<String> model, long maxExpandedStates) {

  public static final long DEFAULT_MAX_EXPANDED_STATES = 1_000_000L;

  public ConformanceConfig {
    model = Objects.requireNonNull(model, "model");
  }

  /** The default: conformance on, against the journey map, with the default budget. */
  public static ConformanceConfig defaults() {
    return new ConformanceConfig(true, Optional.empty(), DEFAULT_MAX_EXPANDED_STATES);
  }
}
