package io.journeyminer.ingest.formats;

import static io.journeyminer.ingest.formats.Sources.source;
import static io.journeyminer.ingest.formats.Sources.write;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.TestFiles;
import io.journeyminer.config.SourceFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

class TestXesReader extends SparkTestBase {

  @TempDir Path folder;

  private Dataset<Row> read(String glob) {
    return FormatReaders.forFormat(SourceFormat.XES).read(spark, source("log", SourceFormat.XES), glob);
  }

  /** Events, distinct cases, malformed rows, events without activity or timestamp. */
  private Row figures(Path log) {
    return read(log.toString())
        .agg(
            count(col("_record_number")),
            countDistinct(col("case_id")),
            sum(when(col("_malformed").isNotNull(), 1).otherwise(0)),
            sum(when(col("activity").isNull().or(col("timestamp").isNull()), 1).otherwise(0)))
        .first();
  }

  @Test
  void bpic2012HasAllItsEventsAndCases() {
    Row figures = figures(TestFiles.eventLog("bpic2012.xes.gz"));

    assertThat(figures.getLong(0)).isEqualTo(262_200L);
    assertThat(figures.getLong(1)).isEqualTo(13_087L);
    assertThat(figures.getLong(2)).isZero();
    assertThat(figures.getLong(3)).isZero();
  }

  @Test
  void helpdeskAndRunningExampleCounts() {
    Row helpdesk = figures(TestFiles.eventLog("helpdesk.xes.gz"));
    Row running = figures(TestFiles.eventLog("running-example.xes"));

    assertThat(helpdesk.getLong(0)).isEqualTo(21_348L);
    assertThat(helpdesk.getLong(1)).isEqualTo(4_580L);
    assertThat(running.getLong(0)).isEqualTo(42L);
    assertThat(running.getLong(1)).isEqualTo(6L);
  }

  @Test
  void nestedAttributesAreSkippedAndTraceAttributesApplyToEveryEvent() throws Exception {
    write(
        folder.resolve("journeys.xes"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
          <global scope="event"><string key="concept:name" value="UNKNOWN"/></global>
          <trace>
            <string key="concept:name" value="case-1"/>
            <event>
              <string key="concept:name" value="Visit &amp; browse"/>
              <date key="time:timestamp" value="2024-03-01T10:00:00.000+01:00"/>
              <string key="org:resource" value="web"/>
              <list key="items">
                <values>
                  <string key="sku" value="A-1"/>
                  <string key="sku" value="B-2"/>
                </values>
              </list>
              <string key="channel" value="seo">
                <string key="campaign" value="spring"/>
              </string>
              <container key="context"><int key="depth" value="3"/></container>
            </event>
            <event>
              <string key="concept:name" value="Buy"/>
              <string key="lifecycle:transition" value="complete"/>
              <date key="time:timestamp" value="2024-03-01T11:00:00.000+01:00"/>
            </event>
            <string key="segment" value="gold"/>
          </trace>
          <trace>
            <string key="concept:name" value="case-2"/>
            <event><string key="concept:name" value="Visit"/></event>
          </trace>
        </log>
        """);

    List<Row> rows = rows(read(folder + "/*.xes").orderBy(col("_record_number")));

    assertThat(rows).hasSize(3);
    assertThat(rows).extracting(row -> row.<Long>getAs("_record_number")).containsExactly(1L, 2L, 3L);
    assertThat(rows).extracting(row -> row.<String>getAs("case_id"))
        .containsExactly("case-1", "case-1", "case-2");
    assertThat(rows).extracting(row -> row.<String>getAs("activity"))
        .containsExactly("Visit & browse", "Buy", "Visit");
    Row visit = rows.get(0);
    assertThat(map(visit, "event_attributes"))
        .containsExactly(
            Map.entry("concept:name", "Visit & browse"),
            Map.entry("time:timestamp", "2024-03-01T10:00:00.000+01:00"),
            Map.entry("org:resource", "web"),
            Map.entry("channel", "seo"));
    assertThat(visit.<String>getAs("resource")).isEqualTo("web");
    assertThat(visit.<String>getAs("timestamp")).isEqualTo("2024-03-01T10:00:00.000+01:00");
    assertThat(visit.<String>getAs("lifecycle")).isNull();
    assertThat(visit.<String>getAs("_raw"))
        .contains("<list key=\"items\"><values><string key=\"sku\" value=\"A-1\"/>")
        .startsWith("<event><string key=\"concept:name\" value=\"Visit &amp; browse\"/>");
    assertThat(map(visit, "trace_attributes"))
        .as("a trace attribute written after the events")
        .containsEntry("segment", "gold");
    Row buy = rows.get(1);
    assertThat(buy.<String>getAs("lifecycle")).isEqualTo("complete");
    assertThat(buy.<String>getAs("_raw"))
        .isEqualTo(
            "<event><string key=\"concept:name\" value=\"Buy\"/>"
                + "<string key=\"lifecycle:transition\" value=\"complete\"/>"
                + "<date key=\"time:timestamp\" value=\"2024-03-01T11:00:00.000+01:00\"/></event>");
    assertThat(rows.get(2).<String>getAs("timestamp")).isNull();
  }

  @Test
  void aTruncatedLogKeepsItsCompleteEventsAndEndsWithOneMalformedRow() throws Exception {
    write(
        folder.resolve("cut.xes"),
        """
        <log>
          <trace>
            <string key="concept:name" value="c1"/>
            <event><string key="concept:name" value="A"/></event>
            <event><string key="concept:name" value="B"/></event>
            <event><string key="concept:name" value="C"
        """);

    List<Row> rows = rows(read(folder + "/cut.xes").orderBy(col("_record_number")));

    assertThat(rows).hasSize(3);
    assertThat(rows).extracting(row -> row.<String>getAs("activity"))
        .containsExactly("A", "B", null);
    assertThat(rows.get(1).<String>getAs("case_id")).isEqualTo("c1");
    assertThat(rows.get(2).<Long>getAs("_record_number")).isEqualTo(3L);
    assertThat(rows.get(2).<String>getAs("_malformed")).startsWith("invalid XML at line 7, column 1: ");
    assertThat(rows.get(2).<String>getAs("_raw")).as("the event read so far").isEqualTo("<event");
  }

  private static Map<String, String> map(Row row, String column) {
    return CollectionConverters.asJava(row.<scala.collection.Map<String, String>>getAs(column));
  }
}
