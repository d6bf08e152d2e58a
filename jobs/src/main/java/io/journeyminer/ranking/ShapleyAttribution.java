package io.journeyminer.ranking;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.apache.commons.math3.util.MathArrays;

/**
 * Shapley attribution over the touchpoints of a journey (SPEC 5.1 {@code shapley}). For a set T of
 * touchpoints, the game on subsets S of T has value v(S) = conversion rate of closed journeys whose
 * touchpoint set is exactly S (0 where no journey has that set). The Shapley values are exact over
 * all 2^|T| subsets up to {@value #EXACT_LIMIT} touchpoints and estimated from
 * {@value #PERMUTATIONS} random orders beyond that.
 */
public final class ShapleyAttribution {

  /** Largest set whose Shapley values are computed exactly over all subsets. */
  public static final int EXACT_LIMIT = 16;

  /** Random orders used to estimate Shapley values of larger sets. */
  public static final int PERMUTATIONS = 10_000;

  /**
   * Every sampled set draws its orders from a generator with this seed, so that a rerun gives the
   * same credits whatever the partitioning of the work.
   */
  public static final int SEED = 42;

  private ShapleyAttribution() {}

  /** True when the Shapley values of a set of this size are estimated, not exact. */
  public static boolean isSampled(int setSize) {
    return setSize > EXACT_LIMIT;
  }

  /**
   * The shares of one conversion of a journey with touchpoint set {@code players}: Shapley values
   * of the game above with negative values clipped to 0, normalised to sum to 1; equal shares when
   * every value is 0. Keys follow the order of {@code players}.
   */
  public static Map<String, Double> shares(List<String> players, Map<Set<String>, Double> conversionRates) {
    double[] values = values(players, subset -> conversionRates.getOrDefault(subset, 0.0));
    double total = 0;
    for (int index = 0; index < values.length; index++) {
      values[index] = Math.max(0, values[index]);
      total += values[index];
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int index = 0; index < values.length; index++) {
      shares.put(players.get(index), total > 0 ? values[index] / total : 1.0 / values.length);
    }
    return shares;
  }

  /**
   * Shapley values of {@code game} for {@code players}, in their order: exact when there are at most
   * {@value #EXACT_LIMIT}, otherwise the mean marginal contribution over {@value #PERMUTATIONS}
   * random orders.
   */
  public static double[] values(List<String> players, ToDoubleFunction<Set<String>> game) {
    if (Set.copyOf(players).size() != players.size()) {
      throw new IllegalArgumentException("Cannot play a Shapley game with repeated players: " + players);
    }
    if (players.isEmpty()) {
      return new double[0];
    }
    return isSampled(players.size()) ? sampledValues(players, game) : exactValues(players, game);
  }

  private static double[] exactValues(List<String> players, ToDoubleFunction<Set<String>> game) {
    int size = players.size();
    int subsetCount = 1 << size;
    double[] subsetValues = new double[subsetCount];
    for (int subset = 0; subset < subsetCount; subset++) {
      subsetValues[subset] = game.applyAsDouble(members(players, subset));
    }
    // A coalition of s others joins before a player in s! (n - s - 1)! of the n! orders.
    double[] weights = new double[size];
    for (int others = 0; others < size; others++) {
      weights[others] = 1 / (size * CombinatoricsUtils.binomialCoefficientDouble(size - 1, others));
    }
    double[] values = new double[size];
    for (int player = 0; player < size; player++) {
      int bit = 1 << player;
      for (int subset = 0; subset < subsetCount; subset++) {
        if ((subset & bit) == 0) {
          values[player] += weights[Integer.bitCount(subset)] * (subsetValues[subset | bit] - subsetValues[subset]);
        }
      }
    }
    return values;
  }

  private static double[] sampledValues(List<String> players, ToDoubleFunction<Set<String>> game) {
    int size = players.size();
    RandomGenerator random = new Well19937c(SEED);
    int[] order = new int[size];
    double[] values = new double[size];
    double emptyValue = game.applyAsDouble(Set.of());
    for (int permutation = 0; permutation < PERMUTATIONS; permutation++) {
      for (int index = 0; index < size; index++) {
        order[index] = index;
      }
      MathArrays.shuffle(order, random);
      Set<String> coalition = new HashSet<>();
      double before = emptyValue;
      for (int player : order) {
        coalition.add(players.get(player));
        double after = game.applyAsDouble(coalition);
        values[player] += after - before;
        before = after;
      }
    }
    for (int player = 0; player < size; player++) {
      values[player] /= PERMUTATIONS;
    }
    return values;
  }

  private static Set<String> members(List<String> players, int subset) {
    Set<String> members = new HashSet<>();
    for (int player = 0; player < players.size(); player++) {
      if ((subset & (1 << player)) != 0) {
        members.add(players.get(player));
      }
    }
    return members;
  }
}
