package io.journeyminer.stages;

import static io.journeyminer.journeys.Journeys.ABANDONED;
import static io.journeyminer.journeys.Journeys.ATTRIBUTES;
import static io.journeyminer.journeys.Journeys.CONVERTED;
import static io.journeyminer.journeys.Journeys.FIRST_TOUCH_CHANNEL;
import static io.journeyminer.journeys.Journeys.FURTHEST_STAGE;
import static io.journeyminer.journeys.Journeys.IN_PROGRESS;
import static io.journeyminer.journeys.Journeys.OCCURRED_AT;
import static io.journeyminer.journeys.Journeys.OUTCOME;
import static io.journeyminer.journeys.Journeys.STEPS;
import static io.journeyminer.journeys.Journeys.TOUCHPOINT;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.journeyminer.config.AnalysisConfig;
import io.journeyminer.config.JourneyMap;
import io.journeyminer.journeys.Journeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The stage funnel of the journey map: the {@code stage_summary} table (SPEC 5.2), one row per
 * stage in map order, overall and per segment.
 *
 * <p>Segments: {@code segment_type = 'all'} (value {@code 'all'}) covers every journey; {@code
 * 'first_touch_channel'} splits by the journeys' first-touch channel; {@code 'attribute:<name>'}
 * by each attribute the config names, read from the journeys' {@code attributes}. A journey
 * without a value lands in {@code '(none)'}. Every segment lists every stage of the map, with
 * zeros where none of its journeys entered it.
 *
 * <p>Figures, over closed journeys (converted + abandoned) unless named otherwise:
 *
 * <ul>
 *   <li>{@code entered}: journeys with an event in the stage ({@code in_progress_entered}: the
 *       same for in-progress journeys, shown beside);
 *   <li>{@code progressed}: entered, and after their first event in the stage had an event in a
 *       later stage of the map;
 *   <li>{@code converted}: entered and converted;
 *   <li>{@code abandoned_here}: abandoned with this stage as {@code furthest_stage} (the
 *       journeys' own column); {@code in_progress_here}: in progress with this furthest stage;
 *   <li>{@code progression_rate} = progressed / entered; {@code drop_off_rate} = abandoned_here /
 *       entered (null when nobody entered);
 *   <li>{@code median_seconds_in_stage}, {@code p90_seconds_in_stage}: from the first event in
 *       the stage to the first later event in a later stage, over the progressed journeys;
 *   <li>{@code top_touchpoints_by_reach}: the stage's touchpoints touched by most entered
 *       journeys; {@code top_touchpoints_by_exits}: those that were the last touchpoint of most
 *       abandoned journeys; each at most {@code top_touchpoints} long, ties by name.
 * </ul>
 *
 * <p>Cost: everything per journey is computed inside the journey row with array functions (one
 * fold over the steps for all stages); one row per segment, stage and touched touchpoint is then
 * aggregated in one shuffle, and a second aggregation over that small result picks the top
 * touchpoints. Nothing per journey reaches the driver.
 */
public final class StageSummary {

  public static final String TABLE = "stage_summary";

  public static final String SEGMENT_TYPE = "segment_type";
  public static final String SEGMENT_VALUE = "segment_value";
  public static final String STAGE = "stage";
  /** 1 for the map's first stage. */
  public static final String STAGE_ORDER = "stage_order";

  public static final String ENTERED = "entered";
  public static final String PROGRESSED = "progressed";
  public static final String CONVERTED_JOURNEYS = "converted";
  public static final String ABANDONED_HERE = "abandoned_here";
  public static final String IN_PROGRESS_ENTERED = "in_progress_entered";
  public static final String IN_PROGRESS_HERE = "in_progress_here";
  public static final String PROGRESSION_RATE = "progression_rate";
  public static final String DROP_OFF_RATE = "drop_off_rate";
  public static final String MEDIAN_SECONDS_IN_STAGE = "median_seconds_in_stage";
  public static final String P90_SECONDS_IN_STAGE = "p90_seconds_in_stage";
  public static final String TOP_TOUCHPOINTS_BY_REACH = "top_touchpoints_by_reach";
  public static final String TOP_TOUCHPOINTS_BY_EXITS = "top_touchpoints_by_exits";
  public static final String SKIPPED = "skipped";
  public static final String EXCLUDED = "excluded";
  public static final String PROGRESSED_LATE = "progressed_late";
  public static final String OPTIONAL = "optional";
  public static final String EXCLUDE = "exclude";
  public static final String WITHIN_SECONDS = "within_seconds";

  /** {@code segment_type} (and value) of the row over all journeys. */
  public static final String ALL = "all";

  public static final String FIRST_TOUCH_CHANNEL_SEGMENT = "first_touch_channel";
  public static final String ATTRIBUTE_SEGMENT_PREFIX = "attribute:";
  /** {@code segment_value} of journeys without a channel or attribute value. */
  public static final String NO_VALUE = "(none)";

  /** Column order and types; every column nullable, as Spark writes Parquet columns anyway. */
  public static final StructType SCHEMA =
      new StructType()
          .add(SEGMENT_TYPE, StringType)
          .add(SEGMENT_VALUE, StringType)
          .add(STAGE_ORDER, IntegerType)
          .add(STAGE, StringType)
          .add(ENTERED, LongType)
          .add(PROGRESSED, LongType)
          .add(CONVERTED_JOURNEYS, LongType)
          .add(ABANDONED_HERE, LongType)
          .add(IN_PROGRESS_ENTERED, LongType)
          .add(IN_PROGRESS_HERE, LongType)
          .add(PROGRESSION_RATE, DoubleType)
          .add(DROP_OFF_RATE, DoubleType)
          .add(MEDIAN_SECONDS_IN_STAGE, DoubleType)
          .add(P90_SECONDS_IN_STAGE, DoubleType)
          .add(TOP_TOUCHPOINTS_BY_REACH, createArrayType(StringType))
          .add(TOP_TOUCHPOINTS_BY_EXITS, createArrayType(StringType))
          .add(SKIPPED, LongType)
          .add(EXCLUDED, LongType)
          .add(PROGRESSED_LATE, LongType)
          .add(OPTIONAL, BooleanType)
          .add(EXCLUDE, createArrayType(StringType))
          .add(WITHIN_SECONDS, LongType);

  private static final int PERCENTILE_ACCURACY = 10_000;

  // Working columns and struct fields.
  private static final String SEGMENTS = "segments";
  private static final String SEGMENT = "segment";
  private static final String ITEMS = "items";
  private static final String ITEM = "item";
  private static final String FIRST_ENTERED_AT = "first_entered_at";
  private static final String FIRST_LATER_AT = "first_later_at";
  private static final String STAGE_TIMES = "stage_times";
  /** Fields of one element of {@link #segments}. */
  public static final String TYPE = "type";

  public static final String VALUE = "value";
  private static final String ITEM_TOUCHPOINT = "touchpoint";
  private static final String IS_FURTHEST = "is_furthest";
  private static final String IS_EXIT = "is_exit";
  private static final String IS_SKIPPED = "is_skipped";
  private static final String IS_EXCLUDED = "is_excluded";
  private static final String IS_LATE = "is_late";
  private static final String SECONDS = "seconds";
  private static final String PERCENTILES = "percentiles";
  private static final String RANK = "rank";
  private static final String EXITS = "exits";

  private final JourneyMap journeyMap;
  private final AnalysisConfig analysis;

  public StageSummary(JourneyMap journeyMap, AnalysisConfig analysis) {
    this.journeyMap = Objects.requireNonNull(journeyMap, "journeyMap");
    this.analysis = Objects.requireNonNull(analysis, "analysis");
    if (analysis.topTouchpoints() < 1) {
      throw new IllegalArgumentException(
          "Cannot set top_touchpoints to "
              + analysis.topTouchpoints()
              + ", the value must be positive.");
    }
  }

  /** The {@code stage_summary} table from journeys with schema {@code Journeys.WITH_STEPS}. */
  public Dataset<Row> compute(Dataset<Row> journeys) {
    if (journeyMap.stages().isEmpty()) {
      return journeys.sparkSession().createDataFrame(List.of(), SCHEMA);
    }
    Dataset<Row> items =
        journeys
            .select(
                col(OUTCOME),
                col(FURTHEST_STAGE),
                col(STEPS),
                segments(analysis.segmentAttributes()).as(SEGMENTS),
                stageTimes())
            .select(col(OUTCOME), col(SEGMENTS), stageItems().as(ITEMS))
            // explode_outer, not explode: for explode Spark infers a filter size(items) > 0 and
            // pushes it below the projections, computing every journey's fold once more for it.
            // Neither array is ever empty, so the rows are the same.
            .select(col(OUTCOME), explode_outer(col(SEGMENTS)).as(SEGMENT), col(ITEMS))
            .select(col(OUTCOME), col(SEGMENT), explode_outer(col(ITEMS)).as(ITEM));
    return topTouchpoints(countPerStageAndTouchpoint(items))
        .select(
            col(SEGMENT_TYPE),
            col(SEGMENT_VALUE),
            col(STAGE_ORDER),
            col(STAGE),
            col(ENTERED),
            col(PROGRESSED),
            col(CONVERTED_JOURNEYS),
            col(ABANDONED_HERE),
            col(IN_PROGRESS_ENTERED),
            col(IN_PROGRESS_HERE),
            rate(col(PROGRESSED).plus(passedOver()), col(ENTERED).plus(passedOver())).as(PROGRESSION_RATE),
            rate(col(ABANDONED_HERE), col(ENTERED).plus(passedOver())).as(DROP_OFF_RATE),
            col(MEDIAN_SECONDS_IN_STAGE),
            col(P90_SECONDS_IN_STAGE),
            col(TOP_TOUCHPOINTS_BY_REACH),
            col(TOP_TOUCHPOINTS_BY_EXITS),
            col(SKIPPED),
            col(EXCLUDED),
            col(PROGRESSED_LATE),
            option(stage -> lit(stage.optional())).as(OPTIONAL),
            option(StageSummary::excludeList).as(EXCLUDE),
            option(stage -> stage.within().map(limit -> lit(limit.toSeconds())).orElse(lit(null).cast(LongType)))
                .as(WITHIN_SECONDS))
        .to(SCHEMA);
  }

  /** Journeys that passed over an optional stage count as passing through it (none for a required one). */
  private Column passedOver() {
    return when(option(stage -> lit(stage.optional())), col(SKIPPED)).otherwise(lit(0L));
  }

  /** A stage's funnel option, looked up by the row's stage order. */
  private Column option(Function<JourneyMap.Stage, Column> value) {
    List<JourneyMap.Stage> stages = journeyMap.stages();
    Column result = value.apply(stages.get(stages.size() - 1));
    for (int i = stages.size() - 2; i >= 0; i--) {
      result = when(col(STAGE_ORDER).equalTo(i + 1), value.apply(stages.get(i))).otherwise(result);
    }
    return result;
  }

  private static Column excludeList(JourneyMap.Stage stage) {
    return stage.exclude().isEmpty()
        ? lit(null).cast(createArrayType(StringType))
        : array(stage.exclude().stream().map(functions::lit).toArray(Column[]::new));
  }

  /**
   * Every segment a journey belongs to, as ({@link #TYPE}, {@link #VALUE}) structs: all, its
   * first-touch channel and each of {@code attributes}; also the segments of {@code
   * time_to_convert}.
   */
  public static Column segments(List<String> attributes) {
    List<Column> segments = new ArrayList<>();
    segments.add(segment(lit(ALL), lit(ALL)));
    segments.add(segment(lit(FIRST_TOUCH_CHANNEL_SEGMENT), col(FIRST_TOUCH_CHANNEL)));
    for (String attribute : attributes) {
      segments.add(
          segment(
              lit(ATTRIBUTE_SEGMENT_PREFIX + attribute),
              try_element_at(col(ATTRIBUTES), lit(attribute))));
    }
    return array(segments.toArray(Column[]::new));
  }

  /** One segment struct; a null value becomes {@link #NO_VALUE}. */
  public static Column segment(Column type, Column value) {
    return struct(type.as(TYPE), coalesce(value, lit(NO_VALUE)).as(VALUE));
  }

  /**
   * One fold over the steps giving, per stage of the map, when the journey first entered it and
   * when it first had an event in a later stage after that: linear in the steps, all stages at
   * once.
   */
  private Column stageTimes() {
    int stageCount = journeyMap.stages().size();
    Column noTimes = array_repeat(lit(null).cast(TimestampType), stageCount);
    Column start = struct(noTimes.as(FIRST_ENTERED_AT), noTimes.as(FIRST_LATER_AT));
    // Each step's stage order is looked up once, not once per stage inside the fold.
    Column orderedSteps =
        transform(
            col(STEPS),
            step ->
                struct(
                    stageOrderOf(step.getField(Journeys.STAGE)).as(STAGE_ORDER),
                    step.getField(OCCURRED_AT).as(OCCURRED_AT)));
    return aggregate(
            orderedSteps,
            start,
            (times, step) -> {
              Column order = step.getField(STAGE_ORDER);
              Column at = step.getField(OCCURRED_AT);
              Column entered = times.getField(FIRST_ENTERED_AT);
              return struct(
                  transform(
                          entered,
                          (enteredAt, index) ->
                              coalesce(enteredAt, when(order.equalTo(index.plus(1)), at)))
                      .as(FIRST_ENTERED_AT),
                  transform(
                          times.getField(FIRST_LATER_AT),
                          (laterAt, index) ->
                              coalesce(
                                  laterAt,
                                  when(
                                      get(entered, index).isNotNull().and(order.gt(index.plus(1))),
                                      at)))
                      .as(FIRST_LATER_AT));
            })
        .as(STAGE_TIMES);
  }

  /** 1-based position of a stage in the map; null for a stage the map does not list. */
  private Column stageOrderOf(Column stage) {
    Column order = lit(null).cast(IntegerType);
    List<JourneyMap.Stage> stages = journeyMap.stages();
    for (int i = stages.size() - 1; i >= 0; i--) {
      order = when(stage.equalTo(stages.get(i).name()), lit(i + 1)).otherwise(order);
    }
    return order;
  }

  /**
   * Per journey, for each stage of the map: one stage item (always, so every segment lists every
   * stage) followed by one item per distinct touchpoint touched in the stage.
   */
  private Column stageItems() {
    Column steps = col(STEPS);
    Column lastStep = try_element_at(steps, lit(-1));
    Column furthestOrder = stageOrderOf(col(FURTHEST_STAGE));
    List<Column> perStage = new ArrayList<>();
    List<JourneyMap.Stage> stages = journeyMap.stages();
    for (int i = 0; i < stages.size(); i++) {
      JourneyMap.Stage stage = stages.get(i);
      String name = stage.name();
      int order = i + 1;
      Column enteredAt = get(col(STAGE_TIMES).getField(FIRST_ENTERED_AT), lit(i));
      Column laterAt = get(col(STAGE_TIMES).getField(FIRST_LATER_AT), lit(i));
      Column seconds = unix_micros(laterAt).minus(unix_micros(enteredAt)).divide(lit(1_000_000.0));
      Column excluded = excluded(stage, enteredAt, laterAt);
      Column inFunnel = excluded.unary_$bang();
      Column inTime = stage.within().map(limit -> seconds.leq(lit(limit.toSeconds()))).orElse(lit(true));
      Column stageItem =
          item(order, name, lit(null).cast(StringType), enteredAt.isNotNull().and(inFunnel), laterAt.isNotNull().and(inTime).and(inFunnel))
              .withField(SECONDS, seconds)
              .withField(IS_FURTHEST, coalesce(col(FURTHEST_STAGE).equalTo(name), lit(false)).and(inFunnel))
              .withField(IS_SKIPPED, enteredAt.isNull().and(coalesce(furthestOrder.gt(order), lit(false))))
              .withField(IS_EXCLUDED, excluded)
              .withField(IS_LATE, laterAt.isNotNull().and(inTime.unary_$bang()).and(inFunnel));
      Column exitTouchpoint =
          when(
              col(OUTCOME)
                  .equalTo(ABANDONED)
                  .and(lastStep.getField(Journeys.STAGE).equalTo(name)),
              lastStep.getField(TOUCHPOINT));
      // A journey out of the stage's funnel adds nothing to its touchpoints either.
      Column touched =
          array_distinct(
              transform(
                  filter(steps, step -> step.getField(Journeys.STAGE).equalTo(name).and(inFunnel)),
                  step -> step.getField(TOUCHPOINT)));
      Column touchpointItems =
          transform(
              touched,
              touchpoint ->
                  item(order, name, touchpoint, lit(true), lit(false))
                      .withField(IS_EXIT, coalesce(touchpoint.equalTo(exitTouchpoint), lit(false))));
      perStage.add(concat(array(stageItem), touchpointItems));
    }
    return concat(perStage.toArray(Column[]::new));
  }

  /**
   * Whether a journey leaves the stage's funnel: it entered the stage and touched one of the
   * stage's {@code exclude} touchpoints before it progressed (anywhere, when it never did).
   */
  private static Column excluded(JourneyMap.Stage stage, Column enteredAt, Column laterAt) {
    if (stage.exclude().isEmpty()) {
      return lit(false);
    }
    Column excludedTouchpoints = excludeList(stage);
    return enteredAt
        .isNotNull()
        .and(
            exists(
                col(STEPS),
                step ->
                    functions
                        .array_contains(excludedTouchpoints, step.getField(TOUCHPOINT))
                        .and(laterAt.isNull().or(step.getField(OCCURRED_AT).lt(laterAt)))));
  }

  /** A stage or touchpoint item with every other figure off; stage items then set their own. */
  private static Column item(int stageOrder, String stage, Column touchpoint, Column entered, Column progressed) {
    return struct(
        lit(stageOrder).as(STAGE_ORDER),
        lit(stage).as(STAGE),
        touchpoint.as(ITEM_TOUCHPOINT),
        entered.as(ENTERED),
        progressed.as(PROGRESSED),
        lit(null).cast(DoubleType).as(SECONDS),
        lit(false).as(IS_FURTHEST),
        lit(false).as(IS_EXIT),
        lit(false).as(IS_SKIPPED),
        lit(false).as(IS_EXCLUDED),
        lit(false).as(IS_LATE));
  }

  /**
   * The one big aggregation: per segment, stage and touchpoint (null on the stage's own row).
   * On touchpoint rows {@code entered} counts the touchpoint's reach.
   */
  private static Dataset<Row> countPerStageAndTouchpoint(Dataset<Row> items) {
    Column item = col(ITEM);
    Column outcome = col(OUTCOME);
    Column closed = outcome.equalTo(CONVERTED).or(outcome.equalTo(ABANDONED));
    Column inProgress = outcome.equalTo(IN_PROGRESS);
    Column entered = item.getField(ENTERED);
    Column progressed = item.getField(PROGRESSED);
    Column furthest = item.getField(IS_FURTHEST);
    return items
        .groupBy(
            col(SEGMENT).getField(TYPE).as(SEGMENT_TYPE),
            col(SEGMENT).getField(VALUE).as(SEGMENT_VALUE),
            item.getField(STAGE_ORDER).as(STAGE_ORDER),
            item.getField(STAGE).as(STAGE),
            item.getField(ITEM_TOUCHPOINT).as(ITEM_TOUCHPOINT))
        .agg(
            count_if(entered.and(closed)).as(ENTERED),
            count_if(progressed.and(closed)).as(PROGRESSED),
            count_if(entered.and(outcome.equalTo(CONVERTED))).as(CONVERTED_JOURNEYS),
            count_if(furthest.and(outcome.equalTo(ABANDONED))).as(ABANDONED_HERE),
            count_if(entered.and(inProgress)).as(IN_PROGRESS_ENTERED),
            count_if(furthest.and(inProgress)).as(IN_PROGRESS_HERE),
            percentile_approx(
                    when(progressed.and(closed), item.getField(SECONDS)),
                    lit(new double[] {0.5, 0.9}),
                    lit(PERCENTILE_ACCURACY))
                .as(PERCENTILES),
            count_if(item.getField(IS_EXIT)).as(EXITS),
            count_if(item.getField(IS_SKIPPED).and(closed)).as(SKIPPED),
            count_if(item.getField(IS_EXCLUDED).and(closed)).as(EXCLUDED),
            count_if(item.getField(IS_LATE).and(closed)).as(PROGRESSED_LATE));
  }

  /** Folds the touchpoint rows of each segment and stage into its top-N lists (small data). */
  private Dataset<Row> topTouchpoints(Dataset<Row> counted) {
    Column isStageRow = col(ITEM_TOUCHPOINT).isNull();
    return counted
        .groupBy(col(SEGMENT_TYPE), col(SEGMENT_VALUE), col(STAGE_ORDER), col(STAGE))
        .agg(
            max(when(isStageRow, col(ENTERED))).as(ENTERED),
            max(when(isStageRow, col(PROGRESSED))).as(PROGRESSED),
            max(when(isStageRow, col(CONVERTED_JOURNEYS))).as(CONVERTED_JOURNEYS),
            max(when(isStageRow, col(ABANDONED_HERE))).as(ABANDONED_HERE),
            max(when(isStageRow, col(IN_PROGRESS_ENTERED))).as(IN_PROGRESS_ENTERED),
            max(when(isStageRow, col(IN_PROGRESS_HERE))).as(IN_PROGRESS_HERE),
            max(when(isStageRow, col(PERCENTILES).getItem(0))).as(MEDIAN_SECONDS_IN_STAGE),
            max(when(isStageRow, col(PERCENTILES).getItem(1))).as(P90_SECONDS_IN_STAGE),
            max(when(isStageRow, col(SKIPPED))).as(SKIPPED),
            max(when(isStageRow, col(EXCLUDED))).as(EXCLUDED),
            max(when(isStageRow, col(PROGRESSED_LATE))).as(PROGRESSED_LATE),
            top(col(ENTERED)).as(TOP_TOUCHPOINTS_BY_REACH),
            top(col(EXITS)).as(TOP_TOUCHPOINTS_BY_EXITS));
  }

  /** The touchpoints with the highest positive {@code figure}, most first, ties by name. */
  private Column top(Column figure) {
    Column ranked =
        array_sort(
            collect_list(
                when(
                    col(ITEM_TOUCHPOINT).isNotNull().and(figure.gt(0)),
                    struct(negate(figure).as(RANK), col(ITEM_TOUCHPOINT).as(ITEM_TOUCHPOINT)))));
    return transform(
        slice(ranked, lit(1), lit(analysis.topTouchpoints())),
        entry -> entry.getField(ITEM_TOUCHPOINT));
  }

  /** part / whole, null when the whole is 0. */
  private static Column rate(Column part, Column whole) {
    return when(whole.gt(0), part.cast(DoubleType).divide(whole));
  }
}
