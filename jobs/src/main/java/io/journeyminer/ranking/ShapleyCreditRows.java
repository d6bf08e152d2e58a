package io.journeyminer.ranking;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Executor side of the Shapley credit: for one distinct touchpoint set of converted journeys, its
 * conversions and revenue split by the set's Shapley shares, one row per touchpoint. The game's
 * values (conversion rate per exact touchpoint set) arrive as a broadcast map.
 */
final class ShapleyCreditRows implements FlatMapFunction<Row, Row> {

  static final String SET = "touchpoint_set";
  static final String JOURNEYS = "journeys";
  static final String CONVERSIONS = "conversions";
  static final String REVENUE = "revenue";

  static final String CREDIT = TouchpointRanking.creditColumn(TouchpointRanking.SHAPLEY);
  static final String REVENUE_CREDIT = TouchpointRanking.revenueCreditColumn(TouchpointRanking.SHAPLEY);

  static final StructType SCHEMA =
      new StructType()
          .add(TouchpointRanking.TOUCHPOINT, StringType, false)
          .add(CREDIT, DoubleType, false)
          .add(REVENUE_CREDIT, DoubleType, false);

  private final Broadcast<Map<Set<String>, Double>> conversionRates;

  ShapleyCreditRows(Broadcast<Map<Set<String>, Double>> conversionRates) {
    this.conversionRates = conversionRates;
  }

  @Override
  public Iterator<Row> call(Row set) {
    List<String> touchpoints = set.getList(set.fieldIndex(SET));
    long conversions = set.getAs(CONVERSIONS);
    double revenue = set.getAs(REVENUE);
    Map<String, Double> shares = ShapleyAttribution.shares(touchpoints, conversionRates.value());
    List<Row> rows = new ArrayList<>(shares.size());
    shares.forEach((touchpoint, share) -> rows.add(RowFactory.create(touchpoint, conversions * share, revenue * share)));
    return rows.iterator();
  }
}
