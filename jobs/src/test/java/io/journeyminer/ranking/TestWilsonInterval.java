package io.journeyminer.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TestWilsonInterval {

  private static final double TOLERANCE = 1e-9;

  @Test
  void eightConversionsOfTenAtNinetyFivePercent() {
    // Expected: the closed formula evaluated with scipy.stats.norm.ppf(0.975) = 1.959963984540054.
    WilsonInterval interval = WilsonInterval.of(8, 10, 0.95);

    assertThat(interval.low()).isCloseTo(0.4901624715366418, within(TOLERANCE));
    assertThat(interval.high()).isCloseTo(0.9433178485456248, within(TOLERANCE));
  }

  @Test
  void noConversionStillHasAPositiveUpperBound() {
    // With no successes the upper bound is z^2 / (n + z^2).
    double z = 1.959963984540054;

    WilsonInterval interval = WilsonInterval.of(0, 10, 0.95);

    assertThat(interval.low()).isEqualTo(0);
    assertThat(interval.high()).isCloseTo(z * z / (10 + z * z), within(TOLERANCE));
  }

  @Test
  void confidenceLevelIsConfigurable() {
    // scipy.stats.norm.ppf(0.995) = 2.5758293035489004, same closed formula.
    WilsonInterval interval = WilsonInterval.of(45, 120, 0.99);

    assertThat(WilsonInterval.zScore(0.99)).isCloseTo(2.5758293035489004, within(TOLERANCE));
    assertThat(interval.low()).isCloseTo(0.27054151869875387, within(TOLERANCE));
    assertThat(interval.high()).isCloseTo(0.49255695727253634, within(TOLERANCE));
  }

  @Test
  void rejectsAConfidenceLevelOutsideZeroOne() {
    assertThatThrownBy(() -> WilsonInterval.of(1, 2, 95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confidence level 95");
  }
}
