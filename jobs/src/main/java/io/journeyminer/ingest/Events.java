package io.journeyminer.ingest;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import org.apache.spark.sql.types.StructType;

/** The canonical {@code events} table (SPEC 2.2) and {@code rejected_records} (SPEC 5, 8). */
public final class Events {

  public static final String TABLE = "events";
  public static final String REJECTS_TABLE = "rejected_records";

  public static final String EVENT_ID = "event_id";
  public static final String SOURCE = "source";
  public static final String OCCURRED_AT = "occurred_at";
  public static final String TOUCHPOINT = "touchpoint";
  public static final String STAGE = "stage";
  public static final String CHANNEL = "channel";
  public static final String CAMPAIGN = "campaign";
  public static final String IDENTIFIERS = "identifiers";
  public static final String IS_CONVERSION = "is_conversion";
  public static final String REVENUE = "revenue";
  public static final String ATTRIBUTES = "attributes";
  /** Input file of the record: with {@link #RECORD_NUMBER} the last tie-break of event order. */
  public static final String FILE = "file";
  /** 1-based position of the record in its file. */
  public static final String RECORD_NUMBER = "record_number";
  public static final String EVENT_DATE = "event_date";

  public static final StructType SCHEMA =
      new StructType()
          .add(EVENT_ID, StringType, false)
          .add(SOURCE, StringType, false)
          .add(OCCURRED_AT, TimestampType, false)
          .add(TOUCHPOINT, StringType, false)
          .add(STAGE, StringType, true)
          .add(CHANNEL, StringType, true)
          .add(CAMPAIGN, StringType, true)
          .add(IDENTIFIERS, createMapType(StringType, StringType, false), false)
          .add(IS_CONVERSION, BooleanType, false)
          .add(REVENUE, DoubleType, true)
          .add(ATTRIBUTES, createMapType(StringType, StringType, true), false)
          .add(FILE, StringType, false)
          .add(RECORD_NUMBER, LongType, false)
          .add(EVENT_DATE, DateType, false);

  public static final StructType REJECTS_SCHEMA =
      new StructType()
          .add(SOURCE, StringType, false)
          .add(FILE, StringType, false)
          .add(RECORD_NUMBER, LongType, false)
          .add("reason", StringType, false)
          .add("detail", StringType, true)
          .add("raw", StringType, true);

  private Events() {}
}
