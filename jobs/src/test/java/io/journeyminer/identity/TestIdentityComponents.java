package io.journeyminer.identity;

import static io.journeyminer.identity.EventFixtures.event;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.IdentityConfig;
import io.journeyminer.ingest.Events;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed connected components on graphs whose answer is known: a long path, and a random
 * graph checked against a union-find. Runs with a checkpoint directory, as a cluster would.
 */
class TestIdentityComponents extends SparkTestBase {

  @TempDir static Path checkpoints;

  private final IdentityStitcher stitcher =
      new IdentityStitcher(
          new IdentityConfig(50, Map.of()), Set.of("email"), "test-salt", new io.journeyminer.ingest.IdentifierNormalizer(java.util.Optional.empty()));

  @BeforeAll
  void useReliableCheckpoints() {
    spark.sparkContext().setCheckpointDir(checkpoints.toString());
  }

  @Test
  void pathOfTwoThousandIdentifiersConvergesInLogarithmicRounds() {
    // Record i links identifier i to identifier i+1; the types alternate so a record's map keys differ.
    Dataset<Row> links =
        spark
            .range(1999)
            .select(
                concat(lit("link-"), col("id")).as(Events.EVENT_ID),
                lit("web").as(Events.SOURCE),
                timestamp_seconds(lit(1_700_000_000L).plus(col("id"))).as(Events.OCCURRED_AT),
                map(
                        concat(lit("type-"), pmod(col("id"), lit(2))),
                        concat(lit("n-"), col("id")),
                        concat(lit("type-"), pmod(col("id").plus(1), lit(2))),
                        concat(lit("n-"), col("id").plus(1)))
                    .as(Events.IDENTIFIERS));

    StitchResult result = stitcher.stitch(EventFixtures.complete(links));

    assertThat(result.identifiers()).isEqualTo(2000);
    assertThat(result.customers()).isEqualTo(1);
    assertThat(result.identityMap().agg(count_distinct(col(IdentityMap.CUSTOMER_ID))).first().getLong(0))
        .isEqualTo(1L);
    // 9 rounds today; twice log2(2000) leaves room yet fails a linear algorithm (about 2000 rounds).
    assertThat(result.rounds()).isBetween(1, 22);
  }

  @Test
  void randomGraphMatchesUnionFindAndRerunsGiveTheSameIds() {
    RandomRecords random = RandomRecords.generate(new Random(20240301), 1200, 900);
    Dataset<Row> events = EventFixtures.events(spark, random.records());

    StitchResult first = stitcher.stitch(events);
    // Same records in another order and partitioning: the ids must not depend on either.
    StitchResult second = stitcher.stitch(events.orderBy(col(Events.EVENT_ID).desc()).repartition(3));

    Map<String, String> expected = random.componentByEvent();
    PairwiseScores scores =
        PairwiseScores.compute(
            first
                .events()
                .select(
                    col(Events.EVENT_ID).as(PairwiseScores.ITEM),
                    col(IdentityMap.CUSTOMER_ID).as(PairwiseScores.CLUSTER)),
            truth(expected));
    assertThat(scores.truePositivePairs()).isPositive();
    assertThat(scores.precision()).isEqualTo(1.0);
    assertThat(scores.recall()).isEqualTo(1.0);
    assertThat(first.customers()).isEqualTo(random.components());
    assertThat(first.overMergedIdentifiers()).isZero();

    assertThat(first.identityMap().exceptAll(second.identityMap()).count()).isZero();
    assertThat(second.identityMap().exceptAll(first.identityMap()).count()).isZero();
    assertThat(customers(first)).isEqualTo(customers(second));
  }

  private Dataset<Row> truth(Map<String, String> componentByEvent) {
    List<Row> rows = new ArrayList<>();
    componentByEvent.forEach((eventId, component) -> rows.add(RowFactory.create(eventId, component)));
    StructType schema =
        new StructType()
            .add(PairwiseScores.ITEM, DataTypes.StringType, false)
            .add(PairwiseScores.CLUSTER, DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  private static Map<String, String> customers(StitchResult result) {
    return result.events().select(Events.EVENT_ID, IdentityMap.CUSTOMER_ID).collectAsList().stream()
        .collect(Collectors.toMap(row -> row.getString(0), row -> row.getString(1)));
  }

  /**
   * Records with one to three identifiers of distinct types drawn from a small pool, so that
   * components of many sizes appear, and their true components by a union-find.
   */
  private record RandomRecords(List<Row> records, Map<String, String> componentByEvent, long components) {

    private static final List<String> TYPES = List.of("cookie", "user_id", "crm_id");

    static RandomRecords generate(Random random, int recordCount, int valuesPerType) {
      UnionFind unionFind = new UnionFind();
      List<Row> records = new ArrayList<>();
      Map<String, String> firstIdentifierOfEvent = new LinkedHashMap<>();
      for (int record = 0; record < recordCount; record++) {
        Map<String, String> identifiers = new LinkedHashMap<>();
        for (String type : TYPES) {
          if (identifiers.isEmpty() || random.nextInt(3) == 0) {
            identifiers.put(type, "v-" + random.nextInt(valuesPerType));
          }
        }
        String eventId = "event-" + record;
        String first = null;
        for (Map.Entry<String, String> identifier : identifiers.entrySet()) {
          String node = identifier.getKey() + ":" + identifier.getValue();
          unionFind.add(node);
          if (first == null) {
            first = node;
          } else {
            unionFind.union(first, node);
          }
        }
        firstIdentifierOfEvent.put(eventId, first);
        records.add(event(eventId, "web", "2024-03-01T10:00:00Z", identifiers));
      }
      Map<String, String> componentByEvent = new HashMap<>();
      firstIdentifierOfEvent.forEach((eventId, node) -> componentByEvent.put(eventId, unionFind.find(node)));
      return new RandomRecords(records, componentByEvent, unionFind.roots());
    }
  }

  /** Reference answer: the textbook sequential algorithm, on the driver of the test only. */
  private static final class UnionFind {
    private final Map<String, String> parent = new HashMap<>();

    void add(String node) {
      parent.putIfAbsent(node, node);
    }

    String find(String node) {
      String root = node;
      while (!parent.get(root).equals(root)) {
        root = parent.get(root);
      }
      parent.put(node, root);
      return root;
    }

    void union(String left, String right) {
      parent.put(find(left), find(right));
    }

    long roots() {
      return parent.keySet().stream().filter(node -> find(node).equals(node)).count();
    }
  }
}
