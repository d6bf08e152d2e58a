package io.journeyminer.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TestBenjaminiHochberg {

  private static final Offset<Double> TOLERANCE = within(1e-9);

  @Test
  void adjustsByRankAndKeepsQValuesMonotone() {
    // m = 4; sorted 0.005, 0.01, 0.03, 0.04 -> p * 4 / rank = 0.02, 0.02, 0.04, 0.04.
    double[] qValues = BenjaminiHochberg.qValues(new double[] {0.01, 0.04, 0.03, 0.005});

    assertThat(qValues[0]).isCloseTo(0.02, TOLERANCE);
    assertThat(qValues[1]).isCloseTo(0.04, TOLERANCE);
    assertThat(qValues[2]).isCloseTo(0.04, TOLERANCE);
    assertThat(qValues[3]).isCloseTo(0.02, TOLERANCE);
  }

  @Test
  void aLargerPValueLaterInRankLowersAnEarlierQValue() {
    // m = 5; sorted 0.01, 0.2, 0.2, 0.5, 0.9 -> raw 0.05, 0.5, 1/3, 0.625, 0.9; the running
    // minimum from the top gives the first 0.2 the second one's 1/3 (scipy false_discovery_control).
    double[] qValues = BenjaminiHochberg.qValues(new double[] {0.2, 0.2, 0.5, 0.01, 0.9});

    assertThat(qValues[0]).isCloseTo(1.0 / 3, TOLERANCE);
    assertThat(qValues[1]).isCloseTo(1.0 / 3, TOLERANCE);
    assertThat(qValues[2]).isCloseTo(0.625, TOLERANCE);
    assertThat(qValues[3]).isCloseTo(0.05, TOLERANCE);
    assertThat(qValues[4]).isCloseTo(0.9, TOLERANCE);
  }

  @Test
  void untestedTouchpointsStayNaNAndDoNotCountInTheNumberOfTests() {
    // Only two tests: 0.01 * 2 / 1 = 0.02 and 0.03 * 2 / 2 = 0.03.
    double[] qValues = BenjaminiHochberg.qValues(new double[] {Double.NaN, 0.03, 0.01, Double.NaN});

    assertThat(qValues[0]).isNaN();
    assertThat(qValues[1]).isCloseTo(0.03, TOLERANCE);
    assertThat(qValues[2]).isCloseTo(0.02, TOLERANCE);
    assertThat(qValues[3]).isNaN();
  }

  @Test
  void qValuesNeverExceedOne() {
    double[] qValues = BenjaminiHochberg.qValues(new double[] {1, 1, 0.99});

    assertThat(qValues).containsExactly(1, 1, 1);
  }
}
