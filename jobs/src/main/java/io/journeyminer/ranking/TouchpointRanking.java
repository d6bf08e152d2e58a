package io.journeyminer.ranking;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.ranking.MarkovAttribution.Transition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code touchpoint_ranking} table (SPEC 5.1): per touchpoint, reach and conversion over closed
 * journeys with a Wilson interval, the comparison with closed journeys without it (lift, test of
 * independence, Benjamini-Hochberg q-value), exits, and conversion credit under seven attribution
 * models.
 *
 * <p>Definitions the SPEC leaves open:
 *
 * <ul>
 *   <li>A journey reaches t when t is among its touches ({@link JourneyTouches}): for a converted
 *       journey the steps before the conversion. {@code journeys}, {@code conversions} and every
 *       rate count closed (converted or abandoned) journeys with at least one touch only; {@code
 *       in_progress_journeys} counts in-progress journeys reaching t beside them. A conversion
 *       touchpoint is a row only where it was touched before a conversion.
 *   <li>A converted journey whose conversion is its first event has no touch: it is in no rate,
 *       no Markov path and no Shapley set, and every model credits its conversion (and revenue)
 *       to the reserved row {@link JourneyTouches#NO_PRIOR_TOUCH}, so each model's credits still
 *       sum to all conversions. That row's {@code journeys} and {@code conversions} are those
 *       journeys; its rates, interval, tests, exits statistics, {@code low_volume} and ranks are
 *       null; it comes last.
 *   <li>{@code median_seconds_to_exit}: over the exits at t, the median number of seconds from the
 *       journey's first event to its last (where it stopped).
 *   <li>{@code baseline_rate}, {@code lift}, {@code p_value}: null when the comparison does not
 *       exist (every closed journey reached t, or none did); {@code lift} also when the baseline
 *       rate is 0, {@code p_value} also when nothing or everything converted (then {@code lift}
 *       is 1).
 *   <li>{@code conversion_rank}: by conversion rate, then Wilson lower bound, then journeys;
 *       {@code abandonment_rank}: by abandonment rate, then exits, then journeys; both 1 =
 *       strongest, each touchpoint a distinct rank (ties broken by name), {@code low_volume}
 *       touchpoints (fewer closed journeys than {@code min_journeys}) after all others.
 *   <li>{@code markov} and {@code shapley} credits are shares of all conversions (and revenue);
 *       the others split each converted journey's conversion (and revenue) over its touches. A
 *       journey's revenue is its {@code revenue} column, null read as 0.
 * </ul>
 *
 * <p>Per-journey work runs on the executors; only per-touchpoint, per-transition and
 * per-touchpoint-set aggregates reach the driver, which assembles the (one row per touchpoint)
 * table.
 */
public final class TouchpointRanking {

  public static final String TABLE = "touchpoint_ranking";

  public static final String TOUCHPOINT = "touchpoint";
  public static final String JOURNEYS = "journeys";
  public static final String IN_PROGRESS_JOURNEYS = "in_progress_journeys";
  public static final String CONVERSIONS = "conversions";
  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String CI_LOW = "ci_low";
  public static final String CI_HIGH = "ci_high";
  public static final String BASELINE_RATE = "baseline_rate";
  public static final String LIFT = "lift";
  public static final String P_VALUE = "p_value";
  public static final String Q_VALUE = "q_value";
  public static final String EXITS = "exits";
  public static final String ABANDONMENT_RATE = "abandonment_rate";
  public static final String MEDIAN_SECONDS_TO_EXIT = "median_seconds_to_exit";
  public static final String LOW_VOLUME = "low_volume";
  public static final String CONVERSION_RANK = "conversion_rank";
  public static final String ABANDONMENT_RANK = "abandonment_rank";

  public static final String MARKOV = "markov";
  public static final String SHAPLEY = "shapley";

  /** Attribution models in column order: the heuristic ones, then Markov and Shapley. */
  public static final List<String> ATTRIBUTION_MODELS =
      Stream.concat(Arrays.stream(HeuristicModel.values()).map(HeuristicModel::columnName), Stream.of(MARKOV, SHAPLEY))
          .toList();

  public static final StructType SCHEMA = schema();

  private static final String FROM = "from";
  private static final String TO = "to";
  private static final String PAIR = "pair";

  private final AnalysisConfig config;
  private final HeuristicAttribution heuristics;

  public TouchpointRanking(AnalysisConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("Touchpoint ranking needs the analysis config");
    }
    if (config.minJourneys() < 0) {
      throw new IllegalArgumentException(
          String.format("Cannot set min_journeys to %d, the value must not be negative", config.minJourneys()));
    }
    WilsonInterval.zScore(config.confidenceLevel());
    this.config = config;
    this.heuristics = new HeuristicAttribution(config.timeDecayHalfLife());
  }

  /** {@code <model>_credit}: fractional conversions credited to the touchpoint. */
  public static String creditColumn(String model) {
    return model + "_credit";
  }

  /** {@code <model>_revenue_credit}: revenue of conversions credited to the touchpoint. */
  public static String revenueCreditColumn(String model) {
    return model + "_revenue_credit";
  }

  /**
   * Ranks touchpoints over a journeys dataset of schema {@code Journeys.WITH_STEPS}. Spark work:
   * the per-journey touches are persisted once; one aggregate counts the untouched conversions,
   * and the per-touchpoint totals, Markov transition counts and touchpoint-set outcomes are
   * aggregated on the executors and collected (one row per touchpoint, transition or set).
   */
  public RankingResult rank(Dataset<Row> journeys) {
    Dataset<Row> allTouches = JourneyTouches.of(journeys).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> touches = allTouches.filter(JourneyTouches.touched());
    Dataset<Row> sets = touchpointSets(touches).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row untouched =
          allTouches
              .filter(JourneyTouches.converted().and(JourneyTouches.touched().unary_$bang()))
              .agg(count(lit(1)), sum(col(JourneyTouches.CONVERTED_REVENUE)))
              .first();
      long untouchedConversions = untouched.getLong(0);
      double untouchedRevenue = untouched.isNullAt(1) ? 0.0 : untouched.getDouble(1);
      List<Row> touchpointTotals = touchpointTotals(touches).collectAsList();
      MarkovAttribution markov = MarkovAttribution.fromTransitions(transitionCounts(touches));
      List<Row> setOutcomes = sets.collectAsList();
      ClosedTotals closed = ClosedTotals.of(setOutcomes);
      Map<String, double[]> shapley = shapleyCredits(sets, conversionRates(setOutcomes));
      long sampledSets =
          setOutcomes.stream()
              .filter(set -> set.<Long>getAs(ShapleyCreditRows.CONVERSIONS) > 0)
              .filter(set -> ShapleyAttribution.isSampled(set.getList(set.fieldIndex(ShapleyCreditRows.SET)).size()))
              .count();
      List<Row> table = new ArrayList<>(tableRows(touchpointTotals, closed, markov, shapley));
      if (untouchedConversions > 0) {
        table.add(noPriorTouchRow(untouchedConversions, untouchedRevenue));
      }
      return new RankingResult(journeys.sparkSession().createDataFrame(table, SCHEMA), sampledSets, untouchedConversions);
    } finally {
      sets.unpersist();
      allTouches.unpersist();
    }
  }

  /** Per touchpoint: the counts and heuristic credits summed over journeys on the executors. */
  private Dataset<Row> touchpointTotals(Dataset<Row> touches) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(sum(TouchpointCreditRows.IN_PROGRESS).as(IN_PROGRESS_JOURNEYS));
    aggregates.add(sum(TouchpointCreditRows.CONVERTED).as(CONVERSIONS));
    aggregates.add(sum(TouchpointCreditRows.EXIT).as(EXITS));
    aggregates.add(median(col(TouchpointCreditRows.SECONDS_TO_EXIT)).as(MEDIAN_SECONDS_TO_EXIT));
    for (HeuristicModel model : HeuristicModel.values()) {
      String credit = TouchpointCreditRows.creditColumn(model);
      String revenueCredit = TouchpointCreditRows.revenueCreditColumn(model);
      aggregates.add(sum(credit).as(credit));
      aggregates.add(sum(revenueCredit).as(revenueCredit));
    }
    return touches
        .flatMap(new TouchpointCreditRows(heuristics), Encoders.row(TouchpointCreditRows.SCHEMA))
        .groupBy(TOUCHPOINT)
        .agg(sum(TouchpointCreditRows.CLOSED).as(JOURNEYS), aggregates.toArray(Column[]::new));
  }

  /**
   * Transition counts of the Markov chain: each closed journey's path start, touches, then
   * conversion or null, cut into consecutive pairs on the executors.
   */
  private static Map<Transition, Long> transitionCounts(Dataset<Row> touches) {
    Column absorbing =
        when(JourneyTouches.converted(), lit(MarkovAttribution.CONVERSION)).otherwise(lit(MarkovAttribution.NULL));
    Column path = concat(array(lit(MarkovAttribution.START)), JourneyTouches.touchpointNames(), array(absorbing));
    Column pairs =
        transform(
            slice(path, lit(1), size(path).minus(1)),
            (from, index) -> struct(from.as(FROM), get(path, index.plus(1)).as(TO)));
    Map<Transition, Long> counts = new HashMap<>();
    touches
        .filter(JourneyTouches.closed())
        .select(explode(pairs).as(PAIR))
        .groupBy(col(PAIR + "." + FROM).as(FROM), col(PAIR + "." + TO).as(TO))
        .count()
        .collectAsList()
        .forEach(row -> counts.put(new Transition(row.getString(0), row.getString(1)), row.getLong(2)));
    return counts;
  }

  /** Closed journeys, conversions and converted revenue per distinct (sorted) touchpoint set. */
  private static Dataset<Row> touchpointSets(Dataset<Row> touches) {
    return touches
        .filter(JourneyTouches.closed())
        .groupBy(array_sort(array_distinct(JourneyTouches.touchpointNames())).as(ShapleyCreditRows.SET))
        .agg(
            count(lit(1)).as(ShapleyCreditRows.JOURNEYS),
            sum(when(JourneyTouches.converted(), lit(1L)).otherwise(lit(0L))).as(ShapleyCreditRows.CONVERSIONS),
            sum(col(JourneyTouches.CONVERTED_REVENUE)).as(ShapleyCreditRows.REVENUE));
  }

  /** v(S) of the Shapley game: conversion rate of closed journeys whose touchpoint set is S. */
  private static HashMap<Set<String>, Double> conversionRates(List<Row> setOutcomes) {
    HashMap<Set<String>, Double> rates = new HashMap<>();
    for (Row set : setOutcomes) {
      long journeys = set.getAs(ShapleyCreditRows.JOURNEYS);
      long conversions = set.getAs(ShapleyCreditRows.CONVERSIONS);
      rates.put(Set.copyOf(set.<String>getList(set.fieldIndex(ShapleyCreditRows.SET))), (double) conversions / journeys);
    }
    return rates;
  }

  /** Shapley credit and revenue credit per touchpoint, computed per set on the executors. */
  private static Map<String, double[]> shapleyCredits(Dataset<Row> sets, HashMap<Set<String>, Double> rates) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(sets.sparkSession().sparkContext());
    Broadcast<Map<Set<String>, Double>> broadcastRates = context.broadcast(rates);
    try {
      Map<String, double[]> credits = new HashMap<>();
      sets.filter(col(ShapleyCreditRows.CONVERSIONS).gt(0))
          .flatMap(new ShapleyCreditRows(broadcastRates), Encoders.row(ShapleyCreditRows.SCHEMA))
          .groupBy(TOUCHPOINT)
          .agg(sum(ShapleyCreditRows.CREDIT), sum(ShapleyCreditRows.REVENUE_CREDIT))
          .collectAsList()
          .forEach(row -> credits.put(row.getString(0), new double[] {row.getDouble(1), row.getDouble(2)}));
      return credits;
    } finally {
      broadcastRates.destroy();
    }
  }

  private List<Row> tableRows(
      List<Row> touchpointTotals, ClosedTotals closed, MarkovAttribution markov, Map<String, double[]> shapley) {
    Map<String, Double> markovShares = markov.shares();
    List<TouchpointFigures> figures = new ArrayList<>();
    for (Row totals : touchpointTotals) {
      figures.add(figures(totals, closed, markovShares, shapley));
    }
    double[] qValues =
        BenjaminiHochberg.qValues(figures.stream().mapToDouble(TouchpointFigures::pValue).toArray());
    Map<String, Integer> conversionRanks = ranks(figures, conversionOrder());
    Map<String, Integer> abandonmentRanks = ranks(figures, abandonmentOrder());
    // Rows in conversion rank order, so that a plain SELECT reads as a ranking.
    return IntStream.range(0, figures.size())
        .boxed()
        .sorted(Comparator.comparing(index -> conversionRanks.get(figures.get(index).touchpoint())))
        .map(
            index -> {
              TouchpointFigures touchpoint = figures.get(index);
              return touchpoint.toRow(
                  qValues[index],
                  conversionRanks.get(touchpoint.touchpoint()),
                  abandonmentRanks.get(touchpoint.touchpoint()));
            })
        .toList();
  }

  /** The reserved row: every model credits it with each untouched conversion and its revenue. */
  private static Row noPriorTouchRow(long conversions, double revenue) {
    List<Object> values = new ArrayList<>();
    values.add(JourneyTouches.NO_PRIOR_TOUCH);
    values.add(conversions); // journeys
    values.add(0L); // in_progress_journeys
    values.add(conversions);
    values.addAll(java.util.Collections.nCopies(7, null)); // rate, interval, baseline, lift, p, q
    values.add(0L); // exits
    values.add(null); // abandonment_rate
    values.add(null); // median_seconds_to_exit
    ATTRIBUTION_MODELS.forEach(model -> values.add((double) conversions));
    ATTRIBUTION_MODELS.forEach(model -> values.add(revenue));
    values.add(null); // low_volume
    values.add(null); // conversion_rank
    values.add(null); // abandonment_rank
    return RowFactory.create(values.toArray());
  }

  private TouchpointFigures figures(
      Row totals, ClosedTotals closed, Map<String, Double> markovShares, Map<String, double[]> shapley) {
    String touchpoint = totals.getAs(TOUCHPOINT);
    long journeys = totals.getAs(JOURNEYS);
    long conversions = totals.getAs(CONVERSIONS);
    long exits = totals.getAs(EXITS);
    long journeysWithout = closed.journeys() - journeys;
    long conversionsWithout = closed.conversions() - conversions;
    Double conversionRate = journeys > 0 ? (double) conversions / journeys : null;
    Double baselineRate = journeysWithout > 0 ? (double) conversionsWithout / journeysWithout : null;
    Double lift = conversionRate != null && baselineRate != null && baselineRate > 0 ? conversionRate / baselineRate : null;
    TwoByTwoTable table =
        new TwoByTwoTable(conversions, journeys - conversions, conversionsWithout, journeysWithout - conversionsWithout);

    int models = ATTRIBUTION_MODELS.size();
    double[] credits = new double[models];
    double[] revenueCredits = new double[models];
    HeuristicModel[] heuristicModels = HeuristicModel.values();
    for (int model = 0; model < heuristicModels.length; model++) {
      credits[model] = totals.getAs(TouchpointCreditRows.creditColumn(heuristicModels[model]));
      revenueCredits[model] = totals.getAs(TouchpointCreditRows.revenueCreditColumn(heuristicModels[model]));
    }
    double markovShare = markovShares.getOrDefault(touchpoint, 0.0);
    credits[models - 2] = markovShare * closed.conversions();
    revenueCredits[models - 2] = markovShare * closed.revenue();
    double[] shapleyCredit = shapley.getOrDefault(touchpoint, new double[2]);
    credits[models - 1] = shapleyCredit[0];
    revenueCredits[models - 1] = shapleyCredit[1];

    return new TouchpointFigures(
        touchpoint,
        journeys,
        totals.getAs(IN_PROGRESS_JOURNEYS),
        conversions,
        conversionRate,
        journeys > 0 ? WilsonInterval.of(conversions, journeys, config.confidenceLevel()) : null,
        baselineRate,
        lift,
        table.pValue(),
        exits,
        journeys > 0 ? (double) exits / journeys : null,
        totals.getAs(MEDIAN_SECONDS_TO_EXIT),
        credits,
        revenueCredits,
        journeys < config.minJourneys());
  }

  /** Strongest first: low-volume touchpoints last, then by rate (unknown rates last). */
  private static Comparator<TouchpointFigures> conversionOrder() {
    return Comparator.comparing(TouchpointFigures::lowVolume)
        .thenComparing(TouchpointFigures::conversionRate, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(TouchpointFigures::ciLow, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(TouchpointFigures::journeys, Comparator.reverseOrder())
        .thenComparing(TouchpointFigures::touchpoint);
  }

  private static Comparator<TouchpointFigures> abandonmentOrder() {
    return Comparator.comparing(TouchpointFigures::lowVolume)
        .thenComparing(TouchpointFigures::abandonmentRate, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(TouchpointFigures::exits, Comparator.reverseOrder())
        .thenComparing(TouchpointFigures::journeys, Comparator.reverseOrder())
        .thenComparing(TouchpointFigures::touchpoint);
  }

  private static Map<String, Integer> ranks(List<TouchpointFigures> figures, Comparator<TouchpointFigures> order) {
    List<TouchpointFigures> ordered = new ArrayList<>(figures);
    ordered.sort(order);
    Map<String, Integer> ranks = new HashMap<>();
    for (int index = 0; index < ordered.size(); index++) {
      ranks.put(ordered.get(index).touchpoint(), index + 1);
    }
    return ranks;
  }

  private static StructType schema() {
    StructType schema =
        new StructType()
            .add(TOUCHPOINT, StringType, false)
            .add(JOURNEYS, LongType, false)
            .add(IN_PROGRESS_JOURNEYS, LongType, false)
            .add(CONVERSIONS, LongType, false)
            .add(CONVERSION_RATE, DoubleType, true)
            .add(CI_LOW, DoubleType, true)
            .add(CI_HIGH, DoubleType, true)
            .add(BASELINE_RATE, DoubleType, true)
            .add(LIFT, DoubleType, true)
            .add(P_VALUE, DoubleType, true)
            .add(Q_VALUE, DoubleType, true)
            .add(EXITS, LongType, false)
            .add(ABANDONMENT_RATE, DoubleType, true)
            .add(MEDIAN_SECONDS_TO_EXIT, DoubleType, true);
    for (String model : ATTRIBUTION_MODELS) {
      schema = schema.add(creditColumn(model), DoubleType, false);
    }
    for (String model : ATTRIBUTION_MODELS) {
      schema = schema.add(revenueCreditColumn(model), DoubleType, false);
    }
    // Null only on the reserved __no_prior_touch__ row, which is not ranked.
    return schema
        .add(LOW_VOLUME, BooleanType, true)
        .add(CONVERSION_RANK, IntegerType, true)
        .add(ABANDONMENT_RANK, IntegerType, true);
  }

  /** Closed journeys, their conversions and converted revenue, summed from the set outcomes. */
  private record ClosedTotals(long journeys, long conversions, double revenue) {
    static ClosedTotals of(List<Row> setOutcomes) {
      long journeys = 0;
      long conversions = 0;
      double revenue = 0;
      for (Row set : setOutcomes) {
        journeys += set.<Long>getAs(ShapleyCreditRows.JOURNEYS);
        conversions += set.<Long>getAs(ShapleyCreditRows.CONVERSIONS);
        revenue += set.<Double>getAs(ShapleyCreditRows.REVENUE);
      }
      return new ClosedTotals(journeys, conversions, revenue);
    }
  }

  /** One touchpoint's figures before the cross-touchpoint q-values and ranks. */
  private record TouchpointFigures(
      String touchpoint,
      long journeys,
      long inProgressJourneys,
      long conversions,
      Double conversionRate,
      WilsonInterval interval,
      Double baselineRate,
      Double lift,
      double pValue,
      long exits,
      Double abandonmentRate,
      Double medianSecondsToExit,
      double[] credits,
      double[] revenueCredits,
      boolean lowVolume) {

    Double ciLow() {
      return interval == null ? null : interval.low();
    }

    Row toRow(double qValue, int conversionRank, int abandonmentRank) {
      List<Object> values = new ArrayList<>();
      values.add(touchpoint);
      values.add(journeys);
      values.add(inProgressJourneys);
      values.add(conversions);
      values.add(conversionRate);
      values.add(ciLow());
      values.add(interval == null ? null : interval.high());
      values.add(baselineRate);
      values.add(lift);
      values.add(Double.isNaN(pValue) ? null : pValue);
      values.add(Double.isNaN(qValue) ? null : qValue);
      values.add(exits);
      values.add(abandonmentRate);
      values.add(medianSecondsToExit);
      Arrays.stream(credits).forEach(values::add);
      Arrays.stream(revenueCredits).forEach(values::add);
      values.add(lowVolume);
      values.add(conversionRank);
      values.add(abandonmentRank);
      return RowFactory.create(values.toArray());
    }
  }
}
