package io.journeyminer.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.publish.Warehouse;
import io.journeyminer.ranking.BenjaminiHochberg;
import io.journeyminer.ranking.TouchpointRanking;
import io.journeyminer.stages.StageSummary;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code drift} table: did this run's rates move against earlier runs, or is it noise?
 *
 * <p>For each touchpoint ({@code touchpoint_ranking}) its conversion rate (conversions /
 * journeys), abandonment rate (exits / journeys) and, per attribution model, its credit share
 * (credit / all credit of the run, i.e. its share of the conversions); for each stage ({@code
 * stage_summary}, segment {@code all}) its conversion rate (converted / entered) and abandonment
 * rate (abandoned_here / entered). Each figure is compared with two baselines: the previous run
 * that published the table, and the trailing window of up to {@code drift_window} earlier runs
 * pooled (numerators and denominators summed). Each comparison gets the difference, a pooled
 * two-proportion z-test, a Benjamini-Hochberg q-value across all rows of the table, and {@code
 * significant} = q <= {@code drift_alpha}. A figure absent from a baseline (a new touchpoint) or
 * with a zero denominator on either side has no row.
 *
 * <p>Cost: the inputs are per-touchpoint and per-stage aggregates of at most {@code drift_window}
 * + 1 runs (hundreds of rows); they are collected to the driver, compared there, and the result
 * (rows = figures x 2) becomes a Dataset again. No journey or event is read.
 */
public final class Drift {

  public static final String TABLE = "drift";

  public static final String ENTITY_TYPE = "entity_type";
  public static final String ENTITY = "entity";
  public static final String METRIC = "metric";
  public static final String BASELINE = "baseline";
  public static final String BASELINE_RUNS = "baseline_runs";
  public static final String BASELINE_FROM = "baseline_from";
  public static final String BASELINE_TO = "baseline_to";
  public static final String CURRENT_NUMERATOR = "current_numerator";
  public static final String CURRENT_DENOMINATOR = "current_denominator";
  public static final String CURRENT_VALUE = "current_value";
  public static final String BASELINE_NUMERATOR = "baseline_numerator";
  public static final String BASELINE_DENOMINATOR = "baseline_denominator";
  public static final String BASELINE_VALUE = "baseline_value";
  public static final String DIFFERENCE = "difference";
  public static final String Z_SCORE = "z_score";
  public static final String P_VALUE = "p_value";
  public static final String Q_VALUE = "q_value";
  public static final String SIGNIFICANT = "significant";

  public static final String TOUCHPOINT_ENTITY = "touchpoint";
  public static final String STAGE_ENTITY = "stage";
  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String ABANDONMENT_RATE = "abandonment_rate";
  /** Prefix of the credit-share metrics, followed by the attribution model. */
  public static final String CREDIT_SHARE_PREFIX = "credit_share:";
  public static final String PREVIOUS_RUN = "previous_run";
  public static final String TRAILING_WINDOW = "trailing_window";

  public static final StructType SCHEMA =
      new StructType()
          .add(ENTITY_TYPE, StringType)
          .add(ENTITY, StringType)
          .add(METRIC, StringType)
          .add(BASELINE, StringType)
          .add(BASELINE_RUNS, IntegerType)
          .add(BASELINE_FROM, DateType)
          .add(BASELINE_TO, DateType)
          .add(CURRENT_NUMERATOR, DoubleType)
          .add(CURRENT_DENOMINATOR, DoubleType)
          .add(CURRENT_VALUE, DoubleType)
          .add(BASELINE_NUMERATOR, DoubleType)
          .add(BASELINE_DENOMINATOR, DoubleType)
          .add(BASELINE_VALUE, DoubleType)
          .add(DIFFERENCE, DoubleType)
          .add(Z_SCORE, DoubleType)
          .add(P_VALUE, DoubleType)
          .add(Q_VALUE, DoubleType)
          .add(SIGNIFICANT, BooleanType);

  /** A figure of one run: numerator out of denominator. */
  private record Measure(LocalDate runDate, String entityType, String entity, String metric, double numerator, double denominator) {
    String key() {
      return entityType + "\u001f" + entity + "\u001f" + metric;
    }
  }

  /** One comparison before the q-values are known. */
  private record Comparison(Measure current, String baseline, int runs, LocalDate from, LocalDate to, double numerator, double denominator, TwoProportionTest test) {}

  private final AnalysisConfig analysis;

  public Drift(AnalysisConfig analysis) {
    this.analysis = Objects.requireNonNull(analysis, "analysis");
    if (analysis.driftWindow() < 1) {
      throw new IllegalArgumentException("Cannot set drift_window to " + analysis.driftWindow() + ", the value must be at least 1.");
    }
    if (!(analysis.driftAlpha() > 0 && analysis.driftAlpha() < 1)) {
      throw new IllegalArgumentException("Cannot set drift_alpha to " + analysis.driftAlpha() + ", the value must lie between 0 and 1.");
    }
  }

  /**
   * The table from this run's {@code touchpoint_ranking} and {@code stage_summary} and the same
   * tables of earlier runs, each with its {@code run_date} column (as {@link Warehouse#readRuns}
   * returns them); the earlier runs should be at most {@code drift_window}.
   */
  public Dataset<Row> compute(Dataset<Row> ranking, Dataset<Row> stages, Dataset<Row> earlierRanking, Dataset<Row> earlierStages) {
    List<Measure> current = new ArrayList<>();
    current.addAll(touchpointMeasures(ranking.withColumn(Warehouse.RUN_DATE, lit(null).cast(DateType))));
    current.addAll(stageMeasures(stages.withColumn(Warehouse.RUN_DATE, lit(null).cast(DateType))));
    List<Comparison> comparisons = new ArrayList<>();
    comparisons.addAll(compare(current, touchpointMeasures(earlierRanking), TOUCHPOINT_ENTITY));
    comparisons.addAll(compare(current, stageMeasures(earlierStages), STAGE_ENTITY));
    double[] qValues = BenjaminiHochberg.qValues(comparisons.stream().mapToDouble(c -> c.test().pValue()).toArray());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < comparisons.size(); i++) {
      Comparison c = comparisons.get(i);
      double currentValue = c.current().numerator() / c.current().denominator();
      double baselineValue = c.numerator() / c.denominator();
      rows.add(
          RowFactory.create(
              c.current().entityType(),
              c.current().entity(),
              c.current().metric(),
              c.baseline(),
              c.runs(),
              Date.valueOf(c.from()),
              Date.valueOf(c.to()),
              c.current().numerator(),
              c.current().denominator(),
              currentValue,
              c.numerator(),
              c.denominator(),
              baselineValue,
              currentValue - baselineValue,
              c.test().z(),
              c.test().pValue(),
              qValues[i],
              qValues[i] <= analysis.driftAlpha()));
    }
    return ranking.sparkSession().createDataFrame(rows, SCHEMA);
  }

  /** Previous-run and trailing-window comparisons of the current figures of one entity type. */
  private static List<Comparison> compare(List<Measure> current, List<Measure> earlier, String entityType) {
    if (earlier.isEmpty()) {
      return List.of();
    }
    LocalDate previous = earlier.stream().map(Measure::runDate).max(Comparator.naturalOrder()).orElseThrow();
    Map<String, List<Measure>> history = new TreeMap<>();
    earlier.forEach(measure -> history.computeIfAbsent(measure.key(), key -> new ArrayList<>()).add(measure));
    List<Comparison> comparisons = new ArrayList<>();
    for (Measure measure : current) {
      List<Measure> runs = history.get(measure.key());
      if (!measure.entityType().equals(entityType) || runs == null) {
        continue;
      }
      runs.stream()
          .filter(run -> run.runDate().equals(previous))
          .findFirst()
          .ifPresent(run -> comparisons.add(comparison(measure, PREVIOUS_RUN, List.of(run))));
      comparisons.add(comparison(measure, TRAILING_WINDOW, runs));
    }
    return comparisons;
  }

  private static Comparison comparison(Measure current, String baseline, List<Measure> runs) {
    double numerator = runs.stream().mapToDouble(Measure::numerator).sum();
    double denominator = runs.stream().mapToDouble(Measure::denominator).sum();
    LocalDate from = runs.stream().map(Measure::runDate).min(Comparator.naturalOrder()).orElseThrow();
    LocalDate to = runs.stream().map(Measure::runDate).max(Comparator.naturalOrder()).orElseThrow();
    TwoProportionTest test = TwoProportionTest.of(current.numerator(), current.denominator(), numerator, denominator);
    return new Comparison(current, baseline, runs.size(), from, to, numerator, denominator, test);
  }

  /** Conversion and abandonment rates and credit shares of each touchpoint in each run. */
  private static List<Measure> touchpointMeasures(Dataset<Row> ranking) {
    List<Column> columns = new ArrayList<>(List.of(col(Warehouse.RUN_DATE), col(TouchpointRanking.TOUCHPOINT), col(TouchpointRanking.JOURNEYS), col(TouchpointRanking.CONVERSIONS), col(TouchpointRanking.EXITS)));
    TouchpointRanking.ATTRIBUTION_MODELS.forEach(model -> columns.add(col(TouchpointRanking.creditColumn(model))));
    List<Row> rows = ranking.select(columns.toArray(Column[]::new)).collectAsList();
    Map<LocalDate, double[]> creditTotals = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    int models = TouchpointRanking.ATTRIBUTION_MODELS.size();
    for (Row row : rows) {
      double[] totals = creditTotals.computeIfAbsent(runDate(row), date -> new double[models]);
      for (int m = 0; m < models; m++) {
        totals[m] += number(row, TouchpointRanking.creditColumn(TouchpointRanking.ATTRIBUTION_MODELS.get(m)));
      }
    }
    List<Measure> measures = new ArrayList<>();
    for (Row row : rows) {
      LocalDate date = runDate(row);
      String touchpoint = row.getAs(TouchpointRanking.TOUCHPOINT);
      double journeys = number(row, TouchpointRanking.JOURNEYS);
      add(measures, date, TOUCHPOINT_ENTITY, touchpoint, CONVERSION_RATE, number(row, TouchpointRanking.CONVERSIONS), journeys);
      add(measures, date, TOUCHPOINT_ENTITY, touchpoint, ABANDONMENT_RATE, number(row, TouchpointRanking.EXITS), journeys);
      for (int m = 0; m < models; m++) {
        String model = TouchpointRanking.ATTRIBUTION_MODELS.get(m);
        add(measures, date, TOUCHPOINT_ENTITY, touchpoint, CREDIT_SHARE_PREFIX + model, number(row, TouchpointRanking.creditColumn(model)), creditTotals.get(date)[m]);
      }
    }
    return measures;
  }

  /** Conversion and abandonment rates of each stage over all journeys in each run. */
  private static List<Measure> stageMeasures(Dataset<Row> stages) {
    List<Row> rows =
        stages
            .where(col(StageSummary.SEGMENT_TYPE).equalTo(StageSummary.ALL))
            .select(col(Warehouse.RUN_DATE), col(StageSummary.STAGE), col(StageSummary.ENTERED), col(StageSummary.CONVERTED_JOURNEYS), col(StageSummary.ABANDONED_HERE))
            .collectAsList();
    List<Measure> measures = new ArrayList<>();
    for (Row row : rows) {
      LocalDate date = runDate(row);
      String stage = row.getAs(StageSummary.STAGE);
      double entered = number(row, StageSummary.ENTERED);
      add(measures, date, STAGE_ENTITY, stage, CONVERSION_RATE, number(row, StageSummary.CONVERTED_JOURNEYS), entered);
      add(measures, date, STAGE_ENTITY, stage, ABANDONMENT_RATE, number(row, StageSummary.ABANDONED_HERE), entered);
    }
    return measures;
  }

  private static void add(List<Measure> measures, LocalDate date, String entityType, String entity, String metric, double numerator, double denominator) {
    if (denominator > 0 && entity != null) {
      measures.add(new Measure(date, entityType, entity, metric, numerator, denominator));
    }
  }

  private static LocalDate runDate(Row row) {
    Date date = row.getAs(Warehouse.RUN_DATE);
    return date == null ? null : date.toLocalDate();
  }

  /** A count or credit; null (a figure the run could not compute) counts as 0. */
  private static double number(Row row, String column) {
    Object value = row.getAs(column);
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
