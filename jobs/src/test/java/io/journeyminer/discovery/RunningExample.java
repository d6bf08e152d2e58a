package io.journeyminer.discovery;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The six cases of the textbook running example (W. van der Aalst, <i>Process Mining</i>, 2016),
 * transcribed from {@code shared/data/event-logs/running-example.xes} with their timestamps in
 * UTC. A case that ends with {@code pay compensation} is read as converted, one that ends with
 * {@code reject request} as abandoned.
 */
final class RunningExample {

  static final String REGISTER = "register request";
  static final String EXAMINE_CASUALLY = "examine casually";
  static final String EXAMINE_THOROUGHLY = "examine thoroughly";
  static final String CHECK_TICKET = "check ticket";
  static final String DECIDE = "decide";
  static final String REINITIATE = "reinitiate request";
  static final String PAY = "pay compensation";
  static final String REJECT = "reject request";

  private RunningExample() {}

  static JourneyFixture[] cases() {
    return new JourneyFixture[] {
      JourneyFixture.abandoned("case-1")
          .stepAt(REGISTER, "2010-12-30T10:02:00Z")
          .stepAt(EXAMINE_THOROUGHLY, "2010-12-31T09:06:00Z")
          .stepAt(CHECK_TICKET, "2011-01-05T14:12:00Z")
          .stepAt(DECIDE, "2011-01-06T10:18:00Z")
          .stepAt(REJECT, "2011-01-07T13:24:00Z"),
      JourneyFixture.converted("case-2")
          .stepAt(REGISTER, "2010-12-30T10:32:00Z")
          .stepAt(CHECK_TICKET, "2010-12-30T11:12:00Z")
          .stepAt(EXAMINE_CASUALLY, "2010-12-30T13:16:00Z")
          .stepAt(DECIDE, "2011-01-05T10:22:00Z")
          .stepAt(PAY, "2011-01-08T11:05:00Z"),
      JourneyFixture.converted("case-3")
          .stepAt(REGISTER, "2010-12-30T13:32:00Z")
          .stepAt(EXAMINE_CASUALLY, "2010-12-30T14:06:00Z")
          .stepAt(CHECK_TICKET, "2010-12-30T15:34:00Z")
          .stepAt(DECIDE, "2011-01-06T08:18:00Z")
          .stepAt(REINITIATE, "2011-01-06T11:18:00Z")
          .stepAt(EXAMINE_THOROUGHLY, "2011-01-06T12:06:00Z")
          .stepAt(CHECK_TICKET, "2011-01-08T10:43:00Z")
          .stepAt(DECIDE, "2011-01-09T08:55:00Z")
          .stepAt(PAY, "2011-01-15T09:45:00Z"),
      JourneyFixture.abandoned("case-4")
          .stepAt(REGISTER, "2011-01-06T14:02:00Z")
          .stepAt(CHECK_TICKET, "2011-01-07T11:06:00Z")
          .stepAt(EXAMINE_THOROUGHLY, "2011-01-08T13:43:00Z")
          .stepAt(DECIDE, "2011-01-09T11:02:00Z")
          .stepAt(REJECT, "2011-01-12T14:44:00Z"),
      JourneyFixture.abandoned("case-5")
          .stepAt(REGISTER, "2011-01-06T08:02:00Z")
          .stepAt(EXAMINE_CASUALLY, "2011-01-07T09:16:00Z")
          .stepAt(CHECK_TICKET, "2011-01-08T10:22:00Z")
          .stepAt(DECIDE, "2011-01-10T12:28:00Z")
          .stepAt(REINITIATE, "2011-01-11T15:18:00Z")
          .stepAt(CHECK_TICKET, "2011-01-14T13:33:00Z")
          .stepAt(EXAMINE_CASUALLY, "2011-01-16T14:50:00Z")
          .stepAt(DECIDE, "2011-01-19T10:18:00Z")
          .stepAt(REINITIATE, "2011-01-20T11:48:00Z")
          .stepAt(EXAMINE_CASUALLY, "2011-01-21T08:06:00Z")
          .stepAt(CHECK_TICKET, "2011-01-21T10:34:00Z")
          .stepAt(DECIDE, "2011-01-23T12:12:00Z")
          .stepAt(REJECT, "2011-01-24T13:56:00Z"),
      JourneyFixture.converted("case-6")
          .stepAt(REGISTER, "2011-01-06T14:02:00Z")
          .stepAt(EXAMINE_CASUALLY, "2011-01-06T15:06:00Z")
          .stepAt(CHECK_TICKET, "2011-01-07T15:22:00Z")
          .stepAt(DECIDE, "2011-01-07T15:52:00Z")
          .stepAt(PAY, "2011-01-16T10:47:00Z")
    };
  }

  static Dataset<Row> journeys(SparkSession spark) {
    return JourneyFixture.frame(spark, cases());
  }
}
