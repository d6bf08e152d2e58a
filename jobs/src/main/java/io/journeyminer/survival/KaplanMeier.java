package io.journeyminer.survival;

import io.journeyminer.ranking.WilsonInterval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The Kaplan-Meier product-limit estimate of "not yet converted" S(t) from right-censored times
 * (Kaplan and Meier 1958), with Greenwood's variance and the log-log ("Kalbfleisch-Prentice")
 * pointwise confidence band, the default of R's {@code survival::survfit}.
 *
 * <p>At each distinct time t with n at risk (times >= t) and d events: S(t) = S(t-) * (1 - d/n);
 * Greenwood's sum G(t) = sum of d / (n (n - d)), Var S(t) = S(t)^2 G(t). Ties follow the usual
 * convention: events at t happen before censorings at t, so a journey censored at t is still at
 * risk at t. The band on log(-log S) is log(-log S) +- z sqrt(G) / |log S|, which maps back to
 * [S^exp(z se), S^exp(-z se)] and so always stays inside [0, 1]; it is undefined (NaN) where S is
 * 1 (no event yet) or 0.
 *
 * <p>Works on one (small) list of distinct times per group; the driver never sees journeys.
 */
public final class KaplanMeier {

  /**
   * One distinct time of the curve.
   *
   * @param survival S(t), the share not yet converted just after t
   * @param greenwoodSum G(t); {@code standardError} = S(t) sqrt(G(t))
   * @param lower lower bound of S(t) (NaN where undefined)
   * @param upper upper bound of S(t) (NaN where undefined)
   */
  public record Step(
      double time,
      long atRisk,
      long events,
      long censored,
      double survival,
      double greenwoodSum,
      double standardError,
      double lower,
      double upper) {

    /** 1 - S(t): the probability of having converted by t. */
    public double converted() {
      return 1 - survival;
    }
  }

  private final List<Step> steps;
  private final long subjects;

  private KaplanMeier(List<Step> steps, long subjects) {
    this.steps = List.copyOf(steps);
    this.subjects = subjects;
  }

  /** The curve over {@code counts} (any order; equal times are merged), with bands at {@code confidenceLevel}. */
  public static KaplanMeier fit(List<TimeCount> counts, double confidenceLevel) {
    double z = WilsonInterval.zScore(confidenceLevel);
    TreeMap<Double, long[]> byTime = new TreeMap<>();
    long subjects = 0;
    for (TimeCount count : counts) {
      long[] merged = byTime.computeIfAbsent(count.time(), time -> new long[2]);
      merged[0] += count.events();
      merged[1] += count.censored();
      subjects += count.events() + count.censored();
    }
    List<Step> steps = new ArrayList<>();
    long atRisk = subjects;
    double survival = 1;
    double greenwood = 0;
    for (var entry : byTime.entrySet()) {
      long events = entry.getValue()[0];
      long censored = entry.getValue()[1];
      if (events + censored == 0) {
        continue;
      }
      if (events > 0) {
        survival *= 1 - (double) events / atRisk;
        greenwood = events < atRisk ? greenwood + (double) events / ((double) atRisk * (atRisk - events)) : Double.NaN;
      }
      double standardError = survival * Math.sqrt(greenwood);
      double lower = Double.NaN;
      double upper = Double.NaN;
      if (survival > 0 && survival < 1 && !Double.isNaN(greenwood)) {
        double logLogError = Math.sqrt(greenwood) / Math.abs(Math.log(survival));
        lower = Math.pow(survival, Math.exp(z * logLogError));
        upper = Math.pow(survival, Math.exp(-z * logLogError));
      }
      steps.add(new Step(entry.getKey(), atRisk, events, censored, survival, greenwood, standardError, lower, upper));
      atRisk -= events + censored;
    }
    return new KaplanMeier(steps, subjects);
  }

  /** One step per distinct time with an event or a censoring, in time order. */
  public List<Step> steps() {
    return steps;
  }

  /** Journeys (subjects) in the curve. */
  public long subjects() {
    return subjects;
  }

  public long events() {
    return steps.stream().mapToLong(Step::events).sum();
  }

  /**
   * The median time to convert: the first time at which S(t) <= 0.5, i.e. half have converted by
   * then; empty when the curve never gets there (too many still on the way or lost).
   */
  public OptionalDouble median() {
    return steps.stream().filter(step -> step.survival() <= 0.5).mapToDouble(Step::time).findFirst();
  }

  /**
   * The naive median most journey tools show: the median time over the journeys that converted,
   * ignoring everyone censored (the lower median where the count is even); empty without events.
   */
  public OptionalDouble naiveMedian() {
    long events = events();
    if (events == 0) {
      return OptionalDouble.empty();
    }
    long half = (events + 1) / 2;
    long seen = 0;
    for (Step step : steps.stream().sorted(Comparator.comparingDouble(Step::time)).toList()) {
      seen += step.events();
      if (seen >= half) {
        return OptionalDouble.of(step.time());
      }
    }
    throw new IllegalStateException("unreachable: " + half + " of " + events + " events");
  }
}
