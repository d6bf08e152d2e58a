package io.journeyminer.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.map;

import io.journeyminer.ingest.Events;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Canonical events for identity tests: only the columns stitching reads carry real values. */
final class EventFixtures {

  private static final StructType PARTIAL =
      new StructType()
          .add(Events.EVENT_ID, DataTypes.StringType, false)
          .add(Events.SOURCE, DataTypes.StringType, false)
          .add(Events.OCCURRED_AT, DataTypes.TimestampType, false)
          .add(
              Events.IDENTIFIERS,
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false),
              false);

  private EventFixtures() {}

  /** One record: id, source, ISO-8601 UTC time and its identifiers. */
  static Row event(String eventId, String source, String occurredAt, Map<String, String> identifiers) {
    return RowFactory.create(eventId, source, Timestamp.from(Instant.parse(occurredAt)), identifiers);
  }

  static Dataset<Row> events(SparkSession spark, List<Row> records) {
    return complete(spark.createDataFrame(new ArrayList<>(records), PARTIAL));
  }

  /**
   * Events with all {@link Events#SCHEMA} columns from a frame holding at least event_id, source,
   * occurred_at and identifiers.
   */
  static Dataset<Row> complete(Dataset<Row> partial) {
    List<String> present = List.of(partial.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField field : Events.SCHEMA.fields()) {
      String name = field.name();
      Column value = present.contains(name) ? col(name) : defaultValue(name).cast(field.dataType());
      columns.add(value.as(name));
    }
    return partial.select(columns.toArray(Column[]::new));
  }

  private static Column defaultValue(String name) {
    return switch (name) {
      case Events.TOUCHPOINT -> lit("visit");
      case Events.IS_CONVERSION -> lit(false);
      case Events.ATTRIBUTES -> map();
      case Events.FILE -> lit("fixture.csv");
      case Events.RECORD_NUMBER -> lit(1L);
      case Events.EVENT_DATE -> to_date(col(Events.OCCURRED_AT));
      default -> lit(null);
    };
  }
}
