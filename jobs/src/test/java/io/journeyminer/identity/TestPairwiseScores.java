package io.journeyminer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.journeyminer.SparkTestBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TestPairwiseScores extends SparkTestBase {

  private static final String DDL = "item STRING, cluster STRING";

  @Test
  void scoresAHandCountedCase() {
    // Truth {a,b,c} {d,e,f}: 3 + 3 = 6 pairs. Prediction {a,b} {c,d,e}, f alone: 1 + 3 = 4 pairs,
    // of which (a,b) and (d,e) are true.
    Dataset<Row> predicted =
        frame(
            DDL,
            "{\"item\":\"a\",\"cluster\":\"P1\"}",
            "{\"item\":\"b\",\"cluster\":\"P1\"}",
            "{\"item\":\"c\",\"cluster\":\"P2\"}",
            "{\"item\":\"d\",\"cluster\":\"P2\"}",
            "{\"item\":\"e\",\"cluster\":\"P2\"}",
            "{\"item\":\"f\",\"cluster\":null}");
    Dataset<Row> truth =
        frame(
            DDL,
            "{\"item\":\"a\",\"cluster\":\"T1\"}",
            "{\"item\":\"b\",\"cluster\":\"T1\"}",
            "{\"item\":\"c\",\"cluster\":\"T1\"}",
            "{\"item\":\"d\",\"cluster\":\"T2\"}",
            "{\"item\":\"e\",\"cluster\":\"T2\"}",
            "{\"item\":\"f\",\"cluster\":\"T2\"}");

    PairwiseScores scores = PairwiseScores.compute(predicted, truth);

    assertThat(scores.truthPairs()).isEqualTo(6);
    assertThat(scores.predictedPairs()).isEqualTo(4);
    assertThat(scores.truePositivePairs()).isEqualTo(2);
    assertThat(scores.precision()).isEqualTo(0.5);
    assertThat(scores.recall()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(scores.f1()).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void itemsMissingFromThePredictionAreAloneThere() {
    Dataset<Row> predicted = frame(DDL, "{\"item\":\"a\",\"cluster\":\"P1\"}");
    Dataset<Row> truth =
        frame(DDL, "{\"item\":\"a\",\"cluster\":\"T1\"}", "{\"item\":\"b\",\"cluster\":\"T1\"}");

    PairwiseScores scores = PairwiseScores.compute(predicted, truth);

    assertThat(scores.recall()).isZero();
    assertThat(scores.precision()).isEqualTo(1.0);
  }

  @Test
  void namesTheMissingColumns() {
    Dataset<Row> wrong = frame("event_id STRING, customer_id STRING", "{\"event_id\":\"a\"}");

    assertThatThrownBy(() -> PairwiseScores.compute(wrong, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item and cluster")
        .hasMessageContaining("event_id");
  }
}
