package io.journeyminer.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components of an undirected graph of {@code long} node ids, by alternating large-star
 * and small-star rounds (Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii: "Connected
 * Components in MapReduce and Beyond", SoCC 2014). Each round is a few joins and aggregates on
 * DataFrames; the number of rounds grows with the logarithm of the graph's size when node ids are
 * in random order, which hashed identifiers are.
 *
 * <p>Edges are kept canonical: one row per undirected edge, pointing from the larger node to the
 * smaller ({@link #NODE} &gt; {@link #PARENT}). The rounds end when the edges form a forest of
 * stars, every node pointing at its component's smallest node and no node being both a child and
 * a parent. Spark actions: a checkpoint of the input edges and a star test, then per round a
 * checkpoint of the new edges and a star test (an emptiness check, one aggregate over the edges).
 */
final class ConnectedComponents {

  static final String NODE = "node";
  /** A smaller neighbour; once the rounds end, the component's smallest node. */
  static final String PARENT = "parent";

  /**
   * Far above what any real graph needs (rounds grow like the logarithm of the graph's size), so
   * reaching it means a defect, not a large input.
   */
  static final int MAX_ROUNDS = 100;

  private static final String SMALLEST = "smallest";
  private static final String CHILD_EDGES = "child_edges";
  private static final String HAS_CHILDREN = "has_children";

  /**
   * @param roots one row per node that is not its component's smallest node: ({@link #NODE},
   *     {@link #PARENT} = that smallest node); nodes absent from it are their own component's root
   * @param rounds large-star + small-star rounds run
   */
  record Result(Dataset<Row> roots, int rounds) {}

  private ConnectedComponents() {}

  /**
   * Components of the graph given by {@code edges}, two {@code long} columns {@code a}, {@code b}
   * in any orientation, duplicates and self-loops allowed.
   */
  static Result of(Dataset<Row> edges, String a, String b) {
    Dataset<Row> current =
        Lineage.cut(
            edges
                .select(greatest(col(a), col(b)).as(NODE), least(col(a), col(b)).as(PARENT))
                .filter(col(NODE).notEqual(col(PARENT)))
                .distinct());
    int rounds = 0;
    while (!isStarForest(current)) {
      if (rounds == MAX_ROUNDS) {
        throw new IllegalStateException(
            "Connected components did not converge in "
                + MAX_ROUNDS + " rounds of large-star and small-star");
      }
      current = Lineage.cut(smallStar(largeStar(current)));
      rounds++;
    }
    return new Result(current, rounds);
  }

  /**
   * Large-star: every node re-points each larger neighbour to its own smallest neighbour (or to
   * itself when it has none smaller). In canonical edges, a node's smaller neighbours are its
   * outgoing edges, so edge (v, u) becomes (v, smallest neighbour of u).
   */
  private static Dataset<Row> largeStar(Dataset<Row> edges) {
    Dataset<Row> smallestOfParent = smallestNeighbours(edges).withColumnRenamed(NODE, PARENT);
    return edges
        .join(smallestOfParent, new String[] {PARENT}, "left")
        .select(col(NODE), coalesce(col(SMALLEST), col(PARENT)).as(PARENT))
        .distinct();
  }

  /**
   * Small-star: every node links itself and all its smaller neighbours to the smallest of them.
   */
  private static Dataset<Row> smallStar(Dataset<Row> edges) {
    Dataset<Row> smallest = smallestNeighbours(edges);
    Dataset<Row> siblings =
        edges
            .join(smallest, NODE)
            .select(col(PARENT).as(NODE), col(SMALLEST).as(PARENT))
            .filter(col(NODE).notEqual(col(PARENT)));
    Dataset<Row> itself = smallest.select(col(NODE), col(SMALLEST).as(PARENT));
    return siblings.unionByName(itself).distinct();
  }

  private static Dataset<Row> smallestNeighbours(Dataset<Row> edges) {
    return edges.groupBy(NODE).agg(min(PARENT).as(SMALLEST));
  }

  /** True when every node has at most one parent and no parent has a parent itself. */
  private static boolean isStarForest(Dataset<Row> edges) {
    Dataset<Row> asChild =
        edges.select(col(NODE), lit(1L).as(CHILD_EDGES), lit(false).as(HAS_CHILDREN));
    Dataset<Row> asParent =
        edges.select(col(PARENT).as(NODE), lit(0L).as(CHILD_EDGES), lit(true).as(HAS_CHILDREN));
    return asChild
        .unionByName(asParent)
        .groupBy(NODE)
        .agg(sum(CHILD_EDGES).as(CHILD_EDGES), max(HAS_CHILDREN).as(HAS_CHILDREN))
        .filter(col(CHILD_EDGES).gt(1).or(col(CHILD_EDGES).geq(1).and(col(HAS_CHILDREN))))
        .isEmpty();
  }
}
