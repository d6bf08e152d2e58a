package io.journeyminer.discovery;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/** Column names and types of a schema; nullability aside, as Spark writes Parquet nullable. */
public final class Schemas {

  private Schemas() {}

  public static List<String> columns(StructType schema) {
    return Arrays.stream(schema.fields())
        .map(field -> field.name() + " " + field.dataType().simpleString())
        .toList();
  }
}
