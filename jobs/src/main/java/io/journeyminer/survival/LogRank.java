package io.journeyminer.survival;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.math3.special.Gamma;

/**
 * The log-rank (Mantel-Cox) test that k groups share one time-to-convert curve, as R's {@code
 * survival::survdiff} computes it: at each distinct event time, each group's expected events are
 * its share of those at risk times all events then; O - E summed over times, with the
 * hypergeometric covariance V. The statistic (O - E)' V^- (O - E) uses a generalised inverse (V
 * has rank k - 1, less when a group is never at risk at an event), its degrees of freedom are
 * that rank, and the p-value is the upper tail of the chi-squared distribution with that many degrees of freedom.
 */
public record LogRank(double chiSquared, int degreesOfFreedom, double pValue, double[] observed, double[] expected) {

  /** Beyond this many groups the k x k covariance is not worth inverting for one p-value. */
  public static final int MAX_GROUPS = 200;

  private static final double RANK_TOLERANCE = 1e-10;
  private static final long[] NOTHING = {0, 0};

  public LogRank {
    observed = observed.clone();
    expected = expected.clone();
  }

  /**
   * The test over the groups' distinct-time counts; empty with fewer than two groups, more than
   * {@link #MAX_GROUPS}, or no event at all.
   */
  public static Optional<LogRank> test(Map<String, List<TimeCount>> groups) {
    int k = groups.size();
    if (k < 2 || k > MAX_GROUPS) {
      return Optional.empty();
    }
    List<Map<Double, long[]>> byTime = new ArrayList<>();
    TreeSet<Double> times = new TreeSet<>();
    long[] atRisk = new long[k];
    int index = 0;
    for (List<TimeCount> counts : groups.values()) {
      Map<Double, long[]> merged = new HashMap<>();
      for (TimeCount count : counts) {
        times.add(count.time());
        long[] cell = merged.computeIfAbsent(count.time(), time -> new long[2]);
        cell[0] += count.events();
        cell[1] += count.events() + count.censored();
        atRisk[index] += count.events() + count.censored();
      }
      byTime.add(merged);
      index++;
    }
    double[] observed = new double[k];
    double[] expected = new double[k];
    double[][] covariance = new double[k][k];
    long[] eventsAt = new long[k];
    long[] leavingAt = new long[k];
    for (double time : times) {
      long events = 0;
      long total = 0;
      for (int g = 0; g < k; g++) {
        long[] cell = byTime.get(g).getOrDefault(time, NOTHING);
        eventsAt[g] = cell[0];
        leavingAt[g] = cell[1];
        events += eventsAt[g];
        total += atRisk[g];
      }
      if (events > 0) {
        double spread = total > 1 ? (double) events * (total - events) / (total - 1) : 0;
        for (int g = 0; g < k; g++) {
          double share = (double) atRisk[g] / total;
          observed[g] += eventsAt[g];
          expected[g] += events * share;
          for (int h = 0; h < k; h++) {
            double other = (double) atRisk[h] / total;
            covariance[g][h] += spread * share * ((g == h ? 1 : 0) - other);
          }
        }
      }
      for (int g = 0; g < k; g++) {
        atRisk[g] -= leavingAt[g];
      }
    }
    SingularValueDecomposition decomposition = new SingularValueDecomposition(new Array2DRowRealMatrix(covariance));
    int rank = rank(decomposition);
    if (rank == 0) {
      return Optional.empty();
    }
    RealVector difference = new ArrayRealVector(observed).subtract(new ArrayRealVector(expected));
    RealMatrix inverse = decomposition.getSolver().getInverse();
    double chiSquared = inverse.operate(difference).dotProduct(difference);
    // The chi-squared upper tail as Commons Math's regularised gamma Q(df/2, x/2), which keeps its
    // precision for tiny p-values where 1 - ChiSquaredDistribution.cumulativeProbability would not.
    double pValue = Gamma.regularizedGammaQ(rank / 2.0, chiSquared / 2);
    return Optional.of(new LogRank(chiSquared, rank, pValue, observed, expected));
  }

  private static int rank(SingularValueDecomposition decomposition) {
    double[] values = decomposition.getSingularValues();
    double largest = values.length == 0 ? 0 : values[0];
    int rank = 0;
    for (double value : values) {
      if (value > largest * RANK_TOLERANCE && value > 0) {
        rank++;
      }
    }
    return rank;
  }
}
