package io.journeyminer.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.IdentityConfig;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.identity.IdentityStitcher;
import io.journeyminer.identity.StitchResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Phone numbers as numbers (libphonenumber), and one normalisation for Spark and plain Java. */
class TestIdentifierNormalizer extends SparkTestBase {

  private static final String SALT = "test-salt";
  private static final Set<String> PII = Set.of(Pii.EMAIL, Pii.PHONE);
  private static final IdentifierNormalizer US = new IdentifierNormalizer(Optional.of("US"));
  private static final IdentifierNormalizer NO_REGION = new IdentifierNormalizer(Optional.empty());

  /** Values real exports hold: no-break and zero-width spaces, byte-order marks, odd separators. */
  private static final List<String> AWKWARD =
      List.of(
          "+1 260-963-1150",
          "(260) 963-1150",
          "260.963.1150",
          "260\u00A0963\u00A01150",
          "\u00A0+1 260 963 1150\u00A0",
          "\uFEFF001 260 963 1150",
          "+1\u202F260\u202F963\u202F1150\u200B",
          "0049 151 12345678",
          "+49 (0)151 1234-5678",
          "12",
          "++1 260",
          "phone: none",
          "\u00A0",
          "",
          " Ann.Lee@Example.COM\u00A0",
          "\uFEFFann.lee@example.com");

  @Test
  void onePersonsPhoneSpellingsAreOneCustomer() {
    String yaml =
        """
        warehouse: w
        security: {insecure_development_salt: x, default_phone_region: us}
        journey_map:
          stages: [{name: purchase, touchpoints: [store_purchase]}]
          conversions: [store_purchase]
        sources:
          - {name: store, format: csv, path: x.csv, key: [id], timestamp: {column: ts}, identifiers: {phone: phone},
             touchpoint: {column: kind}}
        """;
    PipelineConfig config = ConfigLoader.parse("p.yaml", Path.of("/tmp"), yaml);
    assertThat(config.security().defaultPhoneRegion()).contains("US");
    Dataset<Row> raw =
        frame(
            "id STRING, ts STRING, phone STRING, kind STRING, _file STRING, _record_number BIGINT, _raw STRING, _malformed STRING",
            record(1, "+1 260-963-1150"),
            record(2, "(260) 963-1150"),
            record(3, "260\\u00A0963\\u00A01150"),
            record(4, "260.963.1150"),
            record(5, "(260) 963-115"));
    Dataset<Row> classified =
        new SourceIngest(
                config.sources().get(0),
                config.journeyMap(),
                SALT,
                PII,
                config.security().identifierNormalizer(),
                Instant.parse("2026-03-01T00:00:00Z"),
                Duration.ofDays(1))
            .classify(raw);
    Dataset<Row> events = IngestStep.events(classified);

    StitchResult stitched =
        new IdentityStitcher(new IdentityConfig(50, Map.of()), PII, SALT, config.security().identifierNormalizer()).stitch(events);

    // Four spellings of one number are one identifier and one customer; the too-short fifth is another.
    assertThat(stitched.identifiers()).isEqualTo(2);
    assertThat(stitched.customers()).isEqualTo(2);
    assertThat(stitched.events().select("customer_id").distinct().count()).isEqualTo(2);
    assertThat(stitched.identityMap().where(col("identifier_value").equalTo(Pii.hash(SALT, Pii.PHONE, "+12609631150"))).count())
        .isEqualTo(1);
    IngestStep.SourceCounts counts = IngestStep.countRecords(classified, List.of("store")).get("store");
    assertThat(counts.phoneUnparseable()).isEqualTo(1);
  }

  private static String record(int number, String phone) {
    return "{\"id\":\"" + number + "\",\"ts\":\"2026-02-01T10:00:0" + number + "Z\",\"phone\":\"" + phone
        + "\",\"kind\":\"store_purchase\",\"_file\":\"file:/x.csv\",\"_record_number\":" + number + ",\"_raw\":\"r" + number + "\"}";
  }

  @Test
  void sparkAndJavaStoreTheSameValueForAwkwardInput() {
    for (IdentifierNormalizer normalizer : List.of(US, NO_REGION)) {
      Dataset<Row> values = spark.createDataset(AWKWARD, Encoders.STRING()).toDF("value");
      for (String type : List.of(Pii.PHONE, Pii.EMAIL, "cookie")) {
        List<Row> rows =
            values
                .select(col("value"), normalizer.stored(SALT, PII, type, col("value")).as("stored"), normalizer.phoneUnparseable(col("value")).as("bad"))
                .collectAsList();
        assertThat(rows).hasSize(AWKWARD.size());
        for (Row row : rows) {
          String value = row.getString(0);
          assertThat(row.getString(1)).as(type + " " + Arrays.toString(value.toCharArray())).isEqualTo(normalizer.stored(SALT, PII, type, value));
          assertThat(row.getBoolean(2)).isEqualTo(normalizer.phoneUnparseable(value));
        }
      }
    }
  }

  @Test
  void validNumbersBecomeE164AndOthersKeepTheirDigits() {
    assertThat(US.normalize(Pii.PHONE, "(260) 963-1150")).isEqualTo("+12609631150");
    assertThat(US.normalize(Pii.PHONE, "260\u00A0963\u00A01150")).isEqualTo("+12609631150");
    assertThat(US.normalize(Pii.PHONE, "+49 (0)151 1234-5678")).isEqualTo("+4915112345678");
    assertThat(US.normalize(Pii.PHONE, "0049 151 12345678")).isEqualTo("+4915112345678");
    assertThat(US.normalize(Pii.PHONE, " Ann.Lee@Example.COM\u00A0")).isNull();
    // Without a region only numbers written with a country code are E.164; the others keep their digits.
    assertThat(NO_REGION.normalize(Pii.PHONE, "+1 260-963-1150")).isEqualTo("+12609631150");
    assertThat(NO_REGION.normalize(Pii.PHONE, "(260) 963-1150")).isEqualTo("2609631150");
    assertThat(NO_REGION.phoneUnparseable("(260) 963-1150")).isTrue();
    assertThat(US.phoneUnparseable("(260) 963-1150")).isFalse();
    assertThat(US.phoneUnparseable("12")).isTrue();
    assertThat(US.phoneUnparseable("phone: none")).isFalse();
    assertThat(US.normalize(Pii.EMAIL, "\uFEFF Ann.Lee@Example.COM\u00A0")).isEqualTo("ann.lee@example.com");
    assertThat(US.normalize("cookie", "\u00A0ck-1\u200B")).isEqualTo("ck-1");
  }
}
