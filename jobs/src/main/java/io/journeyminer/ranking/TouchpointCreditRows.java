package io.journeyminer.ranking;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.journeyminer.journeys.Journeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Executor side of the per-touchpoint figures: for one journey of {@link JourneyTouches}, one row
 * per distinct touchpoint it touched, with what the journey adds to that touchpoint's counts and
 * heuristic credits. Summed by touchpoint they give every figure of SPEC 5.1 except the model-wide
 * Markov and Shapley credits and the tests.
 */
final class TouchpointCreditRows implements FlatMapFunction<Row, Row> {

  static final String CLOSED = "closed";
  static final String IN_PROGRESS = "in_progress";
  static final String CONVERTED = "converted";
  static final String EXIT = "exit";
  static final String SECONDS_TO_EXIT = "seconds_to_exit";

  private static final HeuristicModel[] MODELS = HeuristicModel.values();

  static final StructType SCHEMA = schema();

  private final HeuristicAttribution attribution;

  TouchpointCreditRows(HeuristicAttribution attribution) {
    this.attribution = attribution;
  }

  static String creditColumn(HeuristicModel model) {
    return TouchpointRanking.creditColumn(model.columnName());
  }

  static String revenueCreditColumn(HeuristicModel model) {
    return TouchpointRanking.revenueCreditColumn(model.columnName());
  }

  @Override
  public Iterator<Row> call(Row journey) {
    String outcome = journey.getAs(Journeys.OUTCOME);
    List<Row> touches = journey.getList(journey.fieldIndex(JourneyTouches.TOUCHES));
    boolean converted = Journeys.CONVERTED.equals(outcome);
    boolean abandoned = Journeys.ABANDONED.equals(outcome);

    // Per touchpoint: heuristic credits, then revenue credits, in model order.
    Map<String, double[]> credits = new LinkedHashMap<>();
    for (Row touch : touches) {
      credits.computeIfAbsent(touch.getString(JourneyTouches.TOUCHPOINT_FIELD), name -> new double[2 * MODELS.length]);
    }
    if (converted) {
      addCredits(journey, touches, credits);
    }

    String exitTouchpoint = abandoned ? touches.get(touches.size() - 1).getString(JourneyTouches.TOUCHPOINT_FIELD) : null;
    List<Row> rows = new ArrayList<>(credits.size());
    credits.forEach(
        (touchpoint, touchpointCredits) -> {
          boolean exit = touchpoint.equals(exitTouchpoint);
          Object[] values = new Object[SCHEMA.size()];
          values[0] = touchpoint;
          values[1] = converted || abandoned ? 1L : 0L;
          values[2] = Journeys.IN_PROGRESS.equals(outcome) ? 1L : 0L;
          values[3] = converted ? 1L : 0L;
          values[4] = exit ? 1L : 0L;
          values[5] = exit ? secondsToExit(touches) : null;
          for (int index = 0; index < touchpointCredits.length; index++) {
            values[6 + index] = touchpointCredits[index];
          }
          rows.add(RowFactory.create(values));
        });
    return rows.iterator();
  }

  private void addCredits(Row journey, List<Row> touches, Map<String, double[]> credits) {
    Object conversionStepTime = journey.getAs(JourneyTouches.CONVERSION_AT);
    if (conversionStepTime == null) {
      throw new IllegalStateException(
          String.format(
              "Journey %s is converted but has no step at its conversion_step: the journeys step must set it",
              journey.<String>getAs(Journeys.JOURNEY_ID)));
    }
    Instant conversionAt = JourneyTouches.instant(conversionStepTime);
    double revenue = journey.getAs(JourneyTouches.CONVERTED_REVENUE);
    List<Instant> touchTimes =
        touches.stream().map(touch -> JourneyTouches.instant(touch.get(JourneyTouches.OCCURRED_AT_FIELD))).toList();
    for (int model = 0; model < MODELS.length; model++) {
      double[] shares = attribution.shares(MODELS[model], touchTimes, conversionAt);
      for (int touch = 0; touch < shares.length; touch++) {
        double[] touchpointCredits = credits.get(touches.get(touch).getString(JourneyTouches.TOUCHPOINT_FIELD));
        touchpointCredits[model] += shares[touch];
        touchpointCredits[MODELS.length + model] += shares[touch] * revenue;
      }
    }
  }

  /** The abandoned journey's duration up to its last event: its first touch to its last. */
  private static long secondsToExit(List<Row> touches) {
    Instant first = JourneyTouches.instant(touches.get(0).get(JourneyTouches.OCCURRED_AT_FIELD));
    Instant last = JourneyTouches.instant(touches.get(touches.size() - 1).get(JourneyTouches.OCCURRED_AT_FIELD));
    return Duration.between(first, last).getSeconds();
  }

  private static StructType schema() {
    StructType schema =
        new StructType()
            .add(TouchpointRanking.TOUCHPOINT, StringType, false)
            .add(CLOSED, LongType, false)
            .add(IN_PROGRESS, LongType, false)
            .add(CONVERTED, LongType, false)
            .add(EXIT, LongType, false)
            .add(SECONDS_TO_EXIT, LongType, true);
    for (HeuristicModel model : MODELS) {
      schema = schema.add(creditColumn(model), DoubleType, false);
    }
    for (HeuristicModel model : MODELS) {
      schema = schema.add(revenueCreditColumn(model), DoubleType, false);
    }
    return schema;
  }
}
