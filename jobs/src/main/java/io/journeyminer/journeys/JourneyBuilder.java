package io.journeyminer.journeys;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.journeyminer.config.JourneyMap;
import io.journeyminer.config.JourneyRules;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.ingest.Events;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Cuts each customer's ordered events into journeys (SPEC 3.2): one shuffle by customer, a sort
 * within partitions, and one sequential pass on the executors that emits a journey row with its
 * steps (SPEC 9).
 *
 * <p>Order: {@code occurred_at}, then the source's position in the config, then the record's file
 * and position in it, so ties never produce a random order. A journey ends at its first conversion
 * (and the next event starts a new one when {@code split_after_conversion} is on), when the gap to
 * the next event exceeds the inactivity timeout (abandoned), or at {@code as_of}: the last journey
 * of a customer is in progress (right-censored) while its last event is closer to {@code as_of}
 * than the timeout, and abandoned from then on.
 *
 * <p>A touch of an {@code after_conversion} stage (order tracking, a support chat) never opens a
 * journey: within the inactivity timeout after a conversion (measured from the conversion) it is
 * appended to the converted journey, after its conversion step, even when {@code
 * split_after_conversion} is on; inside an open journey it stays there; otherwise (no journey
 * open, or its journey ended) it belongs to no journey, and the journeys step counts it.
 */
public final class JourneyBuilder {

  public static final String CUSTOMER_ID = "customer_id";
  private static final String SOURCE_ORDER = "_source_order";

  private final PipelineConfig config;
  private final Instant asOf;

  public JourneyBuilder(PipelineConfig config, Instant asOf) {
    this.config = config;
    this.asOf = asOf;
  }

  /**
   * Journeys with their steps, from events carrying a {@code customer_id} (events without one have
   * no usable identifier and belong to no journey).
   */
  public Dataset<Row> build(Dataset<Row> eventsWithCustomer) {
    Column sourceOrder = lit(config.sources().size());
    for (int i = config.sources().size() - 1; i >= 0; i--) {
      sourceOrder = when(col(Events.SOURCE).equalTo(lit(config.sources().get(i).name())), lit(i)).otherwise(sourceOrder);
    }
    Dataset<Row> ordered =
        eventsWithCustomer
            .where(col(CUSTOMER_ID).isNotNull())
            .select(
                col(CUSTOMER_ID),
                col(Events.OCCURRED_AT),
                sourceOrder.as(SOURCE_ORDER),
                col(Events.FILE),
                col(Events.RECORD_NUMBER),
                col(Events.EVENT_ID),
                col(Events.TOUCHPOINT),
                col(Events.STAGE),
                col(Events.CHANNEL),
                col(Events.IS_CONVERSION),
                col(Events.REVENUE),
                col(Events.ATTRIBUTES))
            .repartition(col(CUSTOMER_ID))
            .sortWithinPartitions(
                col(CUSTOMER_ID),
                col(Events.OCCURRED_AT),
                col(SOURCE_ORDER),
                col(Events.FILE),
                col(Events.RECORD_NUMBER));
    Cutter cutter =
        new Cutter(
            config.journeys(),
            config.journeyMap(),
            config.analysis().collapseRepeats(),
            asOf.toEpochMilli() * 1000);
    return ordered.mapPartitions(cutter, Encoders.row(Journeys.WITH_STEPS));
  }

  /**
   * Customers with more events than {@code journeys.max_events_per_customer}, with their event
   * counts: one aggregate over the events; the result has at most events / cap rows.
   */
  public static Dataset<Row> customersOverCap(Dataset<Row> eventsWithCustomer, int maxEvents) {
    return eventsWithCustomer
        .where(col(CUSTOMER_ID).isNotNull())
        .groupBy(col(CUSTOMER_ID))
        .agg(org.apache.spark.sql.functions.count("*").as("events"))
        .where(col("events").gt(maxEvents));
  }

  /** The events of every customer but {@code excluded} (customers over the events cap). */
  public static Dataset<Row> without(Dataset<Row> eventsWithCustomer, java.util.List<String> excluded) {
    return excluded.isEmpty()
        ? eventsWithCustomer
        : eventsWithCustomer.where(org.apache.spark.sql.functions.not(coalesce(col(CUSTOMER_ID).isin(excluded.toArray()), lit(false))));
  }

  /** Published {@code journeys}: the journey rows without their steps. */
  public static Dataset<Row> journeysTable(Dataset<Row> withSteps) {
    return withSteps.drop(Journeys.STEPS);
  }

  /** Published {@code journey_steps}: one row per step, narrow (no shuffle). */
  public static Dataset<Row> stepsTable(Dataset<Row> withSteps) {
    return withSteps
        .select(col(Journeys.JOURNEY_ID), org.apache.spark.sql.functions.explode(col(Journeys.STEPS)).as("s"))
        .select(
            col(Journeys.JOURNEY_ID),
            col("s." + Journeys.STEP),
            col("s." + Journeys.TOUCHPOINT),
            col("s." + Journeys.STAGE),
            col("s." + Journeys.OCCURRED_AT),
            col("s." + Journeys.SECONDS_SINCE_PREVIOUS),
            col("s." + Journeys.EVENT_ID),
            col("s." + Journeys.CHANNEL),
            col("s." + Journeys.IS_CONVERSION),
            col("s." + Journeys.REVENUE));
  }

  /** Stable variant id of a touchpoint sequence: 16 hex digits of SHA-256 over the names joined by U+001F. */
  public static String variantId(List<String> touchpoints) {
    return sha256(String.join("\u001f", touchpoints)).substring(0, 16);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The sequential pass over one sorted partition. */
  static final class Cutter implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;

    private final long timeoutMicros;
    private final boolean splitAfterConversion;
    private final boolean collapseRepeats;
    private final long asOfMicros;
    private final Map<String, Integer> stageIndex;
    private final List<String> stageNames;
    private final java.util.Set<String> afterConversionStages;

    Cutter(JourneyRules rules, JourneyMap map, boolean collapseRepeats, long asOfMicros) {
      this.timeoutMicros = rules.inactivityTimeout().toNanos() / 1000;
      this.splitAfterConversion = rules.splitAfterConversion();
      this.collapseRepeats = collapseRepeats;
      this.asOfMicros = asOfMicros;
      this.stageIndex = new HashMap<>(map.stageIndex());
      this.stageNames = new ArrayList<>();
      map.stages().forEach(stage -> stageNames.add(stage.name()));
      this.afterConversionStages = new java.util.HashSet<>(map.afterConversionStages());
    }

    private boolean afterConversion(Row event) {
      return !event.isNullAt(7) && afterConversionStages.contains(event.getString(7));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> events) {
      return new Iterator<>() {
        private final List<Row> pending = new ArrayList<>();
        private final List<Row> current = new ArrayList<>();
        /** When {@link #current} holds a converted journey kept open for its after-conversion tail. */
        private long conversionMicros = -1;
        private Row lookahead = events.hasNext() ? events.next() : null;

        @Override
        public boolean hasNext() {
          while (pending.isEmpty() && lookahead != null) {
            nextCustomer();
          }
          return !pending.isEmpty();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return pending.remove(0);
        }

        /** Consumes one customer's events, emitting its closed journeys and its last one. */
        private void nextCustomer() {
          String customer = lookahead.getString(0);
          current.clear();
          conversionMicros = -1;
          while (lookahead != null && customer.equals(lookahead.getString(0))) {
            Row event = lookahead;
            lookahead = events.hasNext() ? events.next() : null;
            boolean tail = afterConversion(event);
            if (conversionMicros >= 0 && !(tail && micros(event) - conversionMicros <= timeoutMicros)) {
              // The converted journey kept open for its tail ends at the first event that is not one.
              pending.add(journey(customer, current, Journeys.CONVERTED));
              current.clear();
              conversionMicros = -1;
            }
            if (!current.isEmpty() && micros(event) - micros(current.get(current.size() - 1)) > timeoutMicros) {
              pending.add(journey(customer, current, closedOutcome(current)));
              current.clear();
            }
            if (current.isEmpty() && tail) {
              continue; // an after-conversion touch opens no journey
            }
            current.add(event);
            if (splitAfterConversion && event.getBoolean(9)) {
              conversionMicros = micros(event);
            }
          }
          conversionMicros = -1;
          if (!current.isEmpty()) {
            String outcome;
            if (containsConversion(current)) {
              outcome = Journeys.CONVERTED;
            } else if (asOfMicros - micros(current.get(current.size() - 1)) >= timeoutMicros) {
              // In progress only while the last event is closer to as_of than the timeout (SPEC 3.2).
              outcome = Journeys.ABANDONED;
            } else {
              outcome = Journeys.IN_PROGRESS;
            }
            pending.add(journey(customer, current, outcome));
            current.clear();
          }
        }
      };
    }

    private static String closedOutcome(List<Row> events) {
      return containsConversion(events) ? Journeys.CONVERTED : Journeys.ABANDONED;
    }

    private static boolean containsConversion(List<Row> events) {
      for (Row event : events) {
        if (event.getBoolean(9)) {
          return true;
        }
      }
      return false;
    }

    private static long micros(Row event) {
      Timestamp timestamp = event.getTimestamp(1);
      return timestamp.getTime() / 1000 * 1_000_000 + timestamp.getNanos() / 1000;
    }

    /** Field order of the sorted input: see {@link JourneyBuilder#build}. */
    private Row journey(String customer, List<Row> events, String outcome) {
      int count = events.size();
      List<Row> steps = new ArrayList<>(count);
      List<String> touchpoints = new ArrayList<>(count);
      List<String> stages = new ArrayList<>(count);
      Map<String, String> attributes = new LinkedHashMap<>();
      Double revenue = null;
      Integer conversionStep = null;
      int furthest = -1;
      int previousStage = -1;
      boolean conforms = true;
      boolean[] visited = new boolean[stageNames.size()];
      Row first = events.get(0);
      Row last = events.get(count - 1);
      long previousMicros = 0;
      for (int i = 0; i < count; i++) {
        Row event = events.get(i);
        long eventMicros = micros(event);
        String touchpoint = event.getString(6);
        String stage = event.isNullAt(7) ? null : event.getString(7);
        boolean conversion = event.getBoolean(9);
        Double eventRevenue = event.isNullAt(10) ? null : event.getDouble(10);
        steps.add(
            RowFactory.create(
                i + 1,
                event.getString(5),
                touchpoint,
                stage,
                event.isNullAt(8) ? null : event.getString(8),
                event.getTimestamp(1),
                i == 0 ? null : (eventMicros - previousMicros) / 1_000_000,
                conversion,
                eventRevenue));
        touchpoints.add(touchpoint);
        stages.add(stage);
        if (conversion && conversionStep == null) {
          conversionStep = i + 1;
        }
        if (eventRevenue != null) {
          revenue = revenue == null ? eventRevenue : revenue + eventRevenue;
        }
        Integer index = stage == null ? null : stageIndex.get(stage);
        if (index == null) {
          conforms = false;
        } else {
          if (index < previousStage) {
            conforms = false;
          }
          previousStage = index;
          visited[index] = true;
          furthest = Math.max(furthest, index);
        }
        if (!event.isNullAt(11)) {
          Map<String, String> eventAttributes = event.getJavaMap(11);
          eventAttributes.forEach((key, value) -> {
            if (value != null) {
              attributes.putIfAbsent(key, value);
            }
          });
        }
        previousMicros = eventMicros;
      }
      for (int i = 0; i <= furthest; i++) {
        conforms &= visited[i];
      }
      String firstEventId = first.getString(5);
      String journeyId = sha256(customer + "|" + firstEventId).substring(0, 32);
      long durationSeconds = (micros(last) - micros(first)) / 1_000_000;
      return RowFactory.create(
          journeyId,
          customer,
          first.getTimestamp(1),
          last.getTimestamp(1),
          outcome,
          count,
          seq(touchpoints),
          seq(stages),
          furthest < 0 ? null : stageNames.get(furthest),
          variantId(collapseRepeats ? collapse(touchpoints) : touchpoints),
          durationSeconds,
          revenue,
          conforms,
          null,
          first.isNullAt(8) ? null : first.getString(8),
          scala.jdk.javaapi.CollectionConverters.asScala(attributes),
          conversionStep,
          seq(steps));
    }

    /** Row encoders take Scala collections. */
    private static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
      return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
    }

    private static List<String> collapse(List<String> touchpoints) {
      List<String> collapsed = new ArrayList<>(touchpoints.size());
      for (String touchpoint : touchpoints) {
        if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(touchpoint)) {
          collapsed.add(touchpoint);
        }
      }
      return collapsed;
    }
  }
}
