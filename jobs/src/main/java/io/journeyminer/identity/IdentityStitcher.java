package io.journeyminer.identity;

import static io.journeyminer.identity.IdentityMap.BLOCKED;
import static io.journeyminer.identity.IdentityMap.BLOCKLIST;
import static io.journeyminer.identity.IdentityMap.CUSTOMER_ID;
import static io.journeyminer.identity.IdentityMap.CUSTOMER_PREFIX;
import static io.journeyminer.identity.IdentityMap.DEGREE;
import static io.journeyminer.identity.IdentityMap.FIRST_SEEN;
import static io.journeyminer.identity.IdentityMap.IDENTIFIER_TYPE;
import static io.journeyminer.identity.IdentityMap.IDENTIFIER_VALUE;
import static io.journeyminer.identity.IdentityMap.LAST_SEEN;
import static io.journeyminer.identity.IdentityMap.MAX_DEGREE;
import static io.journeyminer.identity.IdentityMap.REASON;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.journeyminer.config.IdentityConfig;
import io.journeyminer.ingest.Events;
import io.journeyminer.ingest.IdentifierNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Identity stitching (SPEC 3.1): identifiers seen on the same record belong to the same customer,
 * transitively, and {@code customer_id} names the connected component of that identifier graph.
 *
 * <p>An identifier is a node with a stable 64-bit id, {@code xxhash64(type, value)}. Identifiers
 * too common to be personal link nobody: those on the configured blocklist and those seen with
 * more distinct other identifiers than {@code max_degree} (a shop's guest card, a household
 * e-mail). Each record links its remaining identifiers as a star from the smallest of them, so
 * edges grow with identifiers per record, not their square; components come from {@link
 * ConnectedComponents}. A customer id is {@code c_} and the 16 hex digits of the component's
 * smallest node id, so the same inputs give the same ids on every run.
 *
 * <p>Node ids are 64-bit hashes: two identifiers colliding (about n^2 / 2^65 for n identifiers,
 * under one in a thousand at 100 million) would share a customer.
 *
 * <p>Spark actions run by {@link #stitch}: a checkpoint of the identifiers with their degrees; a
 * checkpoint of the usable (record, identifier) pairs with each record's star centre; those of
 * {@link ConnectedComponents} (a checkpoint and a star test per round, plus one of each); then
 * four counts: one aggregate over the checkpointed identifiers, counts of the checkpointed
 * component edges and record centres, and {@code events.count()}. The input events are read by
 * the two first checkpoints (the first reads them twice), by that count and again by whoever
 * consumes {@link StitchResult#events()}: pass a Dataset read from Parquet or persisted.
 */
public final class IdentityStitcher {

  private static final String NODE_ID = "node_id";
  private static final String OTHER_NODE_ID = "other_node_id";
  private static final String NODE_IDS = "node_ids";
  private static final String CENTER = "center";
  private static final String ROOT = "root";
  private static final String LISTED = "listed";

  private final IdentityConfig config;
  private final Set<String> piiTypes;
  private final String salt;
  private final IdentifierNormalizer normalizer;

  /**
   * @param config max degree and blocklist
   * @param piiTypes identifier types whose values are stored hashed, so blocklist values of these
   *     types are hashed the same way before comparison
   * @param salt the run's hashing salt
   * @param normalizer normalises blocklist values as ingest normalised the events' values
   */
  public IdentityStitcher(IdentityConfig config, Set<String> piiTypes, String salt, IdentifierNormalizer normalizer) {
    this.config = Objects.requireNonNull(config, "config");
    this.piiTypes = Set.copyOf(piiTypes);
    this.salt = Objects.requireNonNull(salt, "salt");
    this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
  }

  /**
   * Stitches {@code events} ({@link Events#SCHEMA}; stitching reads event_id, occurred_at and
   * identifiers). Event ids must be unique, as ingest's de-duplication leaves them.
   */
  public StitchResult stitch(Dataset<Row> events) {
    requireEventColumns(events.schema());
    Dataset<Row> memberships = memberships(events);
    Dataset<Row> nodes = Lineage.cut(nodes(events, memberships));
    Dataset<Row> overMergedNodes = nodes.filter(col(BLOCKED).isNotNull());
    Dataset<Row> usable =
        Lineage.cut(
            withRecordCenter(
                memberships.join(
                    overMergedNodes.select(NODE_ID), new String[] {NODE_ID}, "left_anti")));

    ConnectedComponents.Result components =
        ConnectedComponents.of(
            usable.filter(col(NODE_ID).notEqual(col(CENTER))), NODE_ID, CENTER);
    Dataset<Row> roots =
        components
            .roots()
            .select(
                col(ConnectedComponents.NODE).as(NODE_ID),
                col(ConnectedComponents.PARENT).as(ROOT));

    Dataset<Row> identityMap = identityMap(nodes, roots);
    Dataset<Row> recordCenters = usable.filter(col(NODE_ID).equalTo(col(CENTER)));
    Dataset<Row> stitchedEvents = withCustomer(events, recordCenters, roots);
    Dataset<Row> overMerged =
        overMergedNodes.select(
            col(IDENTIFIER_TYPE), col(IDENTIFIER_VALUE), col(DEGREE), col(BLOCKED).as(REASON));

    Row nodeCounts = nodes.agg(count(lit(1)), count(col(BLOCKED))).first();
    long identifiers = nodeCounts.getLong(0);
    long overMergedIdentifiers = nodeCounts.getLong(1);
    // In a star forest every non-root node has exactly one edge, so components = nodes - edges.
    long customers = identifiers - overMergedIdentifiers - components.roots().count();
    long eventsWithCustomer = recordCenters.count();
    return new StitchResult(
        identityMap,
        stitchedEvents,
        overMerged,
        components.rounds(),
        customers,
        identifiers,
        overMergedIdentifiers,
        events.count() - eventsWithCustomer);
  }

  private static void requireEventColumns(StructType schema) {
    for (String name : List.of(Events.EVENT_ID, Events.OCCURRED_AT, Events.IDENTIFIERS)) {
      if (!List.of(schema.fieldNames()).contains(name)) {
        throw new IllegalArgumentException(
            "Cannot stitch identities: the events lack column "
                + name + ", got " + schema.simpleString());
      }
    }
    StructField identifiers = schema.apply(Events.IDENTIFIERS);
    if (!(identifiers.dataType() instanceof MapType map)
        || !map.keyType().equals(DataTypes.StringType)
        || !map.valueType().equals(DataTypes.StringType)) {
      throw new IllegalArgumentException(
          "Cannot stitch identities: column identifiers must be map<string,string>, got "
              + identifiers.dataType().simpleString());
    }
  }

  /** The stable id of an identifier node. */
  private static Column nodeId(Column type, Column value) {
    return xxhash64(type, value);
  }

  /** "c_" and 16 lower-case hex digits of the component's smallest node id (two's complement). */
  private static Column customerId(Column rootNodeId) {
    return concat(lit(CUSTOMER_PREFIX), lower(lpad(hex(rootNodeId), 16, "0")));
  }

  /** Identifier values that are present and not blank; the rest cannot identify anybody. */
  private static Column presentIdentifiers() {
    return map_filter(
        col(Events.IDENTIFIERS), (type, value) -> value.isNotNull().and(trim(value).notEqual("")));
  }

  /** One row per (record, identifier): event_id, occurred_at, type, value, node id. */
  private static Dataset<Row> memberships(Dataset<Row> events) {
    return events
        .select(
            col(Events.EVENT_ID),
            col(Events.OCCURRED_AT),
            explode(presentIdentifiers()).as(new String[] {IDENTIFIER_TYPE, IDENTIFIER_VALUE}))
        .withColumn(NODE_ID, nodeId(col(IDENTIFIER_TYPE), col(IDENTIFIER_VALUE)));
  }

  /**
   * One row per identifier: its node id, first and last sighting, degree and, when it may not
   * link anybody, why.
   */
  private Dataset<Row> nodes(Dataset<Row> events, Dataset<Row> memberships) {
    Dataset<Row> sightings =
        memberships
            .groupBy(NODE_ID, IDENTIFIER_TYPE, IDENTIFIER_VALUE)
            .agg(min(Events.OCCURRED_AT).as(FIRST_SEEN), max(Events.OCCURRED_AT).as(LAST_SEEN));
    Dataset<Row> listed = broadcast(blocklist(events.sparkSession()));
    return sightings
        .join(degrees(events), new String[] {NODE_ID}, "left")
        .withColumn(DEGREE, coalesce(col(DEGREE), lit(0L)))
        .join(listed, new String[] {IDENTIFIER_TYPE, IDENTIFIER_VALUE}, "left")
        .withColumn(
            BLOCKED,
            when(col(LISTED).isNotNull(), lit(BLOCKLIST))
                .when(col(DEGREE).gt(config.maxDegree()), lit(MAX_DEGREE)))
        .drop(LISTED);
  }

  /**
   * Distinct other identifiers seen on a record with each identifier. All pairs per record is
   * fine here: records carry a handful of identifiers.
   */
  private static Dataset<Row> degrees(Dataset<Row> events) {
    Column nodeIds =
        transform(
            map_entries(presentIdentifiers()),
            entry -> nodeId(entry.getField("key"), entry.getField("value")));
    return events
        .select(nodeIds.as(NODE_IDS))
        .select(explode(col(NODE_IDS)).as(NODE_ID), col(NODE_IDS))
        .select(
            col(NODE_ID),
            explode(filter(col(NODE_IDS), other -> other.notEqual(col(NODE_ID))))
                .as(OTHER_NODE_ID))
        .distinct()
        .groupBy(NODE_ID)
        .agg(count(lit(1)).as(DEGREE));
  }

  /** Blocklisted (type, value) pairs, PII values normalised and hashed as ingest stores them. */
  private Dataset<Row> blocklist(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Set<String>> entry : config.blocklist().entrySet()) {
      String type = entry.getKey();
      for (String raw : entry.getValue()) {
        String stored = normalizer.stored(salt, piiTypes, type, raw);
        if (stored != null) {
          rows.add(RowFactory.create(type, stored, true));
        }
      }
    }
    StructType schema =
        new StructType()
            .add(IDENTIFIER_TYPE, DataTypes.StringType, false)
            .add(IDENTIFIER_VALUE, DataTypes.StringType, false)
            .add(LISTED, DataTypes.BooleanType, false);
    return spark.createDataFrame(rows, schema).distinct();
  }

  /** Adds each record's star centre: the smallest of its usable identifiers' node ids. */
  private static Dataset<Row> withRecordCenter(Dataset<Row> usableMemberships) {
    return usableMemberships
        .select(col(Events.EVENT_ID), col(NODE_ID))
        .withColumn(CENTER, min(NODE_ID).over(Window.partitionBy(Events.EVENT_ID)));
  }

  private static Dataset<Row> identityMap(Dataset<Row> nodes, Dataset<Row> roots) {
    return nodes
        .join(roots, new String[] {NODE_ID}, "left")
        .select(
            col(IDENTIFIER_TYPE),
            col(IDENTIFIER_VALUE),
            when(col(BLOCKED).isNull(), customerId(coalesce(col(ROOT), col(NODE_ID))))
                .as(CUSTOMER_ID),
            col(FIRST_SEEN),
            col(LAST_SEEN),
            col(DEGREE),
            col(BLOCKED));
  }

  private static Dataset<Row> withCustomer(
      Dataset<Row> events, Dataset<Row> recordCenters, Dataset<Row> roots) {
    Dataset<Row> recordCustomers =
        recordCenters
            .select(col(Events.EVENT_ID), col(CENTER).as(NODE_ID))
            .distinct()
            .join(roots, new String[] {NODE_ID}, "left")
            .select(
                col(Events.EVENT_ID),
                customerId(coalesce(col(ROOT), col(NODE_ID))).as(CUSTOMER_ID));
    return events.drop(CUSTOMER_ID).join(recordCustomers, new String[] {Events.EVENT_ID}, "left");
  }
}
