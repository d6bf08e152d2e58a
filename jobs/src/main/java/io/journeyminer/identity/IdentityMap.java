package io.journeyminer.identity;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the {@code identity_map} table (SPEC 5) and of the over-merge report (SPEC 3.1): one
 * row per identifier, and one row per identifier that was kept from linking customers.
 */
public final class IdentityMap {

  public static final String TABLE = "identity_map";

  public static final String IDENTIFIER_TYPE = "identifier_type";
  /** Hashed where the type is personal (SPEC 2.2). */
  public static final String IDENTIFIER_VALUE = "identifier_value";
  /** Null for over-merge identifiers: they belong to nobody. */
  public static final String CUSTOMER_ID = "customer_id";
  public static final String FIRST_SEEN = "first_seen";
  public static final String LAST_SEEN = "last_seen";
  /** Distinct other identifiers seen on a record together with this one. */
  public static final String DEGREE = "degree";
  /** Null, or why the identifier links nobody: {@link #BLOCKLIST} or {@link #MAX_DEGREE}. */
  public static final String BLOCKED = "blocked";
  public static final String REASON = "reason";

  public static final String BLOCKLIST = "blocklist";
  public static final String MAX_DEGREE = "max_degree";

  /** Prefix of every customer id, followed by 16 hex digits of the component's smallest node id. */
  public static final String CUSTOMER_PREFIX = "c_";

  public static final StructType SCHEMA =
      new StructType()
          .add(IDENTIFIER_TYPE, StringType, false)
          .add(IDENTIFIER_VALUE, StringType, false)
          .add(CUSTOMER_ID, StringType, true)
          .add(FIRST_SEEN, TimestampType, false)
          .add(LAST_SEEN, TimestampType, false)
          .add(DEGREE, LongType, false)
          .add(BLOCKED, StringType, true);

  public static final StructType OVER_MERGED_SCHEMA =
      new StructType()
          .add(IDENTIFIER_TYPE, StringType, false)
          .add(IDENTIFIER_VALUE, StringType, false)
          .add(DEGREE, LongType, false)
          .add(REASON, StringType, false);

  private IdentityMap() {}
}
