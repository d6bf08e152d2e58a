package io.journeyminer.ranking;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Benjamini-Hochberg false discovery rate adjustment (SPEC 5.1 {@code q_value}): testing every
 * touchpoint at once would otherwise flag some by chance.
 */
public final class BenjaminiHochberg {

  private BenjaminiHochberg() {}

  /**
   * q-values in the order of {@code pValues}: q of the i-th smallest of m p-values is the minimum
   * over j >= i of p(j) * m / j, capped at 1, so q-values rise monotonically with p-values. NaN
   * p-values (no test was possible) stay NaN and do not count in m.
   */
  public static double[] qValues(double[] pValues) {
    for (int index = 0; index < pValues.length; index++) {
      double pValue = pValues[index];
      if (!Double.isNaN(pValue) && (pValue < 0 || pValue > 1)) {
        throw new IllegalArgumentException(
            String.format("Cannot adjust p-value %s at position %d: p-values lie in [0, 1]", pValue, index));
      }
    }
    int[] ascending =
        IntStream.range(0, pValues.length)
            .filter(index -> !Double.isNaN(pValues[index]))
            .boxed()
            .sorted((left, right) -> Double.compare(pValues[left], pValues[right]))
            .mapToInt(Integer::intValue)
            .toArray();
    double[] qValues = new double[pValues.length];
    Arrays.fill(qValues, Double.NaN);
    int tested = ascending.length;
    double smallestAbove = 1;
    for (int rank = tested; rank >= 1; rank--) {
      int index = ascending[rank - 1];
      smallestAbove = Math.min(smallestAbove, pValues[index] * tested / rank);
      qValues[index] = smallestAbove;
    }
    return qValues;
  }
}
