package io.journeyminer.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TestJourneyBuilder extends SparkTestBase {

  private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");

  private static final String CONFIG =
      """
      warehouse: w
      journeys: {inactivity_timeout: 30d, split_after_conversion: %s}
      journey_map:
        stages:
          - {name: awareness, touchpoints: [ad_click]}
          - {name: consideration, touchpoints: [product_view, sales_call]}
          - {name: purchase, touchpoints: [web_purchase]}
          - {name: retention, touchpoints: [order_tracking, support_chat], after_conversion: true}
        conversions: [web_purchase]
      sources:
        - {name: crm, format: csv, path: c.csv, timestamp: {column: t}, identifiers: {crm_id: id}, touchpoint: {column: k}}
        - {name: web, format: csv, path: w.csv, timestamp: {column: t}, identifiers: {cookie: id}, touchpoint: {column: k}}
      """;

  private static final String DDL =
      "customer_id STRING, occurred_at TIMESTAMP, source STRING, file STRING, record_number BIGINT, event_id STRING,"
          + " touchpoint STRING, stage STRING, channel STRING, is_conversion BOOLEAN, revenue DOUBLE, attributes MAP<STRING,STRING>";

  private final List<String> events = new ArrayList<>();

  @org.junit.jupiter.api.BeforeEach
  void clearEvents() {
    events.clear();
  }

  private void event(String customer, String at, String source, long record, String touchpoint) {
    String stage =
        switch (touchpoint) {
          case "ad_click" -> "\"awareness\"";
          case "product_view", "sales_call" -> "\"consideration\"";
          case "web_purchase" -> "\"purchase\"";
          case "order_tracking", "support_chat" -> "\"retention\"";
          default -> "null";
        };
    boolean conversion = touchpoint.equals("web_purchase");
    events.add(
        String.format(
            "{\"customer_id\":\"%s\",\"occurred_at\":\"%s\",\"source\":\"%s\",\"file\":\"f-%s\",\"record_number\":%d,"
                + "\"event_id\":\"%s-%d\",\"touchpoint\":\"%s\",\"stage\":%s,\"channel\":\"ch-%s\",\"is_conversion\":%s,"
                + "\"revenue\":%s,\"attributes\":{\"country\":\"DE\"}}",
            customer, at, source, source, record, source, record, touchpoint, stage, touchpoint, conversion,
            conversion ? "10.0" : "null"));
  }

  private Dataset<Row> build(boolean split) {
    PipelineConfig config = ConfigLoader.parse("p.yaml", Path.of("/tmp"), String.format(CONFIG, split));
    return new JourneyBuilder(config, AS_OF).build(frame(DDL, events.toArray(String[]::new)));
  }

  private static Row only(Dataset<Row> journeys, String customer) {
    List<Row> rows = journeys.where("customer_id = '" + customer + "'").collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  @Test
  void outcomeAtTheTimeoutBoundaryBeforeAsOf() {
    // as_of - 30 days = 2026-01-30T00:00:00Z
    event("short", "2026-01-30T00:00:01Z", "web", 1, "ad_click");
    event("past", "2026-01-29T23:59:59Z", "web", 2, "ad_click");
    event("exact", "2026-01-30T00:00:00Z", "web", 3, "ad_click");
    Dataset<Row> journeys = build(true);

    assertThat(only(journeys, "short").<String>getAs("outcome")).isEqualTo("in_progress");
    assertThat(only(journeys, "past").<String>getAs("outcome")).isEqualTo("abandoned");
    // Exactly the timeout is no longer closer to as_of than the timeout.
    assertThat(only(journeys, "exact").<String>getAs("outcome")).isEqualTo("abandoned");
  }

  @Test
  void conversionsAndGapsCutJourneys() {
    event("a", "2026-01-01T10:00:00Z", "web", 1, "ad_click");
    event("a", "2026-01-01T10:10:00Z", "web", 2, "product_view");
    event("a", "2026-01-01T10:20:00Z", "web", 3, "web_purchase");
    event("a", "2026-01-02T09:00:00Z", "web", 4, "ad_click");
    event("a", "2026-02-20T09:00:00Z", "web", 5, "ad_click");

    List<Row> split = build(true).where("customer_id = 'a'").orderBy("started_at").collectAsList();
    assertThat(split).extracting(r -> r.<String>getAs("outcome")).containsExactly("converted", "abandoned", "in_progress");
    Row converted = split.get(0);
    assertThat(converted.<Integer>getAs("event_count")).isEqualTo(3);
    assertThat(converted.<Long>getAs("duration_seconds")).isEqualTo(1200L);
    assertThat(converted.<Double>getAs("revenue")).isEqualTo(10.0);
    assertThat(converted.<Integer>getAs("conversion_step")).isEqualTo(3);
    assertThat(converted.<String>getAs("furthest_stage")).isEqualTo("purchase");
    assertThat(converted.<Boolean>getAs("conforms")).isTrue();
    assertThat(converted.<String>getAs("first_touch_channel")).isEqualTo("ch-ad_click");
    assertThat(converted.<String>getAs("variant_id")).isEqualTo(JourneyBuilder.variantId(List.of("ad_click", "product_view", "web_purchase")));
    List<Row> steps = converted.getList(converted.fieldIndex("steps"));
    assertThat(steps).extracting(s -> s.<Long>getAs("seconds_since_previous")).containsExactly(null, 600L, 600L);

    List<Row> unsplit = build(false).where("customer_id = 'a'").orderBy("started_at").collectAsList();
    assertThat(unsplit).extracting(r -> r.<String>getAs("outcome")).containsExactly("converted", "in_progress");
    assertThat(unsplit.get(0).<Integer>getAs("event_count")).isEqualTo(4);
  }

  @Test
  void touchesAfterAPurchaseStayInItsJourneyAndOpenNone() {
    event("buyer", "2026-01-01T10:00:00Z", "web", 1, "product_view");
    event("buyer", "2026-01-01T10:20:00Z", "web", 2, "web_purchase");
    event("buyer", "2026-01-03T09:00:00Z", "web", 3, "order_tracking");
    event("buyer", "2026-01-20T09:00:00Z", "crm", 4, "support_chat");
    // 30 days after the purchase and more: the late chat alone opens nothing.
    event("buyer", "2026-02-05T09:00:00Z", "crm", 5, "support_chat");
    // Only after-conversion touches and no conversion before them: no journey at all.
    event("tail-only", "2026-02-20T09:00:00Z", "crm", 6, "support_chat");
    event("tail-only", "2026-02-21T09:00:00Z", "web", 7, "order_tracking");

    Dataset<Row> journeys = build(true);
    Row converted = only(journeys, "buyer");
    assertThat(converted.<String>getAs("outcome")).isEqualTo("converted");
    assertThat(converted.getList(converted.fieldIndex("touchpoints")))
        .containsExactly("product_view", "web_purchase", "order_tracking", "support_chat");
    assertThat(converted.<Integer>getAs("conversion_step")).isEqualTo(2);
    assertThat(converted.<String>getAs("furthest_stage")).isEqualTo("retention");
    assertThat(converted.<Timestamp>getAs("ended_at").toInstant()).isEqualTo(Instant.parse("2026-01-20T09:00:00Z"));
    assertThat(journeys.where("customer_id = 'tail-only'").count()).isZero();
    assertThat(JourneyBuilder.stepsTable(journeys).count()).isEqualTo(4);
    // Without splitting, the journey goes on as long as events come within the timeout, but the
    // tail-only customer still has none.
    assertThat(build(false).where("customer_id = 'tail-only'").count()).isZero();
  }

  @Test
  void aNewTouchAfterThePurchaseEndsItsTail() {
    event("again", "2026-01-01T10:20:00Z", "web", 1, "web_purchase");
    event("again", "2026-01-02T10:00:00Z", "web", 2, "order_tracking");
    event("again", "2026-01-05T10:00:00Z", "web", 3, "ad_click");
    event("again", "2026-01-06T10:00:00Z", "web", 4, "support_chat");

    List<Row> journeys = build(true).where("customer_id = 'again'").orderBy("started_at").collectAsList();
    assertThat(journeys).extracting(r -> r.getList(r.fieldIndex("touchpoints")))
        .containsExactly(List.of("web_purchase", "order_tracking"), List.of("ad_click", "support_chat"));
  }

  @Test
  void sameTimestampEventsFollowTheConfiguredSourceOrderThenFilePosition() {
    event("t", "2026-02-25T08:00:00Z", "web", 1, "product_view");
    event("t", "2026-02-25T08:00:00Z", "crm", 9, "sales_call");
    event("t", "2026-02-25T08:00:00Z", "crm", 2, "ad_click");
    Row journey = only(build(true), "t");

    assertThat(journey.getList(journey.fieldIndex("touchpoints"))).containsExactly("ad_click", "sales_call", "product_view");
    // awareness -> consideration -> consideration: conforms
    assertThat(journey.<Boolean>getAs("conforms")).isTrue();
  }

  @Test
  void stageRegressionsAndSkipsDoNotConform() {
    event("back", "2026-02-25T08:00:00Z", "web", 1, "product_view");
    event("back", "2026-02-25T09:00:00Z", "web", 2, "ad_click");
    event("skip", "2026-02-25T08:00:00Z", "web", 3, "ad_click");
    event("skip", "2026-02-25T09:00:00Z", "web", 4, "web_purchase");
    Dataset<Row> journeys = build(true);

    assertThat(only(journeys, "back").<Boolean>getAs("conforms")).isFalse();
    assertThat(only(journeys, "skip").<Boolean>getAs("conforms")).isFalse();
    assertThat(only(journeys, "skip").<String>getAs("furthest_stage")).isEqualTo("purchase");
  }

  @Test
  void rerunsGiveIdenticalJourneys() {
    for (int customer = 0; customer < 40; customer++) {
      for (int step = 0; step < 5; step++) {
        event("c" + customer, "2026-02-0" + (1 + step) + "T08:00:00Z", step % 2 == 0 ? "web" : "crm", customer * 10L + step,
            step == 4 && customer % 3 == 0 ? "web_purchase" : step % 2 == 0 ? "ad_click" : "product_view");
      }
    }
    String first = fingerprint(build(true));
    String second = fingerprint(build(true));

    assertThat(first).isEqualTo(second);
    assertThat(first.lines().count()).isEqualTo(40);
  }

  private static String fingerprint(Dataset<Row> journeys) {
    return journeys.orderBy("journey_id").collectAsList().stream().map(Row::toString).collect(Collectors.joining("\n"));
  }
}
