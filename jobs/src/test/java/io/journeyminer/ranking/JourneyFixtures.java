package io.journeyminer.ranking;

import io.journeyminer.journeys.Journeys;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Journeys of schema {@link Journeys#WITH_STEPS} written as touchpoint{@code @}hours-from-start,
 * e.g. {@code converted("j1", 100.0, "Ad@0", "Web@24", "Purchase@48")}, where a converted
 * journey's last step is its conversion.
 */
final class JourneyFixtures {

  static final Instant START = Instant.parse("2024-03-01T00:00:00Z");

  private JourneyFixtures() {}

  static Dataset<Row> journeys(SparkSession spark, List<Row> journeys) {
    return spark.createDataFrame(journeys, Journeys.WITH_STEPS);
  }

  static Row converted(String id, Double revenue, String... steps) {
    return journey(id, Journeys.CONVERTED, revenue, steps);
  }

  static Row abandoned(String id, String... steps) {
    return journey(id, Journeys.ABANDONED, null, steps);
  }

  static Row inProgress(String id, String... steps) {
    return journey(id, Journeys.IN_PROGRESS, null, steps);
  }

  /** {@code count} copies of a journey shape, numbered from {@code id}-0. */
  static List<Row> times(int count, String id, String outcome, String... steps) {
    List<Row> journeys = new ArrayList<>();
    for (int copy = 0; copy < count; copy++) {
      journeys.add(journey(id + "-" + copy, outcome, null, steps));
    }
    return journeys;
  }

  static Row journey(String id, String outcome, Double revenue, String... steps) {
    boolean converted = outcome.equals(Journeys.CONVERTED);
    List<Row> stepRows = new ArrayList<>();
    List<String> touchpoints = new ArrayList<>();
    Instant previous = null;
    for (int index = 0; index < steps.length; index++) {
      String[] parts = steps[index].split("@");
      Instant occurredAt = START.plus(Duration.ofMinutes(Math.round(Double.parseDouble(parts[1]) * 60)));
      boolean conversion = converted && index == steps.length - 1;
      stepRows.add(
          RowFactory.create(
              index + 1,
              id + "-" + (index + 1),
              parts[0],
              null,
              null,
              Timestamp.from(occurredAt),
              previous == null ? null : Duration.between(previous, occurredAt).getSeconds(),
              conversion,
              conversion ? revenue : null));
      touchpoints.add(parts[0]);
      previous = occurredAt;
    }
    Instant startedAt = ((Timestamp) stepRows.get(0).get(5)).toInstant();
    return RowFactory.create(
        id,
        "customer-" + id,
        Timestamp.from(startedAt),
        Timestamp.from(previous),
        outcome,
        steps.length,
        touchpoints,
        Arrays.asList(new String[steps.length]),
        null,
        String.join(">", touchpoints),
        Duration.between(startedAt, previous).getSeconds(),
        revenue,
        true,
        null,
        null,
        Collections.<String, String>emptyMap(),
        converted ? steps.length : null,
        stepRows);
  }

  static Map<String, Row> byTouchpoint(List<Row> table) {
    Map<String, Row> rows = new LinkedHashMap<>();
    table.forEach(row -> rows.put(row.getAs(TouchpointRanking.TOUCHPOINT), row));
    return rows;
  }
}
