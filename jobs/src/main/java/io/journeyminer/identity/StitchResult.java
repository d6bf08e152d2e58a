package io.journeyminer.identity;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What identity stitching produces (SPEC 3.1).
 *
 * @param identityMap one row per identifier, {@link IdentityMap#SCHEMA}
 * @param events the input events with a {@code customer_id} column added: null when none of the
 *     record's identifiers may link it to anybody
 * @param overMerged identifiers kept from linking, {@link IdentityMap#OVER_MERGED_SCHEMA}; small,
 *     for the run report
 * @param rounds large-star/small-star rounds run until the components converged
 * @param customers distinct customer ids
 * @param identifiers distinct identifiers (rows of {@code identityMap})
 * @param overMergedIdentifiers rows of {@code overMerged}
 * @param eventsWithoutCustomer events whose identifiers are all over-merge identifiers
 */
public record StitchResult(
    Dataset<Row> identityMap,
    Dataset<Row> events,
    Dataset<Row> overMerged,
    int rounds,
    long customers,
    long identifiers,
    long overMergedIdentifiers,
    long eventsWithoutCustomer) {

  public StitchResult {
    Objects.requireNonNull(identityMap, "identityMap");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(overMerged, "overMerged");
  }
}
