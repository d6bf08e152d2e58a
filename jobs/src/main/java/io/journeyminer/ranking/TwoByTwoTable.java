package io.journeyminer.ranking;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Closed journeys cross-classified by whether they reached a touchpoint (rows) and whether they
 * converted (columns), with the test of independence SPEC 5.1 asks for.
 *
 * @param withConverted converted journeys that reached the touchpoint
 * @param withNotConverted abandoned journeys that reached it
 * @param withoutConverted converted journeys that did not reach it
 * @param withoutNotConverted abandoned journeys that did not reach it
 */
public record TwoByTwoTable(
    long withConverted, long withNotConverted, long withoutConverted, long withoutNotConverted) {

  /** Below this expected count in any cell the chi-squared approximation is not trusted. */
  public static final double MINIMUM_EXPECTED_COUNT = 5;

  /**
   * Hypergeometric probabilities within this relative distance of the observed table's count as
   * "as extreme", so that tables tied with it are not lost to round-off (R's fisher.test does the
   * same).
   */
  static final double FISHER_RELATIVE_TOLERANCE = 1e-7;

  public TwoByTwoTable {
    if (withConverted < 0 || withNotConverted < 0 || withoutConverted < 0 || withoutNotConverted < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot build a 2x2 table with a negative count: [[%d, %d], [%d, %d]]",
              withConverted, withNotConverted, withoutConverted, withoutNotConverted));
    }
  }

  public long total() {
    return withConverted + withNotConverted + withoutConverted + withoutNotConverted;
  }

  /**
   * True when a row or a column is empty (e.g. every closed journey reached the touchpoint, or
   * none converted): there is nothing to compare and no test is defined.
   */
  public boolean hasEmptyMargin() {
    return withConverted + withNotConverted == 0
        || withoutConverted + withoutNotConverted == 0
        || withConverted + withoutConverted == 0
        || withNotConverted + withoutNotConverted == 0;
  }

  /** Smallest expected cell count under independence (row total x column total / total). */
  public double minimumExpectedCount() {
    double total = total();
    if (total == 0) {
      return 0;
    }
    double rowWith = withConverted + withNotConverted;
    double rowWithout = withoutConverted + withoutNotConverted;
    double columnConverted = withConverted + withoutConverted;
    double columnNotConverted = withNotConverted + withoutNotConverted;
    // The smallest expected cell is the one at the smaller row and the smaller column.
    return Math.min(rowWith, rowWithout) * Math.min(columnConverted, columnNotConverted) / total;
  }

  /**
   * Two-sided p-value of independence: Fisher's exact test when an expected cell is below 5,
   * Pearson's chi-squared test (no continuity correction) otherwise. NaN when a margin is empty (no
   * test is defined).
   * Fisher's test works on int counts, so a table with more than {@link Integer#MAX_VALUE} journeys
   * uses chi-squared whatever its expected counts.
   */
  public double pValue() {
    if (hasEmptyMargin()) {
      return Double.NaN;
    }
    boolean smallExpectedCount = minimumExpectedCount() < MINIMUM_EXPECTED_COUNT;
    return smallExpectedCount && total() <= Integer.MAX_VALUE ? fisherExactPValue() : chiSquaredPValue();
  }

  /**
   * Fisher's exact test, two-sided: the sum of the hypergeometric probabilities (margins fixed) of
   * every table no more likely than the observed one. NaN when a margin is empty.
   */
  public double fisherExactPValue() {
    if (hasEmptyMargin()) {
      return Double.NaN;
    }
    if (total() > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          String.format("Fisher's exact test cannot run on %d journeys: at most %d", total(), Integer.MAX_VALUE));
    }
    int total = (int) total();
    int rowWith = (int) (withConverted + withNotConverted);
    int columnConverted = (int) (withConverted + withoutConverted);
    // No random generator: only the probability mass function is used.
    HypergeometricDistribution tables = new HypergeometricDistribution(null, total, rowWith, columnConverted);
    double observed = tables.probability((int) withConverted);
    double threshold = observed * (1 + FISHER_RELATIVE_TOLERANCE);
    double pValue = 0;
    for (int cell = tables.getSupportLowerBound(); cell <= tables.getSupportUpperBound(); cell++) {
      double probability = tables.probability(cell);
      if (probability <= threshold) {
        pValue += probability;
      }
    }
    return Math.min(1, pValue);
  }

  /**
   * Pearson's chi-squared test with one degree of freedom, <em>without</em> Yates' continuity
   * correction (Commons Math's {@link ChiSquareTest} statistic on the counts). NaN when a margin is
   * empty. The upper tail is taken from the regularized gamma function directly rather than as
   * {@code 1 - CDF}, so p-values far below 1e-16 keep their magnitude instead of becoming 0.
   */
  public double chiSquaredPValue() {
    if (hasEmptyMargin()) {
      return Double.NaN;
    }
    long[][] counts = {{withConverted, withNotConverted}, {withoutConverted, withoutNotConverted}};
    double statistic = new ChiSquareTest().chiSquare(counts);
    // One degree of freedom: P(X > x) = Q(1/2, x/2).
    return org.apache.commons.math3.special.Gamma.regularizedGammaQ(0.5, statistic / 2);
  }
}
