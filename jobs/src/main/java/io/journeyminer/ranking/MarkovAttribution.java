package io.journeyminer.ranking;

import java.util.Collections;
import java.util.HashMap;
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
 * r the one-step probability of converting, the fundamental matrix N = (I - Q)^-1 gives the
 * conversion probabilities x = N r, and P(conversion) is x at start. Removing t redirects it to
 * null, which loses exactly the converting walks that visit t: P(conversion without t) = x(start) -
 * P(visit t) x(t), with P(visit t) = N(start, t) / N(t, t). One inversion thus serves every
 * touchpoint (cubic in the number of touchpoints, not quartic as one solve per removal would be).
 * The removal effect of t is 1 - P(conversion without t) / P(conversion).
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
  private final double conversionProbability;
  private final Map<String, Double> removalEffects;

  private MarkovAttribution(Map<Transition, Long> counts) {
    TreeSet<String> names = new TreeSet<>();
    counts.forEach(
        (transition, count) -> {
          if (count == null || count < 0) {
            throw new IllegalArgumentException(
                String.format(
                    "Cannot use count %s for transition %s -> %s: counts are non-negative",
                    count, transition.from(), transition.to()));
          }
          names.add(transition.from());
          names.add(transition.to());
        });
    names.removeAll(List.of(START, CONVERSION, NULL));
    touchpoints = List.copyOf(names);

    // State 0 is start, state i + 1 is touchpoints[i].
    Map<String, Integer> states = new HashMap<>();
    states.put(START, 0);
    for (int index = 0; index < touchpoints.size(); index++) {
      states.put(touchpoints.get(index), index + 1);
    }
    int size = states.size();
    double[] outbound = new double[size];
    counts.forEach((transition, count) -> outbound[states.get(transition.from())] += count);
    // I - Q, and r; a state without outbound transitions stays an all-zero row of Q (it never converts).
    RealMatrix system = MatrixUtils.createRealIdentityMatrix(size);
    RealVector converting = new ArrayRealVector(size);
    counts.forEach(
        (transition, count) -> {
          int from = states.get(transition.from());
          double probability = count == 0 ? 0 : count / outbound[from];
          if (transition.to().equals(CONVERSION)) {
            converting.addToEntry(from, probability);
          } else if (!transition.to().equals(NULL)) {
            system.addToEntry(from, states.get(transition.to()), -probability);
          }
        });

    RealMatrix fundamental = fundamentalMatrix(system);
    RealVector conversion = fundamental.operate(converting);
    conversionProbability = conversion.getEntry(0);
    Map<String, Double> effects = new LinkedHashMap<>();
    for (int index = 0; index < touchpoints.size(); index++) {
      int state = index + 1;
      double visitProbability = fundamental.getEntry(0, state) / fundamental.getEntry(state, state);
      double withoutTouchpoint = conversionProbability - visitProbability * conversion.getEntry(state);
      // Removing a state can only lose converting walks; clamping drops round-off outside [0, 1].
      double effect = conversionProbability > 0 ? 1 - withoutTouchpoint / conversionProbability : 0;
      effects.put(touchpoints.get(index), Math.min(1, Math.max(0, effect)));
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

  private static RealMatrix fundamentalMatrix(RealMatrix identityMinusTransient) {
    try {
      return new LUDecomposition(identityMinusTransient).getSolver().getInverse();
    } catch (SingularMatrixException e) {
      throw new IllegalStateException(
          "Cannot solve the Markov chain: some touchpoints never reach conversion or null (a cycle with no exit)", e);
    }
  }
}
