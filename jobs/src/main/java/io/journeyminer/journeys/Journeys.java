package io.journeyminer.journeys;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the journey tables (SPEC 5: {@code journeys}, {@code journey_steps}).
 *
 * <p>The journey step's output, {@link #WITH_STEPS}, is one row per journey carrying its ordered
 * steps as an array: the single ordered pass by customer (SPEC 9) writes it once, and every later
 * aggregate (transitions, variants, ranking, stages) reads it instead of scanning {@code events}
 * again. The published {@code journeys} table is {@link #WITH_STEPS} without {@link #STEPS};
 * {@code journey_steps} is {@link #STEPS} exploded.
 */
public final class Journeys {

  public static final String TABLE = "journeys";
  public static final String STEPS_TABLE = "journey_steps";

  public static final String CONVERTED = "converted";
  public static final String ABANDONED = "abandoned";
  public static final String IN_PROGRESS = "in_progress";

  public static final String JOURNEY_ID = "journey_id";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String STARTED_AT = "started_at";
  public static final String ENDED_AT = "ended_at";
  public static final String OUTCOME = "outcome";
  public static final String EVENT_COUNT = "event_count";
  public static final String TOUCHPOINTS = "touchpoints";
  public static final String STAGES = "stages";
  public static final String FURTHEST_STAGE = "furthest_stage";
  public static final String VARIANT_ID = "variant_id";
  public static final String DURATION_SECONDS = "duration_seconds";
  public static final String REVENUE = "revenue";
  /**
   * Stage-order conformance as the journey builder finds it; the conformance step replaces it by
   * {@code fitness = 1} against the intended model (null while the journey's variant is over budget).
   */
  public static final String CONFORMS = "conforms";
  /** Alignment fitness against the intended model; filled by the conformance step, else null. */
  public static final String FITNESS = "fitness";
  /** Channel of the first step: the stage summary's first-touch segment. */
  public static final String FIRST_TOUCH_CHANNEL = "first_touch_channel";
  /** Attributes of the journey's first event that carries each: segments of the stage summary. */
  public static final String ATTRIBUTES = "attributes";
  /** 1-based step of the first conversion; null when the journey has none. */
  public static final String CONVERSION_STEP = "conversion_step";
  public static final String STEPS = "steps";

  /** Fields of one element of {@link #STEPS}, and (with {@code journey_id}) of journey_steps. */
  public static final String STEP = "step";
  public static final String EVENT_ID = "event_id";
  public static final String TOUCHPOINT = "touchpoint";
  public static final String STAGE = "stage";
  public static final String CHANNEL = "channel";
  public static final String OCCURRED_AT = "occurred_at";
  public static final String SECONDS_SINCE_PREVIOUS = "seconds_since_previous";
  public static final String IS_CONVERSION = "is_conversion";

  public static final StructType STEP_SCHEMA =
      new StructType()
          .add(STEP, IntegerType, false)
          .add(EVENT_ID, StringType, false)
          .add(TOUCHPOINT, StringType, false)
          .add(STAGE, StringType, true)
          .add(CHANNEL, StringType, true)
          .add(OCCURRED_AT, TimestampType, false)
          .add(SECONDS_SINCE_PREVIOUS, LongType, true)
          .add(IS_CONVERSION, BooleanType, false)
          .add(REVENUE, DoubleType, true);

  public static final StructType WITH_STEPS =
      new StructType()
          .add(JOURNEY_ID, StringType, false)
          .add(CUSTOMER_ID, StringType, false)
          .add(STARTED_AT, TimestampType, false)
          .add(ENDED_AT, TimestampType, false)
          .add(OUTCOME, StringType, false)
          .add(EVENT_COUNT, IntegerType, false)
          .add(TOUCHPOINTS, createArrayType(StringType, false), false)
          .add(STAGES, createArrayType(StringType, true), false)
          .add(FURTHEST_STAGE, StringType, true)
          .add(VARIANT_ID, StringType, false)
          .add(DURATION_SECONDS, LongType, false)
          .add(REVENUE, DoubleType, true)
          .add(CONFORMS, BooleanType, true)
          .add(FITNESS, DoubleType, true)
          .add(FIRST_TOUCH_CHANNEL, StringType, true)
          .add(ATTRIBUTES, createMapType(StringType, StringType, true), false)
          .add(CONVERSION_STEP, IntegerType, true)
          .add(STEPS, createArrayType(STEP_SCHEMA, false), false);

  /** The published {@code journeys} table: {@link #WITH_STEPS} without the steps. */
  public static final StructType TABLE_SCHEMA = drop(WITH_STEPS, STEPS);

  /** The published {@code journey_steps} table: the journey id and the fields of a step. */
  public static final StructType STEPS_TABLE_SCHEMA = stepsTableSchema();

  private Journeys() {}

  private static StructType drop(StructType schema, String field) {
    StructType result = new StructType();
    for (var f : schema.fields()) {
      if (!f.name().equals(field)) {
        result = result.add(f);
      }
    }
    return result;
  }

  private static StructType stepsTableSchema() {
    StructType result = new StructType().add(JOURNEY_ID, StringType, false);
    for (String name : new String[] {STEP, TOUCHPOINT, STAGE, OCCURRED_AT, SECONDS_SINCE_PREVIOUS, EVENT_ID, CHANNEL, IS_CONVERSION, REVENUE}) {
      result = result.add(STEP_SCHEMA.apply(name));
    }
    return result;
  }
}
