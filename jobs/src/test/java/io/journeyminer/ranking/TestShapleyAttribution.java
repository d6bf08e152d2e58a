package io.journeyminer.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TestShapleyAttribution {

  private static final Offset<Double> TOLERANCE = within(1e-12);

  /**
   * v({A}) = 0.25, v({B}) = 0.5, v({A, B}) = 0.75. Shapley: A = (v(A) - 0 + v(AB) - v(B)) / 2 =
   * 0.25, B = (v(B) + v(AB) - v(A)) / 2 = 0.5; shares 1/3 and 2/3.
   */
  @Test
  void twoTouchpointsByHand() {
    Map<Set<String>, Double> rates = new HashMap<>();
    rates.put(Set.of("A"), 0.25);
    rates.put(Set.of("B"), 0.5);
    rates.put(Set.of("A", "B"), 0.75);

    double[] values = ShapleyAttribution.values(List.of("A", "B"), subset -> rates.getOrDefault(subset, 0.0));
    Map<String, Double> shares = ShapleyAttribution.shares(List.of("A", "B"), rates);

    assertThat(values[0]).isCloseTo(0.25, TOLERANCE);
    assertThat(values[1]).isCloseTo(0.5, TOLERANCE);
    assertThat(shares.get("A")).isCloseTo(1.0 / 3, TOLERANCE);
    assertThat(shares.get("B")).isCloseTo(2.0 / 3, TOLERANCE);
  }

  @Test
  void threeTouchpointsWithUnseenSubsetsWorthZero() {
    // Only {A, B, C} = 0.6 and {A} = 0.3 were seen. Over the 6 orders, A adds 0.3 when first (2
    // orders) and 0.6 when last (2): 1.8 / 6 = 0.3. B adds 0.6 when last (2 orders) and -0.3 right
    // after A (1 order): 0.9 / 6 = 0.15; C likewise.
    Map<Set<String>, Double> rates = new HashMap<>();
    rates.put(Set.of("A", "B", "C"), 0.6);
    rates.put(Set.of("A"), 0.3);

    double[] values = ShapleyAttribution.values(List.of("A", "B", "C"), subset -> rates.getOrDefault(subset, 0.0));

    assertThat(values[0]).isCloseTo(0.3, TOLERANCE);
    assertThat(values[1]).isCloseTo(0.15, TOLERANCE);
    assertThat(values[2]).isCloseTo(0.15, TOLERANCE);
    assertThat(values[0] + values[1] + values[2]).isCloseTo(0.6, TOLERANCE);
  }

  @Test
  void negativeValuesAreClippedBeforeNormalising() {
    // A = (0.8 + 0.2 - 0.1) / 2 = 0.45, B = (0.1 + 0.2 - 0.8) / 2 = -0.25 -> clipped to 0.
    Map<Set<String>, Double> rates = new HashMap<>();
    rates.put(Set.of("A"), 0.8);
    rates.put(Set.of("B"), 0.1);
    rates.put(Set.of("A", "B"), 0.2);

    Map<String, Double> shares = ShapleyAttribution.shares(List.of("A", "B"), rates);

    assertThat(shares.get("A")).isCloseTo(1.0, TOLERANCE);
    assertThat(shares.get("B")).isCloseTo(0.0, TOLERANCE);
  }

  @Test
  void equalSharesWhenNoSubsetEverConverted() {
    Map<String, Double> shares = ShapleyAttribution.shares(List.of("A", "B", "C", "D"), Map.of());

    assertThat(shares.values()).allSatisfy(share -> assertThat(share).isCloseTo(0.25, TOLERANCE));
  }

  @Test
  void sixteenTouchpointsAreExactSeventeenAreSampled() {
    assertThat(ShapleyAttribution.isSampled(16)).isFalse();
    assertThat(ShapleyAttribution.isSampled(17)).isTrue();
  }

  @Test
  void sampledPermutationsRecoverAnAdditiveGameExactly() {
    // In an additive game every order gives player i exactly its weight, so the sampled estimate
    // over 17 players must equal the weights.
    List<String> players = IntStream.range(0, 17).mapToObj(index -> "T" + index).toList();
    double[] values =
        ShapleyAttribution.values(
            players, subset -> subset.stream().mapToDouble(name -> Integer.parseInt(name.substring(1)) + 1).sum());

    for (int index = 0; index < players.size(); index++) {
      assertThat(values[index]).isCloseTo(index + 1, within(1e-9));
    }
  }

  @Test
  void sampledPermutationsAreReproducibleAndCloseToTheExactValue() {
    // Symmetric game "at least 9 of 17 players": every player's exact value is 1/17.
    List<String> players = IntStream.range(0, 17).mapToObj(index -> "T" + index).toList();
    double[] first = ShapleyAttribution.values(players, subset -> subset.size() >= 9 ? 1 : 0);
    double[] second = ShapleyAttribution.values(players, subset -> subset.size() >= 9 ? 1 : 0);

    assertThat(first).containsExactly(second);
    for (double value : first) {
      assertThat(value).isCloseTo(1.0 / 17, within(0.01));
    }
    assertThat(IntStream.range(0, 17).mapToDouble(index -> first[index]).sum()).isCloseTo(1.0, within(1e-9));
  }
}
