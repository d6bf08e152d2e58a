package io.journeyminer.config;

import java.time.Duration;
import java.util.List;

/**
 * Discovery and ranking settings (SPEC 5).
 *
 * @param minJourneys touchpoints reached by fewer closed journeys are flagged {@code low_volume}
 * @param confidenceLevel of the Wilson score interval
 * @param timeDecayHalfLife half-life of the {@code time_decay} attribution model
 * @param collapseRepeats read {@code A A B} as {@code A B} in variants
 * @param segmentAttributes event attributes by which the stage summary is also segmented
 * @param topTouchpoints how many touchpoints the stage summary lists by reach and by exits
 * @param driftWindow how many earlier runs the {@code drift} table pools as its trailing window
 * @param driftAlpha false discovery rate at which {@code drift} flags a move as significant
 */
public record AnalysisConfig(
    int minJourneys,
    double confidenceLevel,
    Duration timeDecayHalfLife,
    boolean collapseRepeats,
    List<String> segmentAttributes,
    int topTouchpoints,
    int driftWindow,
    double driftAlpha) {

  public static final int DEFAULT_MIN_JOURNEYS = 30;
  public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;
  public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(7);
  public static final int DEFAULT_TOP_TOUCHPOINTS = 3;
  public static final int DEFAULT_DRIFT_WINDOW = 7;
  public static final double DEFAULT_DRIFT_ALPHA = 0.05;

  public AnalysisConfig {
    segmentAttributes = List.copyOf(segmentAttributes);
  }

  /** Settings with the default drift window and level. */
  public AnalysisConfig(
      int minJourneys,
      double confidenceLevel,
      Duration timeDecayHalfLife,
      boolean collapseRepeats,
      List<String> segmentAttributes,
      int topTouchpoints) {
    this(
        minJourneys,
        confidenceLevel,
        timeDecayHalfLife,
        collapseRepeats,
        segmentAttributes,
        topTouchpoints,
        DEFAULT_DRIFT_WINDOW,
        DEFAULT_DRIFT_ALPHA);
  }
}
