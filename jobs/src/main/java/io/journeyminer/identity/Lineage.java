package io.journeyminer.identity;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Materialises an intermediate result so iterative plans do not grow with every round. */
final class Lineage {

  private Lineage() {}

  /**
   * Eagerly materialises {@code frame} and returns a Dataset that reads it back: a reliable
   * checkpoint when the context has a checkpoint directory (clusters should set one), otherwise a
   * local checkpoint in executor storage.
   */
  static Dataset<Row> cut(Dataset<Row> frame) {
    boolean reliable = frame.sparkSession().sparkContext().getCheckpointDir().isDefined();
    return reliable ? frame.checkpoint() : frame.localCheckpoint();
  }
}
