package io.journeyminer.discovery;

import io.journeyminer.journeys.Journeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Builds rows of {@link Journeys#WITH_STEPS} by hand, as the journey builder would write them: a
 * journey is an outcome and its steps, each a touchpoint (with its stage, if any) at a number of
 * seconds after the journey's start. Everything else (counts, arrays, furthest stage, duration,
 * variant id) is derived, so fixtures stay short and readable.
 */
public final class JourneyFixture {

  private static final Instant DEFAULT_START = Instant.parse("2024-03-01T09:00:00Z");

  private final String journeyId;
  private final String outcome;
  private final List<Step> steps = new ArrayList<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private Instant start = DEFAULT_START;
  private String firstTouchChannel;
  private String furthestStage;
  private boolean conforms = true;
  private Integer conversionStep;

  private record Step(String touchpoint, String stage, Instant occurredAt) {}

  private JourneyFixture(String journeyId, String outcome) {
    this.journeyId = journeyId;
    this.outcome = outcome;
  }

  public static JourneyFixture converted(String journeyId) {
    return new JourneyFixture(journeyId, Journeys.CONVERTED);
  }

  public static JourneyFixture abandoned(String journeyId) {
    return new JourneyFixture(journeyId, Journeys.ABANDONED);
  }

  public static JourneyFixture inProgress(String journeyId) {
    return new JourneyFixture(journeyId, Journeys.IN_PROGRESS);
  }

  /** A touchpoint outside the journey map, {@code seconds} after the journey's start. */
  public JourneyFixture step(String touchpoint, long seconds) {
    return step(touchpoint, null, seconds);
  }

  public JourneyFixture step(String touchpoint, String stage, long seconds) {
    steps.add(new Step(touchpoint, stage, start.plusSeconds(seconds)));
    return this;
  }

  /** A step at an absolute time, as read from an event log. */
  public JourneyFixture stepAt(String touchpoint, String occurredAt) {
    steps.add(new Step(touchpoint, null, Instant.parse(occurredAt)));
    return this;
  }

  public JourneyFixture firstTouchChannel(String channel) {
    this.firstTouchChannel = channel;
    return this;
  }

  public JourneyFixture attribute(String name, String value) {
    attributes.put(name, value);
    return this;
  }

  /** The stage-order conformance the journey builder found; journeys conform unless told. */
  public JourneyFixture deviating() {
    this.conforms = false;
    return this;
  }

  /**
   * The 1-based step that converted, for a converted journey whose after-conversion touches follow
   * its conversion; by default its last step.
   */
  public JourneyFixture convertsAtStep(int step) {
    this.conversionStep = step;
    return this;
  }

  /** Furthest stage as the journey builder computed it (from the map's stage order). */
  public JourneyFixture furthestStage(String stage) {
    this.furthestStage = stage;
    return this;
  }

  public static Dataset<Row> frame(SparkSession spark, JourneyFixture... journeys) {
    return spark.createDataFrame(
        Arrays.stream(journeys).map(JourneyFixture::row).toList(), Journeys.WITH_STEPS);
  }

  /** The variant id computed in plain Java: what {@link Variants#variantId} must agree with. */
  public static String expectedVariantId(List<String> touchpoints) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\u001f", touchpoints).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Row row() {
    if (steps.isEmpty()) {
      throw new IllegalStateException("Journey " + journeyId + " has no steps");
    }
    boolean converted = outcome.equals(Journeys.CONVERTED);
    Integer convertingStep = converted ? (conversionStep != null ? conversionStep : Integer.valueOf(steps.size())) : null;
    List<String> touchpoints = steps.stream().map(Step::touchpoint).toList();
    List<String> stages = new ArrayList<>();
    steps.forEach(step -> stages.add(step.stage()));
    List<Row> stepRows = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      Long sincePrevious =
          i == 0
              ? null
              : step.occurredAt().getEpochSecond()
                  - steps.get(i - 1).occurredAt().getEpochSecond();
      boolean isConversion = converted && i + 1 == convertingStep;
      stepRows.add(
          RowFactory.create(
              i + 1,
              journeyId + "-" + (i + 1),
              step.touchpoint(),
              step.stage(),
              i == 0 ? firstTouchChannel : null,
              Timestamp.from(step.occurredAt()),
              sincePrevious,
              isConversion,
              null));
    }
    Instant startedAt = steps.get(0).occurredAt();
    Instant endedAt = steps.get(steps.size() - 1).occurredAt();
    return RowFactory.create(
        journeyId,
        "customer-" + journeyId,
        Timestamp.from(startedAt),
        Timestamp.from(endedAt),
        outcome,
        steps.size(),
        touchpoints,
        stages,
        furthestStage,
        expectedVariantId(touchpoints),
        endedAt.getEpochSecond() - startedAt.getEpochSecond(),
        null,
        conforms,
        null,
        firstTouchChannel,
        Map.copyOf(attributes),
        convertingStep,
        stepRows);
  }
}
