package io.journeyminer.identity;

import static io.journeyminer.identity.EventFixtures.event;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.IdentityConfig;
import io.journeyminer.ingest.Events;
import io.journeyminer.ingest.IdentifierNormalizer;
import io.journeyminer.ingest.Pii;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class TestIdentityStitcher extends SparkTestBase {

  private static final String SALT = "test-salt";
  private static final Set<String> PII = Set.of(Pii.EMAIL, Pii.PHONE);
  private static final IdentifierNormalizer NORMALIZER = new IdentifierNormalizer(Optional.of("DE"));

  private static String hashed(String type, String raw) {
    return NORMALIZER.stored(SALT, PII, type, raw);
  }

  private static IdentityStitcher stitcher(int maxDegree, Map<String, Set<String>> blocklist) {
    return new IdentityStitcher(new IdentityConfig(maxDegree, blocklist), PII, SALT, NORMALIZER);
  }

  /** Customer id of each event, by event id. */
  private static Map<String, String> customerByEvent(StitchResult result) {
    return result.events().select(Events.EVENT_ID, IdentityMap.CUSTOMER_ID).collectAsList().stream()
        .collect(Collectors.toMap(row -> row.getString(0), row -> String.valueOf(row.get(1))));
  }

  private static Row identifier(StitchResult result, String type, String value) {
    return result
        .identityMap()
        .filter(
            col(IdentityMap.IDENTIFIER_TYPE)
                .equalTo(type)
                .and(col(IdentityMap.IDENTIFIER_VALUE).equalTo(value)))
        .first();
  }

  @Test
  void identityChainAcrossThreeSourcesIsOneCustomer() {
    String email = hashed(Pii.EMAIL, " Ana.Lima@Example.com");
    Dataset<Row> events =
        EventFixtures.events(
            spark,
            List.of(
                event("web-1", "web", "2024-03-01T10:00:00Z", Map.of("cookie", "ck-1")),
                event("web-2", "web", "2024-03-02T10:00:00Z", Map.of("cookie", "ck-1", "user_id", "u-1")),
                event("crm-1", "crm", "2024-03-03T10:00:00Z", Map.of("user_id", "u-1", "crm_id", "crm-9")),
                event("crm-2", "crm", "2024-03-04T10:00:00Z", Map.of("crm_id", "crm-9", "email", email)),
                event("store-1", "store", "2024-03-05T10:00:00Z", Map.of("email", email, "loyalty_id", "L-1")),
                event("web-3", "web", "2024-03-06T10:00:00Z", Map.of("cookie", "ck-2"))));

    StitchResult result = stitcher(50, Map.of()).stitch(events);

    Map<String, String> customers = customerByEvent(result);
    assertThat(
            Stream.of("web-1", "web-2", "crm-1", "crm-2", "store-1").map(customers::get).distinct())
        .hasSize(1);
    assertThat(customers.get("web-3")).isNotEqualTo(customers.get("web-1"));
    assertThat(customers.values()).allMatch(id -> id.matches("c_[0-9a-f]{16}"));
    assertThat(result.customers()).isEqualTo(2);
    assertThat(result.identifiers()).isEqualTo(6);
    assertThat(result.eventsWithoutCustomer()).isZero();
    assertThat(result.overMergedIdentifiers()).isZero();
    assertThat(result.events().count()).isEqualTo(6);

    Row cookie = identifier(result, "cookie", "ck-1");
    assertThat(cookie.<String>getAs(IdentityMap.CUSTOMER_ID)).isEqualTo(customers.get("web-1"));
    assertThat(cookie.<Timestamp>getAs(IdentityMap.FIRST_SEEN).toInstant())
        .isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    assertThat(cookie.<Timestamp>getAs(IdentityMap.LAST_SEEN).toInstant())
        .isEqualTo(Instant.parse("2024-03-02T10:00:00Z"));
    assertThat(cookie.<Long>getAs(IdentityMap.DEGREE)).isEqualTo(1L);
    assertThat(identifier(result, "user_id", "u-1").<Long>getAs(IdentityMap.DEGREE)).isEqualTo(2L);
    assertThat(identifier(result, "email", email).<String>getAs(IdentityMap.BLOCKED)).isNull();
  }

  @Test
  void sharedGuestCardDoesNotMergeItsFiveThousandShoppers() {
    Dataset<Row> guestSales =
        spark
            .range(5000)
            .select(
                concat(lit("sale-"), col("id")).as(Events.EVENT_ID),
                lit("store").as(Events.SOURCE),
                timestamp_seconds(lit(1_700_000_000L).plus(col("id"))).as(Events.OCCURRED_AT),
                map(lit("cookie"), concat(lit("ck-"), col("id")), lit("loyalty_id"), lit("GUEST"))
                    .as(Events.IDENTIFIERS));
    Dataset<Row> loyalSales =
        spark
            .range(3)
            .select(
                concat(lit("loyal-"), col("id")).as(Events.EVENT_ID),
                lit("store").as(Events.SOURCE),
                timestamp_seconds(lit(1_700_000_000L).plus(col("id"))).as(Events.OCCURRED_AT),
                map(lit("cookie"), concat(lit("lc-"), col("id")), lit("loyalty_id"), lit("L-7"))
                    .as(Events.IDENTIFIERS));
    Dataset<Row> events = EventFixtures.complete(guestSales.unionByName(loyalSales));

    StitchResult result = stitcher(50, Map.of()).stitch(events);

    assertThat(result.customers()).isEqualTo(5001);
    List<Row> overMerged = result.overMerged().collectAsList();
    assertThat(overMerged).hasSize(1);
    assertThat(overMerged.get(0).<String>getAs(IdentityMap.IDENTIFIER_VALUE)).isEqualTo("GUEST");
    assertThat(overMerged.get(0).<Long>getAs(IdentityMap.DEGREE)).isEqualTo(5000L);
    assertThat(overMerged.get(0).<String>getAs(IdentityMap.REASON)).isEqualTo(IdentityMap.MAX_DEGREE);
    assertThat(identifier(result, "loyalty_id", "GUEST").<String>getAs(IdentityMap.CUSTOMER_ID)).isNull();

    Row guestCustomers =
        result
            .events()
            .filter(col(Events.EVENT_ID).startsWith("sale-"))
            .agg(count_distinct(col(IdentityMap.CUSTOMER_ID)))
            .first();
    assertThat(guestCustomers.getLong(0)).isEqualTo(5000L);
    Row loyalCustomers =
        result
            .events()
            .filter(col(Events.EVENT_ID).startsWith("loyal-"))
            .agg(count_distinct(col(IdentityMap.CUSTOMER_ID)))
            .first();
    assertThat(loyalCustomers.getLong(0)).isEqualTo(1L);
    assertThat(result.eventsWithoutCustomer()).isZero();
  }

  @Test
  void blocklistedValuesLinkNobody() {
    String familyEmail = hashed(Pii.EMAIL, "family@example.com");
    Dataset<Row> events =
        EventFixtures.events(
            spark,
            List.of(
                event("web-1", "web", "2024-03-01T10:00:00Z", Map.of("cookie", "a", "email", familyEmail)),
                event("web-2", "web", "2024-03-02T10:00:00Z", Map.of("cookie", "b", "email", familyEmail)),
                event("crm-1", "crm", "2024-03-03T10:00:00Z", Map.of("email", familyEmail)),
                event("store-1", "store", "2024-03-04T10:00:00Z", Map.of("cookie", "c", "loyalty_id", "STORE-GUEST")),
                event("store-2", "store", "2024-03-05T10:00:00Z", Map.of("cookie", "d", "loyalty_id", "STORE-GUEST"))));
    // Raw, un-normalised e-mail in the config: it must be normalised and hashed like the events.
    Map<String, Set<String>> blocklist =
        Map.of("email", Set.of(" Family@Example.COM "), "loyalty_id", Set.of("STORE-GUEST"));

    StitchResult result = stitcher(50, blocklist).stitch(events);

    assertThat(result.customers()).isEqualTo(4);
    assertThat(result.eventsWithoutCustomer()).isEqualTo(1);
    assertThat(customerByEvent(result).get("crm-1")).isEqualTo("null");
    assertThat(result.overMergedIdentifiers()).isEqualTo(2);
    assertThat(result.overMerged().filter(col(IdentityMap.REASON).equalTo(IdentityMap.BLOCKLIST)).count())
        .isEqualTo(2);
    Row email = identifier(result, "email", familyEmail);
    assertThat(email.<String>getAs(IdentityMap.BLOCKED)).isEqualTo(IdentityMap.BLOCKLIST);
    assertThat(email.<Long>getAs(IdentityMap.DEGREE)).isEqualTo(2L);
    assertThat(email.<String>getAs(IdentityMap.CUSTOMER_ID)).isNull();
  }

  @Test
  void outputsHaveThePublishedSchemas() {
    Dataset<Row> events =
        EventFixtures.events(
            spark, List.of(event("web-1", "web", "2024-03-01T10:00:00Z", Map.of("cookie", "a"))));

    StitchResult result = stitcher(50, Map.of()).stitch(events);

    assertThat(namesAndTypes(result.identityMap().schema().fields()))
        .isEqualTo(namesAndTypes(IdentityMap.SCHEMA.fields()));
    assertThat(namesAndTypes(result.overMerged().schema().fields()))
        .isEqualTo(namesAndTypes(IdentityMap.OVER_MERGED_SCHEMA.fields()));
    assertThat(result.events().columns())
        .containsExactly(concatenated(Events.SCHEMA.fieldNames(), IdentityMap.CUSTOMER_ID));
    assertThat(result.customers()).isEqualTo(1);
    assertThat(result.rounds()).isZero();
  }

  private static List<String> namesAndTypes(StructField[] fields) {
    return java.util.Arrays.stream(fields)
        .map(field -> field.name() + ":" + field.dataType().simpleString())
        .toList();
  }

  private static String[] concatenated(String[] names, String last) {
    String[] all = java.util.Arrays.copyOf(names, names.length + 1);
    all[names.length] = last;
    return all;
  }
}
