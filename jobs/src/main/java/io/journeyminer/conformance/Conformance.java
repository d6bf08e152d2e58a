package io.journeyminer.conformance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.config.JourneyMap;
import io.journeyminer.discovery.Variants;
import io.journeyminer.journeys.Journeys;
import io.journeyminer.ranking.WilsonInterval;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Conformance of the observed journeys against the intended journey (SPEC 4, 5): one cost-optimal
 * alignment per distinct touchpoint sequence, stage deviations against the journey map, and the
 * {@code conformance_deviations} and {@code conformance_summary} tables.
 *
 * <p>Cost, in Spark actions and shuffles:
 *
 * <ol>
 *   <li>one aggregation of the journeys by touchpoint sequence (a shuffle, partially aggregated
 *       before it); the distinct sequences are then spread round-robin over
 *       {@code 4 x defaultParallelism} partitions (a second, small shuffle), because the aggregation's
 *       output is small enough for adaptive execution to put it in one task otherwise;
 *   <li>the reachability graph of the net is computed on the driver and broadcast once; each
 *       executor aligns its sequences one by one ({@link Aligner}) and finds their stage deviations
 *       ({@link StageDeviations}), persisted (memory and disk) as the per-sequence result;
 *   <li>one action collects a single row of totals for the summary, and the deviation rows are an
 *       aggregation of the exploded per-sequence deviations (kinds x touchpoints x stages rows);
 *   <li>journeys get their fitness by a join with the per-sequence result on a hash of the sequence
 *       (broadcast by adaptive execution when the sequences are few).
 * </ol>
 *
 * Nothing per journey or per event reaches the driver.
 */
public final class Conformance {

  public static final String DEVIATIONS_TABLE = "conformance_deviations";
  public static final String SUMMARY_TABLE = "conformance_summary";

  public static final String LOG_MOVE = "log_move";
  public static final String MODEL_MOVE = "model_move";

  static final String TRACE_KEY = "trace_key";
  static final String JOURNEYS = "journeys";
  static final String CLOSED = "closed";
  static final String CONVERTED = "converted";
  static final String COST = "cost";
  static final String WORST_COST = "worst_cost";
  static final String FITNESS = "fitness";
  static final String OVER_BUDGET = "over_budget";
  static final String EXPANDED_STATES = "expanded_states";
  static final String DEVIATIONS = "deviations";

  static final StructType DEVIATION =
      new StructType()
          .add("kind", StringType, false)
          .add("touchpoint", StringType, true)
          .add("stage", StringType, true)
          .add("occurrences", IntegerType, false);

  /** One row per distinct touchpoint sequence: its journeys, its alignment and its deviations. */
  static final StructType TRACES =
      new StructType()
          .add(TRACE_KEY, StringType, false)
          .add(Journeys.TOUCHPOINTS, createArrayType(StringType, false), false)
          .add(JOURNEYS, LongType, false)
          .add(CLOSED, LongType, false)
          .add(CONVERTED, LongType, false)
          .add(COST, IntegerType, true)
          .add(WORST_COST, IntegerType, false)
          .add(FITNESS, DoubleType, true)
          .add(OVER_BUDGET, BooleanType, false)
          .add(EXPANDED_STATES, LongType, false)
          .add(DEVIATIONS, createArrayType(DEVIATION, false), false);

  public static final StructType DEVIATIONS_SCHEMA =
      new StructType()
          .add("kind", StringType)
          .add("touchpoint", StringType)
          .add("stage", StringType)
          .add("journeys", LongType)
          .add("share", DoubleType)
          .add("occurrences", LongType)
          .add("closed_with", LongType)
          .add("conversion_rate_with", DoubleType)
          .add("ci_low_with", DoubleType)
          .add("ci_high_with", DoubleType)
          .add("closed_without", LongType)
          .add("conversion_rate_without", DoubleType)
          .add("ci_low_without", DoubleType)
          .add("ci_high_without", DoubleType);

  public static final StructType SUMMARY_SCHEMA =
      new StructType()
          .add("model", StringType)
          .add("journeys", LongType)
          .add("variants", LongType)
          .add("variants_aligned", LongType)
          .add("variants_over_budget", LongType)
          .add("journeys_over_budget", LongType)
          .add("log_fitness", DoubleType)
          .add("mean_fitness", DoubleType)
          .add("fitting_journeys", LongType)
          .add("conforming_share", DoubleType)
          .add("closed_fitting", LongType)
          .add("conversion_rate_fitting", DoubleType)
          .add("ci_low_fitting", DoubleType)
          .add("ci_high_fitting", DoubleType)
          .add("closed_deviating", LongType)
          .add("conversion_rate_deviating", DoubleType)
          .add("ci_low_deviating", DoubleType)
          .add("ci_high_deviating", DoubleType);

  private final SparkSession spark;
  private final Aligner aligner;
  private final StageDeviations stages;
  private final double confidenceLevel;

  public Conformance(SparkSession spark, Aligner aligner, JourneyMap map, AnalysisConfig analysis) {
    this.spark = spark;
    this.aligner = aligner;
    this.stages = new StageDeviations(map);
    this.confidenceLevel = analysis.confidenceLevel();
  }

  /** Totals of one conformance run, for the manifest, the progress line and the summary table. */
  public record Figures(
      String model,
      long journeys,
      long variants,
      long variantsAligned,
      long variantsOverBudget,
      long journeysOverBudget,
      Double logFitness,
      Double meanFitness,
      long fittingJourneys,
      long closedFitting,
      long convertedFitting,
      long closedDeviating,
      long convertedDeviating,
      long closed,
      long converted,
      long expandedStates,
      long maxExpandedStates) {}

  /** What the step produced; {@link #traces} is persisted until {@link #release}. */
  public record Result(Dataset<Row> traces, Dataset<Row> deviations, Dataset<Row> summary, Figures figures, List<Map<String, Object>> overBudget) {
    public void release() {
      traces.unpersist();
    }
  }

  /** Aligns the distinct sequences of {@code journeys} (with at least the journeys table's columns). */
  public Result compute(Dataset<Row> journeys) {
    Column outcome = col(Journeys.OUTCOME);
    Dataset<Row> distinct =
        journeys
            .select(Variants.variantId(col(Journeys.TOUCHPOINTS)).as(TRACE_KEY), col(Journeys.TOUCHPOINTS), outcome)
            .groupBy(TRACE_KEY)
            .agg(
                org.apache.spark.sql.functions.any_value(col(Journeys.TOUCHPOINTS)).as(Journeys.TOUCHPOINTS),
                org.apache.spark.sql.functions.count(lit(1)).as(JOURNEYS),
                count_if(outcome.equalTo(Journeys.CONVERTED).or(outcome.equalTo(Journeys.ABANDONED))).as(CLOSED),
                count_if(outcome.equalTo(Journeys.CONVERTED)).as(CONVERTED));
    int partitions = Math.max(1, spark.sparkContext().defaultParallelism() * 4);
    Broadcast<Aligner> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(aligner);
    Dataset<Row> traces =
        distinct
            .repartition(partitions)
            .mapPartitions(new AlignPartition(shared, stages), Encoders.row(TRACES))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Figures figures = figures(traces);
    List<Map<String, Object>> overBudget = new ArrayList<>();
    if (figures.variantsOverBudget() > 0) {
      for (Row row : traces.where(col(OVER_BUDGET)).orderBy(col(JOURNEYS).desc(), col(TRACE_KEY)).limit(20).collectAsList()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("trace_key", row.getAs(TRACE_KEY));
        entry.put("events", row.<scala.collection.Seq<?>>getAs(Journeys.TOUCHPOINTS).size());
        entry.put("journeys", row.<Long>getAs(JOURNEYS));
        entry.put("expanded_states", row.<Long>getAs(EXPANDED_STATES));
        overBudget.add(entry);
      }
    }
    return new Result(traces, deviations(traces, figures), summary(figures), figures, overBudget);
  }

  /** Journeys with {@code fitness} from their sequence's alignment and {@code conforms = fitness = 1}. */
  public static Dataset<Row> withFitness(Dataset<Row> journeys, Dataset<Row> traces) {
    Dataset<Row> fitness = traces.select(col(TRACE_KEY), col(FITNESS).as("_fitness"));
    Dataset<Row> joined =
        journeys.withColumn(TRACE_KEY, Variants.variantId(col(Journeys.TOUCHPOINTS))).join(fitness, TRACE_KEY, "left");
    List<Column> columns = new ArrayList<>();
    for (String field : journeys.columns()) {
      if (field.equals(Journeys.FITNESS)) {
        columns.add(col("_fitness").as(Journeys.FITNESS));
      } else if (field.equals(Journeys.CONFORMS)) {
        columns.add(col("_fitness").equalTo(lit(1.0)).as(Journeys.CONFORMS));
      } else {
        columns.add(col(field));
      }
    }
    return joined.select(columns.toArray(Column[]::new));
  }

  private Figures figures(Dataset<Row> traces) {
    Column aligned = col(OVER_BUDGET).equalTo(lit(false));
    Column fitting = aligned.and(col(COST).equalTo(0));
    Column deviating = aligned.and(col(COST).gt(0));
    Row totals =
        traces
            .agg(
                sum(col(JOURNEYS)),
                org.apache.spark.sql.functions.count(lit(1)),
                count_if(aligned),
                sum(when(col(OVER_BUDGET), col(JOURNEYS)).otherwise(0L)),
                sum(when(aligned, col(COST).cast(LongType).multiply(col(JOURNEYS)))),
                sum(when(aligned, col(WORST_COST).cast(LongType).multiply(col(JOURNEYS)))),
                // Exact decimal sum: the mean does not depend on the order partitions are added in.
                sum(when(aligned, col(FITNESS).cast("decimal(30,17)").multiply(col(JOURNEYS)))),
                sum(when(aligned, col(JOURNEYS))),
                sum(when(fitting, col(JOURNEYS)).otherwise(0L)),
                sum(when(fitting, col(CLOSED)).otherwise(0L)),
                sum(when(fitting, col(CONVERTED)).otherwise(0L)),
                sum(when(deviating, col(CLOSED)).otherwise(0L)),
                sum(when(deviating, col(CONVERTED)).otherwise(0L)),
                sum(col(EXPANDED_STATES)),
                sum(col(CLOSED)),
                sum(col(CONVERTED)))
            .first();
    long journeys = totals.isNullAt(0) ? 0 : totals.getLong(0);
    long variants = totals.getLong(1);
    long alignedVariants = totals.getLong(2);
    long alignedJourneys = totals.isNullAt(7) ? 0 : totals.getLong(7);
    Double logFitness = totals.isNullAt(5) || totals.getLong(5) == 0 ? null : 1.0 - (double) totals.getLong(4) / totals.getLong(5);
    Double meanFitness =
        alignedJourneys == 0 ? null : totals.getDecimal(6).divide(java.math.BigDecimal.valueOf(alignedJourneys), java.math.MathContext.DECIMAL64).doubleValue();
    return new Figures(
        aligner.graph().net().name(),
        journeys,
        variants,
        alignedVariants,
        variants - alignedVariants,
        totals.isNullAt(3) ? 0 : totals.getLong(3),
        logFitness,
        meanFitness,
        longOrZero(totals, 8),
        longOrZero(totals, 9),
        longOrZero(totals, 10),
        longOrZero(totals, 11),
        longOrZero(totals, 12),
        longOrZero(totals, 14),
        longOrZero(totals, 15),
        longOrZero(totals, 13),
        aligner.maxExpandedStates());
  }

  private static long longOrZero(Row row, int i) {
    return row.isNullAt(i) ? 0 : row.getLong(i);
  }

  private Dataset<Row> deviations(Dataset<Row> traces, Figures figures) {
    long totalClosed = figures.closed();
    long totalConverted = figures.converted();
    UserDefinedFunction low = wilson(confidenceLevel, true);
    UserDefinedFunction high = wilson(confidenceLevel, false);
    Column closedWithout = lit(totalClosed).minus(col("closed_with"));
    Column convertedWithout = lit(totalConverted).minus(col("_converted_with"));
    return traces
        .select(col(JOURNEYS), col(CLOSED), col(CONVERTED), explode(col(DEVIATIONS)).as("d"))
        .groupBy(col("d.kind").as("kind"), col("d.touchpoint").as("touchpoint"), col("d.stage").as("stage"))
        .agg(
            sum(col(JOURNEYS)).as("journeys"),
            sum(col("d.occurrences").cast(LongType).multiply(col(JOURNEYS))).as("occurrences"),
            sum(col(CLOSED)).as("closed_with"),
            sum(col(CONVERTED)).as("_converted_with"))
        .select(
            col("kind"),
            col("touchpoint"),
            col("stage"),
            col("journeys"),
            figures.journeys() == 0 ? lit(null).cast(DoubleType) : col("journeys").cast(DoubleType).divide(lit((double) figures.journeys())).as("share"),
            col("occurrences"),
            col("closed_with"),
            rate(col("_converted_with"), col("closed_with")).as("conversion_rate_with"),
            low.apply(col("_converted_with"), col("closed_with")).as("ci_low_with"),
            high.apply(col("_converted_with"), col("closed_with")).as("ci_high_with"),
            closedWithout.as("closed_without"),
            rate(convertedWithout, closedWithout).as("conversion_rate_without"),
            low.apply(convertedWithout, closedWithout).as("ci_low_without"),
            high.apply(convertedWithout, closedWithout).as("ci_high_without"))
        .to(DEVIATIONS_SCHEMA);
  }

  private static Column rate(Column converted, Column closed) {
    return when(closed.gt(0), converted.cast(DoubleType).divide(closed));
  }

  private static UserDefinedFunction wilson(double level, boolean lowBound) {
    return udf(
            (org.apache.spark.sql.api.java.UDF2<Long, Long, Double>)
                (successes, trials) -> {
                  if (successes == null || trials == null || trials <= 0) {
                    return null;
                  }
                  WilsonInterval interval = WilsonInterval.of(successes, trials, level);
                  return lowBound ? interval.low() : interval.high();
                },
            DoubleType)
        .asNondeterministic()
        .withName(lowBound ? "wilson_low" : "wilson_high");
  }

  private Dataset<Row> summary(Figures f) {
    WilsonInterval fitting = f.closedFitting() > 0 ? WilsonInterval.of(f.convertedFitting(), f.closedFitting(), confidenceLevel) : null;
    WilsonInterval deviating = f.closedDeviating() > 0 ? WilsonInterval.of(f.convertedDeviating(), f.closedDeviating(), confidenceLevel) : null;
    long alignedJourneys = f.journeys() - f.journeysOverBudget();
    Row row =
        RowFactory.create(
            f.model(),
            f.journeys(),
            f.variants(),
            f.variantsAligned(),
            f.variantsOverBudget(),
            f.journeysOverBudget(),
            f.logFitness(),
            f.meanFitness(),
            f.fittingJourneys(),
            alignedJourneys == 0 ? null : (double) f.fittingJourneys() / alignedJourneys,
            f.closedFitting(),
            fitting == null ? null : (double) f.convertedFitting() / f.closedFitting(),
            fitting == null ? null : fitting.low(),
            fitting == null ? null : fitting.high(),
            f.closedDeviating(),
            deviating == null ? null : (double) f.convertedDeviating() / f.closedDeviating(),
            deviating == null ? null : deviating.low(),
            deviating == null ? null : deviating.high());
    return spark.createDataFrame(List.of(row), SUMMARY_SCHEMA);
  }

  /** Aligns and checks the sequences of one partition on an executor. */
  static final class AlignPartition implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<Aligner> aligner;
    private final StageDeviations stages;

    AlignPartition(Broadcast<Aligner> aligner, StageDeviations stages) {
      this.aligner = aligner;
      this.stages = stages;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> sequences) {
      Aligner local = aligner.value();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return sequences.hasNext();
        }

        @Override
        public Row next() {
          Row sequence = sequences.next();
          List<String> touchpoints = sequence.getList(sequence.fieldIndex(Journeys.TOUCHPOINTS));
          Alignment alignment = local.align(touchpoints);
          Map<List<String>, Integer> counted = new LinkedHashMap<>();
          for (StageDeviations.Deviation deviation : stages.of(touchpoints)) {
            counted.merge(java.util.Arrays.asList(deviation.kind(), deviation.touchpoint(), deviation.stage()), 1, Integer::sum);
          }
          for (Alignment.Move move : alignment.moves()) {
            if (move.kind() == Alignment.Kind.LOG || move.kind() == Alignment.Kind.MODEL) {
              String kind = move.kind() == Alignment.Kind.LOG ? LOG_MOVE : MODEL_MOVE;
              counted.merge(java.util.Arrays.asList(kind, move.touchpoint(), stages.stageOf(move.touchpoint())), 1, Integer::sum);
            }
          }
          List<Row> deviations = new ArrayList<>(counted.size());
          counted.forEach((key, occurrences) -> deviations.add(RowFactory.create(key.get(0), key.get(1), key.get(2), occurrences)));
          return RowFactory.create(
              sequence.getAs(TRACE_KEY),
              sequence.getAs(Journeys.TOUCHPOINTS),
              sequence.getAs(JOURNEYS),
              sequence.getAs(CLOSED),
              sequence.getAs(CONVERTED),
              alignment.overBudget() ? null : alignment.cost(),
              alignment.worstCost(),
              alignment.fitness(),
              alignment.overBudget(),
              alignment.expandedStates(),
              scala.jdk.javaapi.CollectionConverters.asScala(deviations).toSeq());
        }
      };
    }
  }
}
