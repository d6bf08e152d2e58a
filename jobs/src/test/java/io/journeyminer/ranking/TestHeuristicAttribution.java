package io.journeyminer.ranking;

import static io.journeyminer.ranking.HeuristicModel.FIRST_TOUCH;
import static io.journeyminer.ranking.HeuristicModel.LAST_TOUCH;
import static io.journeyminer.ranking.HeuristicModel.LINEAR;
import static io.journeyminer.ranking.HeuristicModel.POSITION_BASED;
import static io.journeyminer.ranking.HeuristicModel.TIME_DECAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TestHeuristicAttribution {

  private static final Offset<Double> TOLERANCE = within(1e-12);
  private static final Instant CONVERSION = Instant.parse("2024-03-29T12:00:00Z");
  private static final HeuristicAttribution WEEKLY = new HeuristicAttribution(Duration.ofDays(7));

  @Test
  void firstAndLastTouchTakeTheWholeConversion() {
    List<Instant> touches = daysBefore(21, 14, 7, 0);

    assertThat(WEEKLY.shares(FIRST_TOUCH, touches, CONVERSION)).containsExactly(1, 0, 0, 0);
    assertThat(WEEKLY.shares(LAST_TOUCH, touches, CONVERSION)).containsExactly(0, 0, 0, 1);
  }

  @Test
  void linearSplitsEqually() {
    assertThat(WEEKLY.shares(LINEAR, daysBefore(21, 14, 7, 0), CONVERSION)).containsExactly(0.25, 0.25, 0.25, 0.25);
  }

  @Test
  void positionBasedGivesFortyPercentToEachEndAndTwentyToTheMiddle() {
    assertThat(WEEKLY.shares(POSITION_BASED, daysBefore(3), CONVERSION)).containsExactly(1);
    assertThat(WEEKLY.shares(POSITION_BASED, daysBefore(3, 1), CONVERSION)).containsExactly(0.5, 0.5);
    assertThat(WEEKLY.shares(POSITION_BASED, daysBefore(3, 2, 1), CONVERSION)).containsExactly(0.4, 0.2, 0.4);
    double[] fiveTouches = WEEKLY.shares(POSITION_BASED, daysBefore(5, 4, 3, 2, 1), CONVERSION);
    assertThat(fiveTouches[0]).isCloseTo(0.4, TOLERANCE);
    assertThat(fiveTouches[1]).isCloseTo(0.2 / 3, TOLERANCE);
    assertThat(fiveTouches[2]).isCloseTo(0.2 / 3, TOLERANCE);
    assertThat(fiveTouches[3]).isCloseTo(0.2 / 3, TOLERANCE);
    assertThat(fiveTouches[4]).isCloseTo(0.4, TOLERANCE);
  }

  @Test
  void timeDecayHalvesTheWeightPerHalfLife() {
    // Ages 14, 7 and 0 days with a 7-day half-life weigh 1/4, 1/2, 1: shares 1/7, 2/7, 4/7.
    double[] shares = WEEKLY.shares(TIME_DECAY, daysBefore(14, 7, 0), CONVERSION);

    assertThat(shares[0]).isCloseTo(1.0 / 7, TOLERANCE);
    assertThat(shares[1]).isCloseTo(2.0 / 7, TOLERANCE);
    assertThat(shares[2]).isCloseTo(4.0 / 7, TOLERANCE);
  }

  @Test
  void timeDecayOfVeryOldTouchesStillSumsToOne() {
    // 2^(-5000 / 7) underflows to 0 on its own; weighing relative to the youngest touch does not.
    double[] shares = WEEKLY.shares(TIME_DECAY, daysBefore(5007, 5000), CONVERSION);

    assertThat(shares[0]).isCloseTo(1.0 / 3, TOLERANCE);
    assertThat(shares[1]).isCloseTo(2.0 / 3, TOLERANCE);
  }

  @Test
  void everyModelSharesSumToOne() {
    List<Instant> touches = daysBefore(30, 12, 12, 6, 1, 0);
    for (HeuristicModel model : HeuristicModel.values()) {
      assertThat(Arrays.stream(WEEKLY.shares(model, touches, CONVERSION)).sum()).as(model.columnName()).isCloseTo(1, TOLERANCE);
    }
  }

  private static List<Instant> daysBefore(long... days) {
    return Arrays.stream(days).mapToObj(day -> CONVERSION.minus(Duration.ofDays(day))).toList();
  }
}
