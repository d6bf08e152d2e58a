package io.journeyminer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.config.SourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TestSourceIngest extends SparkTestBase {

  private static final String SALT = "test-salt";
  private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");
  private static final IdentifierNormalizer NORMALIZER = new IdentifierNormalizer(java.util.Optional.of("DE"));

  private static final String CONFIG =
      """
      warehouse: w
      security: {insecure_development_salt: x}
      journey_map:
        stages:
          - {name: awareness, touchpoints: [ad_click, newsletter]}
          - {name: consideration, touchpoints: [product_view, sales_call]}
          - {name: purchase, touchpoints: [web_purchase]}
        conversions: [web_purchase]
      sources:
        - name: web
          format: csv
          path: x.csv
          key: [id]
          timestamp: {column: ts, format: "yyyy-MM-dd HH:mm:ss", timezone: Europe/Berlin}
          identifiers: {cookie: cookie, email: email, phone: phone}
          touchpoint:
            rules:
              - {sql: "kind = 'order' AND try_cast(amount AS DOUBLE) > 0", touchpoint: web_purchase}
              - {column: path, matches: "^/products/", touchpoint: product_view}
              - {column: kind, in: [ad, banner], touchpoint: ad_click}
              - {column: kind, equals: mail, touchpoint: newsletter}
          channel: {column: medium}
          revenue: amount
          attributes: {note: note}
      """;

  private static final String RAW_DDL =
      "id STRING, ts STRING, cookie STRING, email STRING, phone STRING, kind STRING, path STRING, medium STRING,"
          + " amount STRING, note STRING, _file STRING, _record_number BIGINT, _raw STRING, _malformed STRING";

  private Dataset<Row> classify(String... json) {
    PipelineConfig config = ConfigLoader.parse("p.yaml", Path.of("/tmp"), CONFIG);
    SourceConfig source = config.sources().get(0);
    return new SourceIngest(source, config.journeyMap(), SALT, Set.of("email", "phone"), NORMALIZER, AS_OF, Duration.ofDays(1))
        .classify(frame(RAW_DDL, json));
  }

  private static String line(String id, String ts, String cookie, String email, String kind, String path, String amount, long number) {
    return String.format(
        "{\"id\":\"%s\",\"ts\":%s,\"cookie\":%s,\"email\":%s,\"phone\":\"+49 (151) 000-1234\",\"kind\":\"%s\",\"path\":\"%s\","
            + "\"medium\":\"cpc\",\"amount\":%s,\"note\":\"ask %s\",\"_file\":\"file:/x.csv\",\"_record_number\":%d,\"_raw\":\"%s,%s,%s\"}",
        id, ts == null ? "null" : "\"" + ts + "\"", cookie == null ? "null" : "\"" + cookie + "\"",
        email == null ? "null" : "\"" + email + "\"", kind, path, amount == null ? "null" : "\"" + amount + "\"",
        email == null ? "nobody" : email, number, id, email == null ? "" : email, kind);
  }

  @Test
  void everyRecordIsEitherAnEventOrARejectWithItsReason() {
    Dataset<Row> classified =
        classify(
            line("1", "2026-02-01 10:00:00", "ck1", " Ann@Example.COM ", "ad", "/", null, 1),
            line("2", "2026-02-01 10:05:00", "ck1", null, "view", "/products/42", null, 2),
            line("3", "2026-02-01 10:09:00", "ck1", null, "order", "/checkout", "59.90", 3),
            line("4", "31.02.2026", "ck1", null, "ad", "/", null, 4),
            line("5", "2026-02-01 10:00:00", null, null, "ad", "/", null, 5).replace("\"phone\":\"+49 (151) 000-1234\"", "\"phone\":null"),
            line("6", "2026-02-01 10:00:00", "ck2", null, "tweet", "/", null, 6),
            line("7", "2026-03-05 10:00:00", "ck2", null, "ad", "/", null, 7),
            "{\"_file\":\"file:/x.csv\",\"_record_number\":8,\"_raw\":\"garbage\",\"_malformed\":\"expected 10 fields, found 1\"}",
            line("9", "2026-02-01 11:00:00", "ck3", null, "ad", "/", "12,50 EUR", 9));

    Map<String, String> reasons = new HashMap<>();
    for (Row row : classified.select("record_number", "reason").collectAsList()) {
      reasons.put(String.valueOf(row.getLong(0)), row.isNullAt(1) ? "accepted" : row.getString(1));
    }
    assertThat(reasons)
        .containsEntry("1", "accepted")
        .containsEntry("2", "accepted")
        .containsEntry("3", "accepted")
        .containsEntry("4", "bad_timestamp")
        .containsEntry("5", "missing_identifier")
        .containsEntry("6", "unmapped_touchpoint")
        .containsEntry("7", "future_timestamp")
        .containsEntry("8", "malformed_record")
        .containsEntry("9", "accepted");

    Row purchase = classified.where("record_number = 3").first();
    assertThat(purchase.<String>getAs("touchpoint")).isEqualTo("web_purchase");
    assertThat(purchase.<String>getAs("stage")).isEqualTo("purchase");
    assertThat(purchase.<Boolean>getAs("is_conversion")).isTrue();
    assertThat(purchase.<Double>getAs("revenue")).isEqualTo(59.90);
    assertThat(purchase.<String>getAs("channel")).isEqualTo("cpc");
    assertThat(purchase.getTimestamp(purchase.fieldIndex("occurred_at")).toInstant()).hasToString("2026-02-01T09:09:00Z");

    // A revenue that is not a number is kept as null, flagged, and counted for the manifest.
    Row unreadableRevenue = classified.where("record_number = 9").first();
    assertThat(unreadableRevenue.isNullAt(unreadableRevenue.fieldIndex("revenue"))).isTrue();
    assertThat(unreadableRevenue.<Boolean>getAs(SourceIngest.REVENUE_UNREADABLE)).isTrue();
    assertThat(purchase.<Boolean>getAs(SourceIngest.REVENUE_UNREADABLE)).isFalse();
    assertThat(classified.where("record_number = 1").first().<Boolean>getAs(SourceIngest.REVENUE_UNREADABLE)).isFalse();
    IngestStep.SourceCounts counts = IngestStep.countRecords(classified, java.util.List.of("web")).get("web");
    assertThat(counts.read()).isEqualTo(9);
    assertThat(counts.candidates()).isEqualTo(4);
    assertThat(counts.revenueUnreadable()).isEqualTo(1);

    Row unmapped = classified.where("record_number = 6").first();
    assertThat(unmapped.<String>getAs("detail")).isEqualTo("no touchpoint for path='/', kind='tweet'");
    Row badTime = classified.where("record_number = 4").first();
    assertThat(badTime.<String>getAs("detail")).isEqualTo("ts='31.02.2026' is not a timestamp in format yyyy-MM-dd HH:mm:ss");
  }

  @Test
  void emailAndPhoneAreNormalisedHashedAndRedacted() {
    Row first = classify(line("1", "2026-02-01 10:00:00", "ck1", " Ann@Example.COM ", "ad", "/", null, 1)).first();
    Map<String, String> identifiers = first.getJavaMap(first.fieldIndex("identifiers"));
    assertThat(identifiers)
        .containsEntry("cookie", "ck1")
        .containsEntry("email", Pii.hash(SALT, "email", "ann@example.com"))
        .containsEntry("phone", Pii.hash(SALT, "phone", "+491510001234"));
    // +49 (151) 000-1234 is too short for a German mobile number: kept as its digits and counted.
    assertThat(first.<Boolean>getAs(SourceIngest.PHONE_UNPARSEABLE)).isTrue();
    Map<String, String> attributes = first.getJavaMap(first.fieldIndex("attributes"));
    assertThat(attributes.get("note")).contains("ask").contains("[email redacted]").doesNotContain("@");

    Row rejected = classify(line("4", "bad", "ck1", "ann@example.com", "ad", "/", null, 4)).first();
    assertThat(rejected.<String>getAs("raw")).isEqualTo("4,[email redacted],ad").doesNotContain("@");
  }

  @Test
  void phonesInRecordsThatCannotBeParsedAreRedactedButDatesAreKept() {
    Row malformed =
        classify(
                "{\"_file\":\"file:/x.csv\",\"_record_number\":1,\"_malformed\":\"expected 10 fields, found 4\","
                    + "\"_raw\":\"x,+49-157-28268392,0151 2345678,2026-02-01 10:00:00,01.02.2026\"}")
            .first();
    assertThat(malformed.<String>getAs("raw")).isEqualTo("x,[phone redacted],[phone redacted],2026-02-01 10:00:00,01.02.2026");
  }

  @Test
  void eventIdDependsOnSourceAndNaturalKeyOnly() {
    List<Row> rows =
        classify(
                line("1", "2026-02-01 10:00:00", "ck1", null, "ad", "/", null, 1),
                line("1", "2026-02-01 10:00:00", "ck1", null, "ad", "/", null, 2),
                line("2", "2026-02-01 10:00:00", "ck1", null, "ad", "/", null, 3))
            .select("event_id")
            .collectAsList();
    assertThat(rows.get(0).getString(0)).isEqualTo(rows.get(1).getString(0)).hasSize(32);
    assertThat(rows.get(2).getString(0)).isNotEqualTo(rows.get(0).getString(0));
  }

  @Test
  void recordsFailingTheFilterAreCountedAsFilteredNeitherEventsNorRejects() {
    PipelineConfig config =
        ConfigLoader.parse("p.yaml", Path.of("/tmp"), CONFIG.replace("    key: [id]", "    filter: \"medium <> 'bot'\"\n    key: [id]"));
    Dataset<Row> classified =
        new SourceIngest(config.sources().get(0), config.journeyMap(), SALT, Set.of("email", "phone"), NORMALIZER, AS_OF, Duration.ofDays(1))
            .classify(
                frame(
                    RAW_DDL,
                    line("1", "2026-02-01 10:00:00", "ck1", null, "ad", "/", null, 1),
                    line("2", "2026-02-01 10:05:00", "ck1", null, "ad", "/", null, 2).replace("\"cpc\"", "\"bot\""),
                    // Filtered before it is judged: its bad timestamp does not make it a reject.
                    line("3", "31.02.2026", "ck1", null, "ad", "/", null, 3).replace("\"cpc\"", "\"bot\""),
                    // A null the predicate cannot judge fails it, as in SQL's WHERE.
                    line("4", "2026-02-01 10:05:00", "ck1", null, "ad", "/", "x", 4).replace("\"cpc\"", "null"),
                    "{\"_file\":\"file:/x.csv\",\"_record_number\":5,\"_raw\":\"garbage\",\"_malformed\":\"expected 10 fields, found 1\"}"));

    IngestStep.SourceCounts counts = IngestStep.countRecords(classified, List.of("web")).get("web");
    assertThat(counts.read()).isEqualTo(5);
    assertThat(counts.filtered()).isEqualTo(3);
    assertThat(counts.candidates()).isEqualTo(1);
    assertThat(counts.rejectedByReason()).containsOnly(Map.entry("malformed_record", 1L));
    assertThat(counts.revenueUnreadable()).isZero();
    assertThat(IngestStep.events(classified).count()).isEqualTo(1);
    assertThat(IngestStep.rejects(classified).count()).isEqualTo(1);
    assertThat(IngestStep.duplicates(classified)).containsEntry("web", 0L);
  }

  @Test
  void aFilterThatIsNotAPredicateFailsNamingIt() {
    PipelineConfig config =
        ConfigLoader.parse("p.yaml", Path.of("/tmp"), CONFIG.replace("    key: [id]", "    filter: \"upper(medium)\"\n    key: [id]"));
    SourceIngest ingest =
        new SourceIngest(config.sources().get(0), config.journeyMap(), SALT, Set.of("email"), NORMALIZER, AS_OF, Duration.ofDays(1));
    assertThatThrownBy(() -> ingest.classify(frame(RAW_DDL)))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("source web: filter = 'upper(medium)' is a string expression, expected a predicate");
  }

  @Test
  void aMissingColumnFailsEarlyNamingTheKeyAndTheAvailableColumns() {
    PipelineConfig config = ConfigLoader.parse("p.yaml", Path.of("/tmp"), CONFIG.replace("revenue: amount", "revenue: total_amount"));
    SourceIngest ingest =
        new SourceIngest(config.sources().get(0), config.journeyMap(), SALT, Set.of("email"), NORMALIZER, AS_OF, Duration.ofDays(1));
    assertThatThrownBy(() -> ingest.classify(frame(RAW_DDL)))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("source web")
        .hasMessageContaining("revenue = 'total_amount'")
        .hasMessageContaining("available: id, ts, cookie");
  }
}
