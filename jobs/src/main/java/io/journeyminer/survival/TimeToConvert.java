package io.journeyminer.survival;

import static io.journeyminer.journeys.Journeys.CONVERSION_STEP;
import static io.journeyminer.journeys.Journeys.CONVERTED;
import static io.journeyminer.journeys.Journeys.ENDED_AT;
import static io.journeyminer.journeys.Journeys.IN_PROGRESS;
import static io.journeyminer.journeys.Journeys.OCCURRED_AT;
import static io.journeyminer.journeys.Journeys.OUTCOME;
import static io.journeyminer.journeys.Journeys.STARTED_AT;
import static io.journeyminer.journeys.Journeys.STEP;
import static io.journeyminer.journeys.Journeys.STEPS;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.journeys.Journeys;
import io.journeyminer.stages.StageSummary;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code time_to_convert} table: Kaplan-Meier curves of the probability of having converted
 * by day d since a journey's first touch, overall, per stage reached and per segment, with
 * Greenwood bands, the median where the curve reaches 0.5, the number at risk at each step and a
 * log-rank test between the values of each segment type.
 *
 * <p>Time is counted in whole days since {@code started_at} (floor). A converted journey is an
 * event at its conversion step (not at {@code ended_at}, which may lie after it when
 * after-conversion touches follow). Journeys still on the way are right-censored, never dropped:
 * an abandoned journey at its last event, an in-progress one at {@code as_of}. Median times over
 * converted journeys alone, which most journey tools show, ignore them and so understate the wait
 * whenever many journeys are still open; the table shows that naive median beside the Kaplan-Meier
 * one.
 *
 * <p>Segments: {@code all}; {@code stage_reached} (one curve per stage the journey had an event
 * in, up to its conversion; a journey is in several, so these curves are not tested against
 * each other); {@code first_touch_channel} and {@code attribute:<name>} as in {@code
 * stage_summary}. The log-rank columns compare the curves of one segment type and are repeated on
 * each of its rows; null for {@code all} and {@code stage_reached}.
 *
 * <p>Cost: one pass over the journeys with array functions, one shuffle aggregating (segment,
 * day) to event and censoring counts, and one collect of those aggregates, whose size is segments
 * times distinct days, independent of the number of journeys; the curves and tests are computed
 * from them on the driver and the (equally small) result is turned back into a Dataset.
 */
public final class TimeToConvert {

  public static final String TABLE = "time_to_convert";

  public static final String SEGMENT_TYPE = StageSummary.SEGMENT_TYPE;
  public static final String SEGMENT_VALUE = StageSummary.SEGMENT_VALUE;
  public static final String STAGE_REACHED_SEGMENT = "stage_reached";
  public static final String DAY = "day";
  public static final String AT_RISK = "at_risk";
  public static final String CONVERTED_JOURNEYS = "converted";
  public static final String CENSORED = "censored";
  public static final String PROBABILITY_CONVERTED = "probability_converted";
  public static final String CI_LOW = "ci_low";
  public static final String CI_HIGH = "ci_high";
  public static final String STD_ERROR = "std_error";
  public static final String JOURNEYS = "journeys";
  public static final String CONVERSIONS = "conversions";
  public static final String MEDIAN_DAYS = "median_days";
  public static final String NAIVE_MEDIAN_DAYS = "naive_median_days";
  public static final String LOG_RANK_CHI_SQUARED = "log_rank_chi_squared";
  public static final String LOG_RANK_DF = "log_rank_df";
  public static final String LOG_RANK_P_VALUE = "log_rank_p_value";

  public static final StructType SCHEMA =
      new StructType()
          .add(SEGMENT_TYPE, StringType)
          .add(SEGMENT_VALUE, StringType)
          .add(DAY, IntegerType)
          .add(AT_RISK, LongType)
          .add(CONVERTED_JOURNEYS, LongType)
          .add(CENSORED, LongType)
          .add(PROBABILITY_CONVERTED, DoubleType)
          .add(CI_LOW, DoubleType)
          .add(CI_HIGH, DoubleType)
          .add(STD_ERROR, DoubleType)
          .add(JOURNEYS, LongType)
          .add(CONVERSIONS, LongType)
          .add(MEDIAN_DAYS, DoubleType)
          .add(NAIVE_MEDIAN_DAYS, DoubleType)
          .add(LOG_RANK_CHI_SQUARED, DoubleType)
          .add(LOG_RANK_DF, IntegerType)
          .add(LOG_RANK_P_VALUE, DoubleType);

  private static final double MICROS_PER_DAY = 86_400_000_000.0;
  private static final String SEGMENT = "segment";
  private static final String IS_EVENT = "is_event";
  private static final String EVENTS = "events";

  private final AnalysisConfig analysis;
  private final Instant asOf;

  public TimeToConvert(AnalysisConfig analysis, Instant asOf) {
    this.analysis = Objects.requireNonNull(analysis, "analysis");
    this.asOf = Objects.requireNonNull(asOf, "asOf");
  }

  /** The table from journeys with schema {@code Journeys.WITH_STEPS}. */
  public Dataset<Row> compute(Dataset<Row> journeys) {
    Column outcome = col(OUTCOME);
    Column conversionAt = try_element_at(col(STEPS), col(CONVERSION_STEP)).getField(OCCURRED_AT);
    Column lastSeen =
        when(outcome.equalTo(CONVERTED), coalesce(conversionAt, col(ENDED_AT)))
            .when(outcome.equalTo(IN_PROGRESS), greatest(col(ENDED_AT), lit(Timestamp.from(asOf))))
            .otherwise(col(ENDED_AT));
    Column day =
        greatest(
                lit(0L),
                floor(unix_micros(lastSeen).minus(unix_micros(col(STARTED_AT))).divide(lit(MICROS_PER_DAY))))
            .cast(IntegerType);
    Column stagesReached =
        array_distinct(
            transform(
                filter(
                    col(STEPS),
                    step ->
                        step.getField(Journeys.STAGE)
                            .isNotNull()
                            .and(col(CONVERSION_STEP).isNull().or(step.getField(STEP).leq(col(CONVERSION_STEP))))),
                step -> StageSummary.segment(lit(STAGE_REACHED_SEGMENT), step.getField(Journeys.STAGE))));
    List<Row> counts =
        journeys
            .select(
                explode(concat(StageSummary.segments(analysis.segmentAttributes()), stagesReached)).as(SEGMENT),
                day.as(DAY),
                outcome.equalTo(CONVERTED).as(IS_EVENT))
            .groupBy(
                col(SEGMENT).getField(StageSummary.TYPE).as(SEGMENT_TYPE),
                col(SEGMENT).getField(StageSummary.VALUE).as(SEGMENT_VALUE),
                col(DAY))
            .agg(count_if(col(IS_EVENT)).as(EVENTS), count_if(col(IS_EVENT).unary_$bang()).as(CENSORED))
            .collectAsList();
    Map<String, Map<String, List<TimeCount>>> byType = new LinkedHashMap<>();
    for (Row row : counts) {
      byType
          .computeIfAbsent(row.getAs(SEGMENT_TYPE), type -> new LinkedHashMap<>())
          .computeIfAbsent(row.getAs(SEGMENT_VALUE), value -> new ArrayList<>())
          .add(new TimeCount(row.<Integer>getAs(DAY), row.<Long>getAs(EVENTS), row.<Long>getAs(CENSORED)));
    }
    List<Row> table = new ArrayList<>();
    byType.forEach((type, groups) -> table.addAll(rows(type, groups)));
    return journeys.sparkSession().createDataFrame(table, SCHEMA);
  }

  private List<Row> rows(String type, Map<String, List<TimeCount>> groups) {
    boolean comparable = !type.equals(StageSummary.ALL) && !type.equals(STAGE_REACHED_SEGMENT);
    Optional<LogRank> logRank = comparable ? LogRank.test(groups) : Optional.empty();
    List<Row> rows = new ArrayList<>();
    groups.forEach(
        (value, counts) -> {
          KaplanMeier curve = KaplanMeier.fit(counts, analysis.confidenceLevel());
          for (KaplanMeier.Step step : curve.steps()) {
            rows.add(
                RowFactory.create(
                    type,
                    value,
                    (int) step.time(),
                    step.atRisk(),
                    step.events(),
                    step.censored(),
                    step.converted(),
                    orNull(1 - step.upper()),
                    orNull(1 - step.lower()),
                    orNull(step.standardError()),
                    curve.subjects(),
                    curve.events(),
                    orNull(curve.median()),
                    orNull(curve.naiveMedian()),
                    logRank.map(LogRank::chiSquared).orElse(null),
                    logRank.map(LogRank::degreesOfFreedom).orElse(null),
                    logRank.map(LogRank::pValue).orElse(null)));
          }
        });
    return rows;
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }

  private static Double orNull(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
