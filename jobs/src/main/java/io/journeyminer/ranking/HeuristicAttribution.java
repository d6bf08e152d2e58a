package io.journeyminer.ranking;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Shares of one conversion over the touches before it (SPEC 5.1). Each model's shares sum to 1, so
 * every model credits exactly the number of conversions in total.
 *
 * @param halfLife of {@link HeuristicModel#TIME_DECAY}: a touch this long before the conversion
 *     weighs half as much as one at the conversion
 */
public record HeuristicAttribution(Duration halfLife) implements Serializable {

  public static final double POSITION_ENDS_SHARE = 0.4;
  public static final double POSITION_MIDDLE_SHARE = 0.2;

  public HeuristicAttribution {
    if (halfLife == null || halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException(
          String.format("Cannot use time-decay half-life %s: it must be positive", halfLife));
    }
  }

  /**
   * Share of the conversion for each touch, in touch order. {@code touchTimes} are the touches
   * before the conversion, oldest first; {@code conversionAt} is only read by
   * {@link HeuristicModel#TIME_DECAY}.
   */
  public double[] shares(HeuristicModel model, List<Instant> touchTimes, Instant conversionAt) {
    int touches = touchTimes.size();
    if (touches == 0) {
      throw new IllegalArgumentException("Cannot attribute a conversion with no touches before it");
    }
    double[] shares = new double[touches];
    switch (model) {
      case FIRST_TOUCH -> shares[0] = 1;
      case LAST_TOUCH -> shares[touches - 1] = 1;
      case LINEAR -> Arrays.fill(shares, 1.0 / touches);
      case POSITION_BASED -> positionBased(shares);
      case TIME_DECAY -> timeDecay(shares, touchTimes, conversionAt);
    }
    return shares;
  }

  private static void positionBased(double[] shares) {
    int touches = shares.length;
    if (touches <= 2) {
      Arrays.fill(shares, 1.0 / touches);
      return;
    }
    Arrays.fill(shares, POSITION_MIDDLE_SHARE / (touches - 2));
    shares[0] = POSITION_ENDS_SHARE;
    shares[touches - 1] = POSITION_ENDS_SHARE;
  }

  private void timeDecay(double[] shares, List<Instant> touchTimes, Instant conversionAt) {
    if (conversionAt == null) {
      throw new IllegalArgumentException("Cannot weigh touches by time decay without the conversion time");
    }
    double halfLifeSeconds = seconds(halfLife);
    double[] ages = new double[shares.length];
    double youngest = Double.POSITIVE_INFINITY;
    for (int touch = 0; touch < shares.length; touch++) {
      ages[touch] = seconds(Duration.between(touchTimes.get(touch), conversionAt));
      youngest = Math.min(youngest, ages[touch]);
    }
    // Weighing relative to the youngest touch changes no share but keeps the largest weight at 1,
    // so touches years old cannot underflow every weight to 0.
    double total = 0;
    for (int touch = 0; touch < shares.length; touch++) {
      shares[touch] = Math.pow(2, -(ages[touch] - youngest) / halfLifeSeconds);
      total += shares[touch];
    }
    for (int touch = 0; touch < shares.length; touch++) {
      shares[touch] /= total;
    }
  }

  private static double seconds(Duration duration) {
    return duration.getSeconds() + duration.getNano() / 1e9;
  }
}
