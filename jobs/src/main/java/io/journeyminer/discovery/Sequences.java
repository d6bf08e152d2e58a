package io.journeyminer.discovery;

import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.unix_micros;

import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;

/** Array helpers shared by the discovery tables; all run inside one journey row, no shuffle. */
final class Sequences {

  private Sequences() {}

  /**
   * Drops every element whose key equals the key of the element just before it: {@code A A B A}
   * reads as {@code A B A}. The first element of each run is kept; for steps that is the moment
   * the customer arrived at the touchpoint.
   */
  static Column collapseRepeats(Column array, UnaryOperator<Column> keyOf) {
    // get(...) is 0-based and null outside the array, so the first element is always kept.
    return filter(
        array,
        (element, index) ->
            not(keyOf.apply(element).eqNullSafe(keyOf.apply(get(array, index.minus(lit(1)))))));
  }

  /** Seconds from one timestamp to another, keeping fractions; null when either is null. */
  static Column secondsBetween(Column from, Column to) {
    return unix_micros(to).minus(unix_micros(from)).divide(lit(1_000_000.0));
  }
}
