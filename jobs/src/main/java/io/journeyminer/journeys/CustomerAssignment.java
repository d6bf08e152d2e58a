package io.journeyminer.journeys;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.min;

import io.journeyminer.ingest.Events;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Gives each event the customer of its identifiers, from a published {@code identity_map}. All
 * linking identifiers of one record are in one component, so any of them gives the same customer;
 * events whose identifiers all link nobody get none.
 */
public final class CustomerAssignment {

  private CustomerAssignment() {}

  public static Dataset<Row> assign(Dataset<Row> events, Dataset<Row> identityMap) {
    Dataset<Row> identifiers =
        events.select(col(Events.EVENT_ID), explode(col(Events.IDENTIFIERS)).as(new String[] {"identifier_type", "identifier_value"}));
    Dataset<Row> linking =
        identityMap
            .where(col(JourneyBuilder.CUSTOMER_ID).isNotNull())
            .select(col("identifier_type"), col("identifier_value"), col(JourneyBuilder.CUSTOMER_ID));
    Dataset<Row> customers =
        identifiers
            .join(linking, new String[] {"identifier_type", "identifier_value"})
            .groupBy(col(Events.EVENT_ID))
            .agg(min(col(JourneyBuilder.CUSTOMER_ID)).as(JourneyBuilder.CUSTOMER_ID));
    return events.join(customers, scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(Events.EVENT_ID)).toSeq(), "left");
  }
}
