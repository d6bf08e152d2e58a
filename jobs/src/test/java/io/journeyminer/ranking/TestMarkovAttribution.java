package io.journeyminer.ranking;

import static io.journeyminer.ranking.MarkovAttribution.CONVERSION;
import static io.journeyminer.ranking.MarkovAttribution.NULL;
import static io.journeyminer.ranking.MarkovAttribution.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.journeyminer.ranking.MarkovAttribution.Transition;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TestMarkovAttribution {

  private static final Offset<Double> TOLERANCE = within(1e-12);

  /**
   * Paths start C1 C2 C3 conversion, start C1 null, start C2 C3 null. By hand: from C3 half of the
   * walks convert, C2 always goes to C3 (1/2), C1 goes to C2 or null (1/4), start goes to C1 (2/3)
   * or C2 (1/3): P = 2/3 * 1/4 + 1/3 * 1/2 = 1/3. Without C1: 1/3 * 1/2 = 1/6, effect 0.5; without
   * C2 or C3 nothing converts, effect 1.
   */
  @Test
  void removalEffectsOfTheHandCase() {
    MarkovAttribution chain = MarkovAttribution.fromTransitions(handCase());

    assertThat(chain.conversionProbability()).isCloseTo(1.0 / 3, TOLERANCE);
    assertThat(chain.removalEffects().get("C1")).isCloseTo(0.5, TOLERANCE);
    assertThat(chain.removalEffects().get("C2")).isCloseTo(1.0, TOLERANCE);
    assertThat(chain.removalEffects().get("C3")).isCloseTo(1.0, TOLERANCE);
    assertThat(chain.shares().get("C1")).isCloseTo(0.2, TOLERANCE);
    assertThat(chain.shares().get("C2")).isCloseTo(0.4, TOLERANCE);
    assertThat(chain.shares().get("C3")).isCloseTo(0.4, TOLERANCE);
  }

  @Test
  void repeatedTouchesAndLoopsAreSolvedExactly() {
    // start -> A; A -> A (1), A -> B (1), A -> null (1); B -> A (1), B -> conversion (1).
    // x_B = (x_A + 1) / 2, x_A = (x_A + x_B) / 3 -> x_A = 1/3. Without B nothing converts.
    Map<Transition, Long> counts = new HashMap<>();
    counts.put(new Transition(START, "A"), 1L);
    counts.put(new Transition("A", "A"), 1L);
    counts.put(new Transition("A", "B"), 1L);
    counts.put(new Transition("A", NULL), 1L);
    counts.put(new Transition("B", "A"), 1L);
    counts.put(new Transition("B", CONVERSION), 1L);

    MarkovAttribution chain = MarkovAttribution.fromTransitions(counts);

    assertThat(chain.conversionProbability()).isCloseTo(1.0 / 3, TOLERANCE);
    assertThat(chain.removalEffects().get("A")).isCloseTo(1.0, TOLERANCE);
    assertThat(chain.removalEffects().get("B")).isCloseTo(1.0, TOLERANCE);
    assertThat(chain.shares().get("A")).isCloseTo(0.5, TOLERANCE);
  }

  @Test
  void removalThroughACycleBetweenTwoTouchpoints() {
    // start -> A or B (1/2 each); A -> B or conversion (1/2 each); B -> A (1/3) or null (2/3).
    // x_A = x_B / 2 + 1/2, x_B = x_A / 3: x_A = 3/5, x_B = 1/5, P = 2/5. Without B: x_A = 1/2,
    // P = 1/4, effect 1 - (1/4) / (2/5) = 3/8. Without A nothing converts: effect 1.
    Map<Transition, Long> counts = new HashMap<>();
    counts.put(new Transition(START, "A"), 1L);
    counts.put(new Transition(START, "B"), 1L);
    counts.put(new Transition("A", "B"), 1L);
    counts.put(new Transition("A", CONVERSION), 1L);
    counts.put(new Transition("B", "A"), 1L);
    counts.put(new Transition("B", NULL), 2L);

    MarkovAttribution chain = MarkovAttribution.fromTransitions(counts);

    assertThat(chain.conversionProbability()).isCloseTo(0.4, TOLERANCE);
    assertThat(chain.removalEffects().get("A")).isCloseTo(1.0, TOLERANCE);
    assertThat(chain.removalEffects().get("B")).isCloseTo(3.0 / 8, TOLERANCE);
    assertThat(chain.shares().get("B")).isCloseTo(3.0 / 11, TOLERANCE);
  }

  @Test
  void aTouchpointThatOnlyLeadsToNullHasNoEffect() {
    Map<Transition, Long> counts = handCase();
    counts.put(new Transition(START, "Banner"), 5L);
    counts.put(new Transition("Banner", NULL), 5L);

    MarkovAttribution chain = MarkovAttribution.fromTransitions(counts);

    assertThat(chain.removalEffects().get("Banner")).isCloseTo(0, TOLERANCE);
    assertThat(chain.shares().get("C2")).isCloseTo(0.4, TOLERANCE);
  }

  @Test
  void nothingIsCreditedWhenNothingConverts() {
    Map<Transition, Long> counts = new HashMap<>();
    counts.put(new Transition(START, "A"), 3L);
    counts.put(new Transition("A", NULL), 3L);

    MarkovAttribution chain = MarkovAttribution.fromTransitions(counts);

    assertThat(chain.conversionProbability()).isEqualTo(0);
    assertThat(chain.shares()).containsEntry("A", 0.0);
  }

  private static Map<Transition, Long> handCase() {
    Map<Transition, Long> counts = new HashMap<>();
    counts.put(new Transition(START, "C1"), 2L);
    counts.put(new Transition(START, "C2"), 1L);
    counts.put(new Transition("C1", "C2"), 1L);
    counts.put(new Transition("C1", NULL), 1L);
    counts.put(new Transition("C2", "C3"), 2L);
    counts.put(new Transition("C3", CONVERSION), 1L);
    counts.put(new Transition("C3", NULL), 1L);
    return counts;
  }
}
