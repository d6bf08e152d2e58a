package io.journeyminer.drift;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The pooled two-proportion z-test of x1/n1 against x2/n2 (two-sided): z = (p1 - p2) /
 * sqrt(p (1 - p) (1/n1 + 1/n2)) with p = (x1 + x2) / (n1 + n2); it equals the chi-squared test of
 * the 2x2 table without continuity correction. Counts may be fractional (attribution credit).
 */
public record TwoProportionTest(double z, double pValue) {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  public static TwoProportionTest of(double successes1, double trials1, double successes2, double trials2) {
    check(successes1, trials1);
    check(successes2, trials2);
    double pooled = (successes1 + successes2) / (trials1 + trials2);
    double variance = pooled * (1 - pooled) * (1 / trials1 + 1 / trials2);
    if (!(variance > 0)) {
      // Both rates 0 or both 1: no move to test.
      return new TwoProportionTest(0, 1);
    }
    double z = (successes1 / trials1 - successes2 / trials2) / Math.sqrt(variance);
    // 2 * Phi(-|z|) rather than 2 * (1 - Phi(|z|)), which would round tiny p-values to 0.
    return new TwoProportionTest(z, Math.min(1, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z))));
  }

  private static void check(double successes, double trials) {
    if (!(trials > 0) || successes < 0 || successes > trials * (1 + 1e-9)) {
      throw new IllegalArgumentException(
          String.format("Cannot test a proportion of %s out of %s: trials must be positive and successes within them", successes, trials));
    }
  }
}
