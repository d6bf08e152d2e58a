package io.journeyminer.ranking;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code touchpoint_ranking} table and what the run manifest reports about it.
 *
 * @param table rows of {@link TouchpointRanking#SCHEMA}, one per touchpoint
 * @param shapleySampledSets distinct touchpoint sets of converted journeys larger than
 *     {@value ShapleyAttribution#EXACT_LIMIT}, whose Shapley shares were estimated from
 *     {@value ShapleyAttribution#PERMUTATIONS} random orders instead of computed exactly
 * @param conversionsWithoutPriorTouch converted journeys whose conversion was their first event,
 *     credited to {@link JourneyTouches#NO_PRIOR_TOUCH} in every model
 */
public record RankingResult(Dataset<Row> table, long shapleySampledSets, long conversionsWithoutPriorTouch) {

  public RankingResult {
    if (table == null) {
      throw new IllegalArgumentException("A ranking result needs its table");
    }
    if (shapleySampledSets < 0) {
      throw new IllegalArgumentException(
          String.format("Cannot report %d sampled Shapley sets: the count is non-negative", shapleySampledSets));
    }
    if (conversionsWithoutPriorTouch < 0) {
      throw new IllegalArgumentException(
          String.format("Cannot report %d conversions without a prior touch: the count is non-negative", conversionsWithoutPriorTouch));
    }
  }
}
