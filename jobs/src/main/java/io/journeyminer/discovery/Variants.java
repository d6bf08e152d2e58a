package io.journeyminer.discovery;

import static io.journeyminer.journeys.Journeys.ABANDONED;
import static io.journeyminer.journeys.Journeys.CONVERTED;
import static io.journeyminer.journeys.Journeys.DURATION_SECONDS;
import static io.journeyminer.journeys.Journeys.IN_PROGRESS;
import static io.journeyminer.journeys.Journeys.OUTCOME;
import static org.apache.spark.sql.functions.any_value;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.bool_and;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.journeys.Journeys;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Distinct touchpoint sequences of the observed journeys: the {@code variants} table (SPEC 5).
 *
 * <p>With {@code collapse_repeats} on, immediate repeats are read as one touchpoint ({@code A A B}
 * is the variant {@code A B}) and {@code variant_id} is the hash of the collapsed sequence. The
 * journey builder computes {@code journeys.variant_id} the same way on the executors
 * ({@code JourneyBuilder.variantId}); TestVariants and TestJourneyBuilder pin both to the same
 * plain SHA-256 so the tables keep joining on it.
 *
 * <p>Rates and durations are over closed journeys (converted + abandoned): an in-progress
 * journey's duration is cut short by {@code as_of}, so it enters neither {@code conversion_rate}
 * nor {@code median_duration_seconds}; the three outcome counts are shown beside. {@code share}
 * is over all journeys, in progress included, so that the shares add up to 1.
 *
 * <p>{@code conforms} is the journeys' own {@code conforms} value, the same for every journey of a
 * variant; should they ever differ the variant conforms only if all of them do.
 *
 * <p>Cost: one aggregation by {@code variant_id} (one shuffle, partially aggregated before it),
 * plus a row count of the input for {@code share}; pass journeys read from storage or cached, as
 * every later aggregate does, so that counting them does not rebuild them.
 */
public final class Variants {

  public static final String TABLE = "variants";

  public static final String VARIANT_ID = "variant_id";
  public static final String TOUCHPOINTS = Journeys.TOUCHPOINTS;
  /** Journeys following the variant, in progress included. */
  public static final String JOURNEYS = "journeys";
  /** journeys / all journeys of the run. */
  public static final String SHARE = "share";

  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String MEDIAN_DURATION_SECONDS = "median_duration_seconds";
  public static final String CONFORMS = Journeys.CONFORMS;
  /** Mean alignment fitness of the variant's journeys; null while any of them has none. */
  public static final String FITNESS = Journeys.FITNESS;
  public static final String CONVERTED_JOURNEYS = "converted_journeys";
  public static final String ABANDONED_JOURNEYS = "abandoned_journeys";
  public static final String IN_PROGRESS_JOURNEYS = "in_progress_journeys";

  /** Column order and types; every column nullable, as Spark writes Parquet columns anyway. */
  public static final StructType SCHEMA =
      new StructType()
          .add(VARIANT_ID, StringType)
          .add(TOUCHPOINTS, createArrayType(StringType))
          .add(JOURNEYS, LongType)
          .add(SHARE, DoubleType)
          .add(CONVERSION_RATE, DoubleType)
          .add(MEDIAN_DURATION_SECONDS, DoubleType)
          .add(CONFORMS, BooleanType)
          .add(FITNESS, DoubleType)
          .add(CONVERTED_JOURNEYS, LongType)
          .add(ABANDONED_JOURNEYS, LongType)
          .add(IN_PROGRESS_JOURNEYS, LongType);

  /** {@link #SCHEMA} without {@code conforms} and {@code fitness}: what {@link #withConformance} replaces. */
  public static final StructType WITHOUT_CONFORMANCE =
      new StructType(
          java.util.Arrays.stream(SCHEMA.fields())
              .filter(field -> !field.name().equals(CONFORMS) && !field.name().equals(FITNESS))
              .toArray(org.apache.spark.sql.types.StructField[]::new));

  /** Joins touchpoint names before hashing; a control character no touchpoint name contains. */
  public static final String SEPARATOR = "\u001f";

  private static final int VARIANT_ID_LENGTH = 16;

  private final AnalysisConfig analysis;

  public Variants(AnalysisConfig analysis) {
    this.analysis = Objects.requireNonNull(analysis, "analysis");
  }

  /**
   * Stable id of a touchpoint sequence: the first 16 hex characters of the SHA-256 of the names
   * joined by {@link #SEPARATOR}. The same sequence has the same id in every run.
   */
  public static Column variantId(Column touchpoints) {
    return substring(sha2(concat_ws(SEPARATOR, touchpoints), 256), 1, VARIANT_ID_LENGTH);
  }

  /** The sequence a journey's variant is made of: its touchpoints, repeats collapsed if asked. */
  public static Column variantTouchpoints(Column touchpoints, AnalysisConfig analysis) {
    return analysis.collapseRepeats()
        ? Sequences.collapseRepeats(touchpoints, UnaryOperator.identity())
        : touchpoints;
  }

  /** A variant conforms when all its journeys do (null while one of them is unknown). */
  private static Column conforms() {
    return when(count_if(col(CONFORMS).isNull()).gt(0), lit(null).cast(BooleanType)).otherwise(bool_and(col(CONFORMS)));
  }

  /** Mean fitness of the variant's journeys, null while any of them has none (not aligned). */
  private static Column fitness() {
    // Journeys of one sequence share one fitness; taking it as is (not averaged) keeps it exact.
    return when(count_if(col(FITNESS).isNull()).gt(0), lit(null).cast(DoubleType))
        .when(min(col(FITNESS)).equalTo(max(col(FITNESS))), min(col(FITNESS)))
        .otherwise(avg(col(FITNESS)));
  }

  /**
   * Published variants with {@code conforms} and {@code fitness} taken from journeys that now carry
   * them (the standalone {@code conform} step): one aggregation of the journeys by variant, joined
   * on {@code variant_id}; every other column is kept as published.
   */
  public static Dataset<Row> withConformance(Dataset<Row> variants, Dataset<Row> journeys) {
    Dataset<Row> byVariant =
        journeys.groupBy(col(Journeys.VARIANT_ID).as(VARIANT_ID)).agg(conforms().as(CONFORMS), fitness().as(FITNESS));
    Column[] columns =
        java.util.Arrays.stream(SCHEMA.fieldNames())
            .map(name -> name.equals(CONFORMS) || name.equals(FITNESS) ? byVariant.col(name) : variants.col(name))
            .toArray(Column[]::new);
    return variants.join(byVariant, variants.col(VARIANT_ID).equalTo(byVariant.col(VARIANT_ID)), "left").select(columns).to(SCHEMA);
  }

  /** The {@code variants} table from journeys with schema {@code Journeys.WITH_STEPS}. */
  public Dataset<Row> compute(Dataset<Row> journeys) {
    Column outcome = col(OUTCOME);
    Column closed = outcome.equalTo(CONVERTED).or(outcome.equalTo(ABANDONED));
    Dataset<Row> counted =
        journeys
            .select(
                variantTouchpoints(col(TOUCHPOINTS), analysis).as(TOUCHPOINTS),
                outcome,
                col(DURATION_SECONDS),
                col(CONFORMS),
                col(FITNESS))
            .withColumn(VARIANT_ID, variantId(col(TOUCHPOINTS)))
            .groupBy(VARIANT_ID)
            .agg(
                any_value(col(TOUCHPOINTS)).as(TOUCHPOINTS),
                count(lit(1)).as(JOURNEYS),
                percentile_approx(
                        when(closed, col(DURATION_SECONDS)),
                        lit(0.5),
                        lit(Transitions.PERCENTILE_ACCURACY))
                    .as(MEDIAN_DURATION_SECONDS),
                conforms().as(CONFORMS),
                fitness().as(FITNESS),
                count_if(outcome.equalTo(CONVERTED)).as(CONVERTED_JOURNEYS),
                count_if(outcome.equalTo(ABANDONED)).as(ABANDONED_JOURNEYS),
                count_if(outcome.equalTo(IN_PROGRESS)).as(IN_PROGRESS_JOURNEYS));
    // A scalar subquery that only counts rows (cheap on Parquet): no join, no single-partition
    // window over the variants.
    Column allJourneys = journeys.select(count(lit(1))).scalar();
    return counted
        .select(
            col(VARIANT_ID),
            col(TOUCHPOINTS),
            col(JOURNEYS),
            col(JOURNEYS).cast(DoubleType).divide(allJourneys).as(SHARE),
            Transitions.conversionRate(col(CONVERTED_JOURNEYS), col(ABANDONED_JOURNEYS))
                .as(CONVERSION_RATE),
            col(MEDIAN_DURATION_SECONDS).cast(DoubleType).as(MEDIAN_DURATION_SECONDS),
            col(CONFORMS),
            col(FITNESS),
            col(CONVERTED_JOURNEYS),
            col(ABANDONED_JOURNEYS),
            col(IN_PROGRESS_JOURNEYS))
        .to(SCHEMA);
  }
}
