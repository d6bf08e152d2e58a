package io.journeyminer.ranking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * First-order Markov attribution (SPEC 5.1 {@code markov}): the absorbing chain
 * {@code start -> touchpoints -> conversion / null} estimated from transition counts of closed
 * journeys' paths, solved exactly with an LU decomposition rather than by simulating walks.
 *
 * <p>For the transient states (start and every touchpoint) with transition matrix Q among them and
 * r the one-step probability of converting, the absorption probabilities x solve (I - Q) x = r, and
 * P(conversion) is x at start. Removing a touchpoint redirects it to null: its row of Q and its r
 * become 0. The removal effect of t is 1 - P(conversion without t) / P(conversion).
 */
public final class MarkovAttribution {

  public static final String START = "__start__";
  public static final String CONVERSION = "__conversion__";
  public static final String NULL = "__null__";

  /** A directly-follows pair of the chain; {@code to} may be {@link #CONVERSION} or {@link #NULL}. */
  public record Transition(String from, String to) {
    public Transition {
      if (from == null || to == null) {
        throw new IllegalArgumentException("Cannot build a transition with a null state: " + from + " -> " + to);
      }
      if (from.equals(CONVERSION) || from.equals(NULL) || to.equals(START)) {
        throw new IllegalArgumentException(
            String.format("Cannot build transition %s -> %s: start has no inbound, conversion and null no outbound edges", from, to));
      }
    }
  }

  private final List<String> touchpoints;
  private final double[][] transientProbabilities;
  private final double[] conversionProbabilities;
  private final double conversionProbability;
  private final Map<String, Double> removalEffects;

  private MarkovAttribution(Map<Transition, Long> counts) {
    TreeSet<String> names = new TreeSet<>();
    counts.forEach(
        (transition, count) -> {
          if (count == null || count < 0) {
            throw new IllegalArgumentException(
                String.format("Cannot use count %s for transition %s -> %s: counts are non-negative", count, transition.from(), transition.to()));
          }
          names.add(transition.from());
          names.add(transition.to());
        });
    names.removeAll(List.of(START, CONVERSION, NULL));
    touchpoints = List.copyOf(names);

    // State 0 is start, state i + 1 is touchpoints[i].
    List<String> states = new ArrayList<>();
    states.add(START);
    states.addAll(touchpoints);
    Map<String, Integer> indexes = new LinkedHashMap<>();
    for (int index = 0; index < states.size(); index++) {
      indexes.put(states.get(index), index);
    }
    int size = states.size();
    double[] outbound = new double[size];
    counts.forEach((transition, count) -> outbound[indexes.get(transition.from())] += count);
    transientProbabilities = new double[size][size];
    conversionProbabilities = new double[size];
    counts.forEach(
        (transition, count) -> {
          int from = indexes.get(transition.from());
          if (count == 0) {
            return;
          }
          double probability = count / outbound[from];
          if (transition.to().equals(CONVERSION)) {
            conversionProbabilities[from] += probability;
          } else if (!transition.to().equals(NULL)) {
            transientProbabilities[from][indexes.get(transition.to())] += probability;
          }
        });

    conversionProbability = solve(-1);
    Map<String, Double> effects = new LinkedHashMap<>();
    for (int index = 0; index < touchpoints.size(); index++) {
      effects.put(touchpoints.get(index), removalEffect(index + 1));
    }
    removalEffects = Collections.unmodifiableMap(effects);
  }

  /** The chain estimated from counts of transitions, keyed by (from, to). */
  public static MarkovAttribution fromTransitions(Map<Transition, Long> counts) {
    return new MarkovAttribution(counts);
  }

  /** Touchpoints of the chain, in name order. */
  public List<String> touchpoints() {
    return touchpoints;
  }

  /** P(reaching conversion) from start. */
  public double conversionProbability() {
    return conversionProbability;
  }

  /** Removal effect of every touchpoint; all 0 when the chain never converts. */
  public Map<String, Double> removalEffects() {
    return removalEffects;
  }

  /**
   * Removal effects normalised to sum to 1 over touchpoints: the share of conversions (and revenue)
   * each touchpoint is credited with. All 0 when no touchpoint has an effect, i.e. nothing
   * converts.
   */
  public Map<String, Double> shares() {
    double total = removalEffects.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> shares = new LinkedHashMap<>();
    removalEffects.forEach((touchpoint, effect) -> shares.put(touchpoint, total > 0 ? effect / total : 0));
    return Collections.unmodifiableMap(shares);
  }

  private double removalEffect(int removedState) {
    if (conversionProbability <= 0) {
      return 0;
    }
    double withoutTouchpoint = solve(removedState);
    // Removing a state can only lose converting paths; clamping drops round-off below 0.
    return Math.max(0, 1 - withoutTouchpoint / conversionProbability);
  }

  /** P(conversion) from start with {@code removedState} redirected to null (none when -1). */
  private double solve(int removedState) {
    int size = conversionProbabilities.length;
    RealMatrix system = MatrixUtils.createRealIdentityMatrix(size);
    RealVector converting = new ArrayRealVector(size);
    for (int from = 0; from < size; from++) {
      if (from == removedState) {
        continue;
      }
      converting.setEntry(from, conversionProbabilities[from]);
      for (int to = 0; to < size; to++) {
        system.addToEntry(from, to, -transientProbabilities[from][to]);
      }
    }
    try {
      return new LUDecomposition(system).getSolver().solve(converting).getEntry(0);
    } catch (SingularMatrixException e) {
      throw new IllegalStateException(
          "Cannot solve the Markov chain: some touchpoints never reach conversion or null (a cycle with no exit)", e);
    }
  }
}
