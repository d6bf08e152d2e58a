package io.journeyminer.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Pairwise precision and recall of a clustering against the truth, the usual score of entity
 * resolution: a pair of items counts when both clusterings put the two items together. Pairs are
 * counted per group as n(n-1)/2, never by joining items to each other.
 *
 * @param truePositivePairs pairs together in both clusterings
 * @param predictedPairs pairs together in the predicted clustering
 * @param truthPairs pairs together in the true clustering
 */
public record PairwiseScores(long truePositivePairs, long predictedPairs, long truthPairs) {

  /** Column naming the clustered item (e.g. an event id); one row per item. */
  public static final String ITEM = "item";
  /** Column naming the item's cluster (e.g. a customer id); null puts the item alone. */
  public static final String CLUSTER = "cluster";

  private static final String PREDICTED = "predicted_cluster";
  private static final String TRUTH = "truth_cluster";
  private static final String SIZE = "size";

  public PairwiseScores {
    if (truePositivePairs < 0 || truePositivePairs > Math.min(predictedPairs, truthPairs)) {
      throw new IllegalArgumentException(
          "True positive pairs must be between 0 and both totals, got " + truePositivePairs
              + " of " + predictedPairs + " predicted and " + truthPairs + " true");
    }
  }

  /**
   * Scores {@code predicted} against {@code truth}, each with columns {@link #ITEM} and {@link
   * #CLUSTER}. Items missing from one side are alone there. Runs three aggregate queries, each
   * returning one row.
   */
  public static PairwiseScores compute(Dataset<Row> predicted, Dataset<Row> truth) {
    requireColumns("predicted", predicted);
    requireColumns("truth", truth);
    Dataset<Row> both =
        predicted
            .select(col(ITEM), col(CLUSTER).as(PREDICTED))
            .join(
                truth.select(col(ITEM), col(CLUSTER).as(TRUTH)), new String[] {ITEM}, "full_outer");
    return new PairwiseScores(
        pairsWithin(both, col(PREDICTED), col(TRUTH)),
        pairsWithin(both, col(PREDICTED)),
        pairsWithin(both, col(TRUTH)));
  }

  /** Share of predicted pairs that are true; 1 when nothing was merged. */
  public double precision() {
    return predictedPairs == 0 ? 1.0 : (double) truePositivePairs / predictedPairs;
  }

  /** Share of true pairs that were found; 1 when the truth has no pairs. */
  public double recall() {
    return truthPairs == 0 ? 1.0 : (double) truePositivePairs / truthPairs;
  }

  public double f1() {
    double sum = precision() + recall();
    return sum == 0 ? 0.0 : 2 * precision() * recall() / sum;
  }

  /** Sum over groups of items sharing all the given (non-null) clusters of n(n-1)/2. */
  private static long pairsWithin(Dataset<Row> items, Column... clusters) {
    Column allPresent = lit(true);
    for (Column cluster : clusters) {
      allPresent = allPresent.and(cluster.isNotNull());
    }
    Row total =
        items
            .filter(allPresent)
            .groupBy(clusters)
            .agg(count(lit(1)).as(SIZE))
            .agg(sum(col(SIZE).multiply(col(SIZE).minus(1))))
            .first();
    // n(n-1) is even for every group, so halving the long sum is exact.
    return total.isNullAt(0) ? 0L : total.getLong(0) / 2;
  }

  private static void requireColumns(String side, Dataset<Row> frame) {
    List<String> names = List.of(frame.columns());
    if (!names.contains(ITEM) || !names.contains(CLUSTER)) {
      throw new IllegalArgumentException(
          "Cannot score the " + side + " clustering: it needs columns " + ITEM + " and " + CLUSTER
              + ", got " + names);
    }
  }
}
