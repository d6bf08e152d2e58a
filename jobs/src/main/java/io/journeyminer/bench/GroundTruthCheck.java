package io.journeyminer.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.identity.IdentityMap;
import io.journeyminer.identity.PairwiseScores;
import io.journeyminer.ingest.IdentifierNormalizer;
import io.journeyminer.journeys.Journeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A published run checked against the {@code ground_truth/} the data generator wrote beside the
 * exports: stitching as pairwise precision and recall over identifiers, journey counts per outcome,
 * and each source's read/accepted/rejected/duplicate counts. Identifiers and journeys are compared
 * on Spark and only totals reach the driver; the per-source counts are small JSON files.
 */
public final class GroundTruthCheck {

  private static final String TYPE = "identifier_type";
  private static final String VALUE = "identifier_value";
  private static final String CUSTOMER = "customer";
  private static final StructType IDENTIFIERS =
      new StructType().add(TYPE, DataTypes.StringType).add(VALUE, DataTypes.StringType).add(CUSTOMER, DataTypes.StringType);
  private static final List<String> COUNTS_NOT_REASONS = List.of("read", "accepted", "duplicates");

  private final SparkSession spark;
  private final Path groundTruth;
  private final String salt;
  private final Set<String> piiTypes;
  private final IdentifierNormalizer normalizer;
  private final Set<String> identifierTypes = new TreeSet<>();

  /**
   * @param dataSet the generated folder holding {@code ground_truth/}
   * @param config the config the run used: which identifier types it reads and hashes
   * @param salt the run's hashing salt, to hash the true e-mails and phones as the run did
   */
  public GroundTruthCheck(SparkSession spark, Path dataSet, PipelineConfig config, String salt) {
    this.spark = spark;
    this.groundTruth = dataSet.resolve("ground_truth");
    this.salt = salt;
    this.piiTypes = Set.copyOf(config.security().piiIdentifiers());
    this.normalizer = config.security().identifierNormalizer();
    for (SourceConfig source : config.sources()) {
      identifierTypes.addAll(source.identifiers().keySet());
    }
  }

  /**
   * How well {@code identityMap} (the published table) groups the true identifiers into customers.
   * Identifiers the truth lists as shared by many customers (the guest card) belong to nobody and are
   * left out; a true identifier missing from the table counts as a customer of its own.
   */
  public StitchingAccuracy stitching(Dataset<Row> identityMap) {
    Dataset<Row> truth = trueIdentifiers().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> published =
          identityMap.select(
              concat_ws("|", col(IdentityMap.IDENTIFIER_TYPE), col(IdentityMap.IDENTIFIER_VALUE)).as(PairwiseScores.ITEM),
              col(IdentityMap.CUSTOMER_ID).as(PairwiseScores.CLUSTER));
      Dataset<Row> predicted = published.join(truth.select(PairwiseScores.ITEM), PairwiseScores.ITEM);
      PairwiseScores scores = PairwiseScores.compute(predicted, truth);
      return new StitchingAccuracy(
          truth.count(),
          identityMap.count(),
          predicted.count(),
          scores.truePositivePairs(),
          scores.predictedPairs(),
          scores.truthPairs(),
          scores.precision(),
          scores.recall());
    } finally {
      truth.unpersist();
    }
  }

  /** Journeys per outcome in the published table against {@code ground_truth/journeys.csv}. */
  public JourneyAccuracy journeys(Dataset<Row> journeys) {
    Dataset<Row> truth = csv("journeys.csv", null);
    return JourneyAccuracy.of(countsBy(truth, "outcome"), countsBy(journeys, Journeys.OUTCOME));
  }

  /**
   * Each source's counts from the run manifest: whether {@code read = accepted + rejected +
   * duplicates} holds, and whether the counts equal the defects the generator injected.
   */
  public List<SourceReconciliation> reconciliation(JsonNode manifest) throws IOException {
    JsonNode declared = new ObjectMapper().readTree(groundTruth.resolve("defects.json").toFile());
    List<SourceReconciliation> result = new ArrayList<>();
    for (JsonNode source : manifest.path("sources")) {
      String name = source.path("source").asText();
      JsonNode expected = declared.path(name);
      boolean matches = !expected.isMissingNode();
      for (Map.Entry<String, JsonNode> count : expected.properties()) {
        JsonNode observed = COUNTS_NOT_REASONS.contains(count.getKey()) ? source.path(count.getKey()) : source.path("rejected_by_reason").path(count.getKey());
        matches &= observed.asLong(0) == count.getValue().asLong();
      }
      long read = source.path("read").asLong();
      long accepted = source.path("accepted").asLong();
      long rejected = source.path("rejected").asLong();
      long duplicates = source.path("duplicates").asLong();
      long filtered = source.path("filtered").asLong(0);
      result.add(
          new SourceReconciliation(name, read, accepted, rejected, duplicates, read == accepted + rejected + duplicates + filtered, matches));
    }
    return result;
  }

  /** {@code type|stored value} to true customer, the values normalised and hashed as a run stores them. */
  private Dataset<Row> trueIdentifiers() {
    Dataset<Row> shared = csv("shared_identifiers.csv", null).select(TYPE, VALUE);
    Dataset<Row> personal = csv("identifiers.csv", IDENTIFIERS).join(shared, new String[] {TYPE, VALUE}, "left_anti");
    Column stored = null;
    for (String type : identifierTypes) {
      Column value = normalizer.stored(salt, piiTypes, type, col(VALUE));
      stored = stored == null ? when(col(TYPE).equalTo(type), value) : stored.when(col(TYPE).equalTo(type), value);
    }
    // Types no source reads cannot be in identity_map; they stay as written and count as missed.
    stored = stored == null ? col(VALUE) : stored.otherwise(col(VALUE));
    // The truth lists each spelling a customer used ("Anna@..." and "anna@..."); after normalising
    // they are one identifier.
    return personal.select(concat_ws("|", col(TYPE), stored).as(PairwiseScores.ITEM), col(CUSTOMER).as(PairwiseScores.CLUSTER)).distinct();
  }

  private Dataset<Row> csv(String file, StructType schema) {
    var reader = spark.read().option("header", "true").option("escape", "\"");
    if (schema != null) {
      reader = reader.schema(schema);
    }
    return reader.csv(groundTruth.resolve(file).toString());
  }

  private static Map<String, Long> countsBy(Dataset<Row> rows, String column) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : rows.groupBy(col(column)).count().collectAsList()) {
      counts.put(row.isNullAt(0) ? "(null)" : row.getString(0), row.getLong(1));
    }
    return counts;
  }

  /**
   * Pairwise scores of the stitching.
   *
   * @param trueIdentifiers distinct identifiers in the truth, normalised as a run stores them (shared ones left out)
   * @param publishedIdentifiers rows of {@code identity_map}
   * @param matchedIdentifiers true identifiers found in {@code identity_map}
   */
  public record StitchingAccuracy(
      long trueIdentifiers,
      long publishedIdentifiers,
      long matchedIdentifiers,
      long truePositivePairs,
      long predictedPairs,
      long truthPairs,
      double precision,
      double recall) {}

  /** Journeys per outcome, true and published; {@code matches} when every outcome's count is equal. */
  public record JourneyAccuracy(
      long truthJourneys, long publishedJourneys, boolean matches, Map<String, Long> truthByOutcome, Map<String, Long> publishedByOutcome) {

    public JourneyAccuracy {
      truthByOutcome = Collections.unmodifiableMap(new TreeMap<>(truthByOutcome));
      publishedByOutcome = Collections.unmodifiableMap(new TreeMap<>(publishedByOutcome));
    }

    static JourneyAccuracy of(Map<String, Long> truthByOutcome, Map<String, Long> publishedByOutcome) {
      return new JourneyAccuracy(
          total(truthByOutcome), total(publishedByOutcome), truthByOutcome.equals(publishedByOutcome), truthByOutcome, publishedByOutcome);
    }

    private static long total(Map<String, Long> counts) {
      return counts.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * One source's counts from the manifest.
   *
   * @param reconciled {@code read = accepted + rejected + duplicates}
   * @param matchesDeclared every count equals what the generator declared in {@code defects.json}
   */
  public record SourceReconciliation(
      String source, long read, long accepted, long rejected, long duplicates, boolean reconciled, boolean matchesDeclared) {}
}
