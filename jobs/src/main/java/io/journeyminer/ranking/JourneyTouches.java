package io.journeyminer.ranking;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.journeyminer.journeys.Journeys;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The touches each journey contributes to the ranking (SPEC 5.1 "counting only touches before the
 * conversion in a converted journey"), computed with column expressions on the executors.
 *
 * <ul>
 *   <li>converted: the steps strictly before {@code conversion_step}; when the conversion is the
 *       journey's first event (a walk-in purchase, a direct order) there is none, and the ranking
 *       credits the conversion to {@link #NO_PRIOR_TOUCH};
 *   <li>abandoned and in progress: every step.
 * </ul>
 *
 * Steps are read in the order of the {@code steps} array, which the journeys step writes ordered.
 */
final class JourneyTouches {

  /**
   * The reserved {@code touchpoint_ranking} row credited, in every attribution model, with the
   * conversions that no touch preceded.
   */
  public static final String NO_PRIOR_TOUCH = "__no_prior_touch__";

  /** array of struct(touchpoint, occurred_at), oldest first. */
  static final String TOUCHES = "touches";
  /** occurred_at of the conversion step; null unless converted. */
  static final String CONVERSION_AT = "conversion_at";
  /** The journey's revenue when it converted (null read as 0), else 0. */
  static final String CONVERTED_REVENUE = "converted_revenue";

  /** Positions in a touch struct, for executor code reading rows. */
  static final int TOUCHPOINT_FIELD = 0;
  static final int OCCURRED_AT_FIELD = 1;

  static final List<String> REQUIRED_COLUMNS =
      List.of(Journeys.JOURNEY_ID, Journeys.OUTCOME, Journeys.CONVERSION_STEP, Journeys.REVENUE, Journeys.STEPS);

  private JourneyTouches() {}

  /**
   * One row per journey with a known outcome: {@code journey_id}, {@code outcome}, {@link
   * #TOUCHES}, {@link #CONVERSION_AT}, {@link #CONVERTED_REVENUE}. {@link #TOUCHES} is empty only
   * for a converted journey whose conversion is its first event ({@link #touched()} tells them
   * apart).
   */
  static Dataset<Row> of(Dataset<Row> journeys) {
    List<String> missing =
        REQUIRED_COLUMNS.stream().filter(name -> !List.of(journeys.columns()).contains(name)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot rank touchpoints: the journeys dataset lacks column(s) " + missing + "; it must follow Journeys.WITH_STEPS");
    }
    Column steps = col(Journeys.STEPS);
    Column conversionStep = col(Journeys.CONVERSION_STEP);
    Column beforeConversion = filter(steps, step -> step.getField(Journeys.STEP).lt(conversionStep));
    Column conversionEvent = filter(steps, step -> step.getField(Journeys.STEP).equalTo(conversionStep));
    Column converted = col(Journeys.OUTCOME).equalTo(Journeys.CONVERTED);
    Column touchSteps = when(converted.and(conversionStep.isNotNull()), beforeConversion).otherwise(steps);
    Column touches =
        transform(
            touchSteps,
            step ->
                struct(
                    step.getField(Journeys.TOUCHPOINT).as(Journeys.TOUCHPOINT),
                    step.getField(Journeys.OCCURRED_AT).as(Journeys.OCCURRED_AT)));
    return journeys
        .filter(col(Journeys.OUTCOME).isin(Journeys.CONVERTED, Journeys.ABANDONED, Journeys.IN_PROGRESS))
        .select(
            col(Journeys.JOURNEY_ID),
            col(Journeys.OUTCOME),
            touches.as(TOUCHES),
            when(converted, get(conversionEvent, lit(0)).getField(Journeys.OCCURRED_AT)).as(CONVERSION_AT),
            when(converted, coalesce(col(Journeys.REVENUE), lit(0.0))).otherwise(lit(0.0)).as(CONVERTED_REVENUE));
  }

  /** Journeys with at least one touch: the population of every ranking figure. */
  static Column touched() {
    return size(col(TOUCHES)).gt(0);
  }

  /** Converted and abandoned journeys: the only ones in any rate's denominator. */
  static Column closed() {
    return col(Journeys.OUTCOME).isin(Journeys.CONVERTED, Journeys.ABANDONED);
  }

  static Column converted() {
    return col(Journeys.OUTCOME).equalTo(Journeys.CONVERTED);
  }

  /** The touchpoint names of {@link #TOUCHES}, in order. */
  static Column touchpointNames() {
    return transform(col(TOUCHES), touch -> touch.getField(Journeys.TOUCHPOINT));
  }

  /** A timestamp as Spark hands it to executor code (legacy or java.time API). */
  static Instant instant(Object value) {
    return value instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) value;
  }
}
