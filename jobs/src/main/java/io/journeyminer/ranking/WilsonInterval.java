package io.journeyminer.ranking;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Wilson score interval of a proportion (SPEC 5.1 {@code ci_low}, {@code ci_high}). Unlike the
 * normal approximation it stays inside [0, 1] and is honest for small counts and rates near 0 or 1,
 * which is what low-volume touchpoints have.
 */
public record WilsonInterval(double low, double high) {

  public WilsonInterval {
    if (!(0 <= low && low <= high && high <= 1)) {
      throw new IllegalArgumentException(
          String.format("Cannot build a Wilson interval [%s, %s]: bounds must satisfy 0 <= low <= high <= 1", low, high));
    }
  }

  /**
   * The two-sided interval at {@code confidenceLevel} (e.g. 0.95) for {@code successes} out of
   * {@code trials}; z is the standard normal quantile 1 - (1 - level) / 2.
   */
  public static WilsonInterval of(long successes, long trials, double confidenceLevel) {
    if (trials <= 0) {
      throw new IllegalArgumentException(
          String.format("Cannot compute a Wilson interval over %d trials: trials must be positive", trials));
    }
    if (successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          String.format("Cannot compute a Wilson interval for %d successes of %d trials", successes, trials));
    }
    double z = zScore(confidenceLevel);
    double n = trials;
    double rate = successes / n;
    double zSquaredOverN = z * z / n;
    double center = (rate + zSquaredOverN / 2) / (1 + zSquaredOverN);
    double halfWidth =
        z / (1 + zSquaredOverN) * Math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n));
    // Clamping only removes round-off: the exact bounds lie in [0, 1].
    return new WilsonInterval(Math.max(0, center - halfWidth), Math.min(1, center + halfWidth));
  }

  /** Standard normal quantile for a two-sided interval at {@code confidenceLevel}. */
  public static double zScore(double confidenceLevel) {
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException(
          String.format("Cannot use confidence level %s: it must lie strictly between 0 and 1", confidenceLevel));
    }
    // No random generator: only the quantile function is used.
    NormalDistribution standardNormal = new NormalDistribution(null, 0, 1);
    return standardNormal.inverseCumulativeProbability(1 - (1 - confidenceLevel) / 2);
  }
}
