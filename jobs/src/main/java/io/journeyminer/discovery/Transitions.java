package io.journeyminer.discovery;

import static io.journeyminer.journeys.Journeys.ABANDONED;
import static io.journeyminer.journeys.Journeys.CONVERTED;
import static io.journeyminer.journeys.Journeys.IN_PROGRESS;
import static io.journeyminer.journeys.Journeys.OCCURRED_AT;
import static io.journeyminer.journeys.Journeys.OUTCOME;
import static io.journeyminer.journeys.Journeys.STEPS;
import static io.journeyminer.journeys.Journeys.TOUCHPOINT;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.zip_with;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.journeyminer.config.AnalysisConfig;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The directly-follows graph of the observed journeys: the {@code transitions} table (SPEC 5).
 *
 * <p>Every journey contributes the edges {@code __start__ -> first touchpoint}, one edge per
 * consecutive pair of steps, and {@code last touchpoint -> __end__}; so for every touchpoint the
 * counts flowing in equal the counts flowing out, which a process map needs. In-progress journeys
 * get an {@code __end__} edge too (their observed trace ends there); {@code in_progress_journeys}
 * says how many of an edge's journeys are still open, and they never enter {@code
 * conversion_rate}.
 *
 * <p>Times: {@code median_seconds} and {@code p90_seconds} are the time from one step to the next
 * (fractions of a second kept), by {@code percentile_approx} so that memory stays bounded on hot
 * edges; on small edges it returns an observed value (the lower middle one for an even count).
 * Edges from {@code __start__} and to {@code __end__} have no duration and carry null, not 0, so
 * that nobody averages a made-up zero into a figure.
 *
 * <p>With {@code collapse_repeats} on, immediate repeats of a touchpoint are read as one step (as
 * in {@link Variants}): {@code A A B} gives {@code __start__ -> A -> B -> __end__} without the
 * {@code A -> A} self-loop, and the time of {@code A -> B} runs from the first {@code A}, so the
 * times along a journey's path still add up to its duration.
 *
 * <p>Cost (SPEC 9): the journeys already carry their ordered steps, so the edges are derived
 * inside each journey row with array functions (narrow), followed by a single aggregation by
 * {@code (from_touchpoint, to_touchpoint)}: one shuffle, no window over events, no distinct
 * aggregate.
 */
public final class Transitions {

  public static final String TABLE = "transitions";

  /** Pseudo touchpoints that open and close every journey in the graph. */
  public static final String START = "__start__";

  public static final String END = "__end__";

  public static final String FROM_TOUCHPOINT = "from_touchpoint";
  public static final String TO_TOUCHPOINT = "to_touchpoint";
  /** Occurrences of the edge, a journey that loops counting each time. */
  public static final String COUNT = "count";
  /** Distinct journeys using the edge at least once. */
  public static final String JOURNEYS = "journeys";

  public static final String MEDIAN_SECONDS = "median_seconds";
  public static final String P90_SECONDS = "p90_seconds";
  /** converted / (converted + abandoned) over the edge's journeys; null when none is closed. */
  public static final String CONVERSION_RATE = "conversion_rate";

  public static final String CONVERTED_JOURNEYS = "converted_journeys";
  public static final String ABANDONED_JOURNEYS = "abandoned_journeys";
  public static final String IN_PROGRESS_JOURNEYS = "in_progress_journeys";

  /** Column order and types; every column nullable, as Spark writes Parquet columns anyway. */
  public static final StructType SCHEMA =
      new StructType()
          .add(FROM_TOUCHPOINT, StringType)
          .add(TO_TOUCHPOINT, StringType)
          .add(COUNT, LongType)
          .add(JOURNEYS, LongType)
          .add(MEDIAN_SECONDS, DoubleType)
          .add(P90_SECONDS, DoubleType)
          .add(CONVERSION_RATE, DoubleType)
          .add(CONVERTED_JOURNEYS, LongType)
          .add(ABANDONED_JOURNEYS, LongType)
          .add(IN_PROGRESS_JOURNEYS, LongType);

  /** Accuracy of {@code percentile_approx}: relative rank error at most 1/10,000. */
  static final int PERCENTILE_ACCURACY = 10_000;

  private static final String EDGE = "edge";
  private static final String EDGES = "edges";
  private static final String FROM = "from";
  private static final String TO = "to";
  private static final String SECONDS = "seconds";
  private static final String LAST_IN_JOURNEY = "last_in_journey";
  private static final String PERCENTILES = "percentiles";

  private final AnalysisConfig analysis;

  public Transitions(AnalysisConfig analysis) {
    this.analysis = Objects.requireNonNull(analysis, "analysis");
  }

  /** The {@code transitions} table from journeys with schema {@code Journeys.WITH_STEPS}. */
  public Dataset<Row> compute(Dataset<Row> journeys) {
    Dataset<Row> sortedEdges =
        journeys.select(col(OUTCOME), array_sort(edgesOf(steps())).as(EDGES));
    Column edge = col(EDGE);
    Column journeyUsesEdge = edge.getField(LAST_IN_JOURNEY);
    return sortedEdges
        .select(col(OUTCOME), explode(markLastInJourney(col(EDGES))).as(EDGE))
        .groupBy(edge.getField(FROM).as(FROM_TOUCHPOINT), edge.getField(TO).as(TO_TOUCHPOINT))
        .agg(
            count(lit(1)).as(COUNT),
            count_if(journeyUsesEdge).as(JOURNEYS),
            percentile_approx(
                    edge.getField(SECONDS), lit(new double[] {0.5, 0.9}), lit(PERCENTILE_ACCURACY))
                .as(PERCENTILES),
            count_if(journeyUsesEdge.and(col(OUTCOME).equalTo(CONVERTED))).as(CONVERTED_JOURNEYS),
            count_if(journeyUsesEdge.and(col(OUTCOME).equalTo(ABANDONED))).as(ABANDONED_JOURNEYS),
            count_if(journeyUsesEdge.and(col(OUTCOME).equalTo(IN_PROGRESS)))
                .as(IN_PROGRESS_JOURNEYS))
        .select(
            col(FROM_TOUCHPOINT),
            col(TO_TOUCHPOINT),
            col(COUNT),
            col(JOURNEYS),
            col(PERCENTILES).getItem(0).as(MEDIAN_SECONDS),
            col(PERCENTILES).getItem(1).as(P90_SECONDS),
            conversionRate(col(CONVERTED_JOURNEYS), col(ABANDONED_JOURNEYS)).as(CONVERSION_RATE),
            col(CONVERTED_JOURNEYS),
            col(ABANDONED_JOURNEYS),
            col(IN_PROGRESS_JOURNEYS))
        .to(SCHEMA);
  }

  /** converted / (converted + abandoned), null when no journey is closed. */
  static Column conversionRate(Column converted, Column abandoned) {
    Column closed = converted.plus(abandoned);
    return when(closed.gt(0), converted.cast(DoubleType).divide(closed));
  }

  private Column steps() {
    return analysis.collapseRepeats()
        ? Sequences.collapseRepeats(col(STEPS), step -> step.getField(TOUCHPOINT))
        : col(STEPS);
  }

  /** {@code __start__ -> s1 -> ... -> sn -> __end__} as (from, to, seconds) structs. */
  private static Column edgesOf(Column steps) {
    Column nodes =
        transform(steps, step -> node(step.getField(TOUCHPOINT), step.getField(OCCURRED_AT)));
    Column noTime = lit(null).cast(TimestampType);
    Column froms = concat(array(node(lit(START), noTime)), nodes);
    Column tos = concat(nodes, array(node(lit(END), noTime)));
    return zip_with(
        froms,
        tos,
        (from, to) ->
            struct(
                from.getField(TOUCHPOINT).as(FROM),
                to.getField(TOUCHPOINT).as(TO),
                Sequences.secondsBetween(from.getField(OCCURRED_AT), to.getField(OCCURRED_AT))
                    .as(SECONDS)));
  }

  private static Column node(Column touchpoint, Column occurredAt) {
    return struct(touchpoint.as(TOUCHPOINT), occurredAt.as(OCCURRED_AT));
  }

  /**
   * Flags, in edges sorted by (from, to), the last occurrence of each edge: one flag per journey
   * and edge, which counts distinct journeys without a distinct aggregate (a second shuffle).
   * Comparing each edge with the next one avoids indexing into the array, linear after the sort.
   */
  private static Column markLastInJourney(Column sortedEdges) {
    Column next = slice(sortedEdges, lit(2), size(sortedEdges));
    return zip_with(
        sortedEdges,
        next,
        (edge, following) ->
            struct(
                edge.getField(FROM).as(FROM),
                edge.getField(TO).as(TO),
                edge.getField(SECONDS).as(SECONDS),
                not(edge.getField(FROM)
                        .eqNullSafe(following.getField(FROM))
                        .and(edge.getField(TO).eqNullSafe(following.getField(TO))))
                    .as(LAST_IN_JOURNEY)));
  }
}
