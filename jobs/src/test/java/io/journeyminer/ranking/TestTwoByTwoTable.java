package io.journeyminer.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TestTwoByTwoTable {

  private static final double TOLERANCE = 1e-9;

  @Test
  void tinyChiSquaredPValuesKeepTheirMagnitude() {
    // chi2 = 200 * (90*90 - 10*10)^2 / 100^4 = 128, one degree of freedom: p = erfc(8).
    TwoByTwoTable table = new TwoByTwoTable(90, 10, 10, 90);
    assertThat(table.chiSquaredPValue()).isCloseTo(1.1224297172982927e-29, org.assertj.core.api.Assertions.withinPercentage(1e-7));
  }

  @Test
  void fisherTeaTastingTableTwoSided() {
    // Fisher's lady tasting tea, [[3, 1], [1, 3]]: two-sided p = (1 + 16 + 16 + 1) / 70.
    TwoByTwoTable tea = new TwoByTwoTable(3, 1, 1, 3);

    assertThat(tea.minimumExpectedCount()).isEqualTo(2);
    assertThat(tea.pValue()).isCloseTo(34.0 / 70, within(TOLERANCE));
    assertThat(tea.pValue()).isCloseTo(0.4857142857142857, within(TOLERANCE));
  }

  @Test
  void fisherWikipediaStudyingExample() {
    // Wikipedia "Fisher's exact test", men/women studying [[1, 9], [11, 3]]: p = 0.002759 (R and
    // scipy.stats.fisher_exact give 0.0027594561852200836).
    TwoByTwoTable table = new TwoByTwoTable(1, 9, 11, 3);

    assertThat(table.fisherExactPValue()).isCloseTo(0.0027594561852200836, within(TOLERANCE));
  }

  @Test
  void anExpectedCountOfExactlyFiveAlreadyUsesChiSquared() {
    // [[1, 9], [11, 3]]: smallest expected count 10 * 12 / 24 = 5, not below 5; scipy
    // chi2_contingency(correction=False) gives 0.000925274037119762.
    TwoByTwoTable table = new TwoByTwoTable(1, 9, 11, 3);

    assertThat(table.minimumExpectedCount()).isEqualTo(5);
    assertThat(table.pValue()).isCloseTo(0.000925274037119762, within(TOLERANCE));
  }

  @Test
  void fisherWhenAnExpectedCountIsBelowFive() {
    // [[2, 7], [8, 2]]: smallest expected count 9 * 9 / 19 = 4.26; scipy.stats.fisher_exact
    // two-sided = 0.02301413756522116.
    TwoByTwoTable table = new TwoByTwoTable(2, 7, 8, 2);

    assertThat(table.minimumExpectedCount()).isLessThan(5);
    assertThat(table.pValue()).isCloseTo(0.02301413756522116, within(TOLERANCE));
  }

  @Test
  void fisherCountsTablesTiedWithTheObservedOne() {
    // [[0, 5], [10, 10]]: scipy.stats.fisher_exact two-sided = 0.06126482213438734.
    assertThat(new TwoByTwoTable(0, 5, 10, 10).fisherExactPValue())
        .isCloseTo(0.06126482213438734, within(TOLERANCE));
  }

  @Test
  void chiSquaredWithoutContinuityCorrectionWhenEveryExpectedCountIsAtLeastFive() {
    // [[20, 30], [30, 20]]: every expected count is 25, chi^2 = 4 * 25 / 25 = 4 with one degree of
    // freedom, so p = P(|Z| > 2) = 0.0455002638963584 (Yates' correction would give 0.0713).
    TwoByTwoTable table = new TwoByTwoTable(20, 30, 30, 20);

    assertThat(table.minimumExpectedCount()).isEqualTo(25);
    assertThat(table.pValue()).isCloseTo(0.0455002638963584, within(TOLERANCE));
    assertThat(table.pValue()).isEqualTo(table.chiSquaredPValue());
  }

  @Test
  void chiSquaredAgreesWithScipy() {
    // scipy.stats.chi2_contingency(..., correction=False).pvalue
    assertThat(new TwoByTwoTable(35, 65, 20, 80).pValue()).isCloseTo(0.017528861260372782, within(TOLERANCE));
    assertThat(new TwoByTwoTable(12, 5, 9, 7).pValue()).isCloseTo(0.3921470365999187, within(TOLERANCE));
  }

  @Test
  void noTestWhenEveryJourneyReachedTheTouchpoint() {
    TwoByTwoTable table = new TwoByTwoTable(4, 6, 0, 0);

    assertThat(table.hasEmptyMargin()).isTrue();
    assertThat(table.pValue()).isNaN();
  }
}
