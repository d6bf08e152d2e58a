package io.journeyminer.export;

import static org.apache.spark.sql.functions.col;

import io.journeyminer.journeys.Journeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes journeys as an IEEE 1849 XES log, so that ProM, pm4py or Celonis can open them (SPEC 7):
 * one {@code <trace>} per journey ({@code concept:name} = journey id, {@code customer},
 * {@code outcome}, {@code revenue}), one {@code <event>} per step ({@code concept:name} = touchpoint,
 * {@code time:timestamp} in UTC to the microsecond, {@code lifecycle:transition} complete, and
 * {@code stage}, {@code channel}, {@code revenue}, {@code is_conversion} where present).
 *
 * <p>Cost: the traces are rendered on the executors (a narrow map over the journeys, no shuffle) and
 * written as text parts beside the output; the driver then streams the header, the parts and the
 * footer into the one output file (gzip when it ends in {@code .gz}) and deletes the parts. No
 * journey is held in driver memory.
 */
public final class XesExport {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  static final String HEADER =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
        <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
        <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
        <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
        <string key="concept:name" value="journey-miner journeys"/>
      """;
  static final String FOOTER = "</log>\n";

  private XesExport() {}

  /** Writes {@code journeysWithSteps} (schema {@code Journeys.WITH_STEPS}) to {@code out}; returns the traces written. */
  public static long write(Dataset<Row> journeysWithSteps, String out, Configuration hadoop) {
    Path target = new Path(out);
    Path parts = new Path(target.getParent(), "." + target.getName() + ".parts");
    Dataset<String> traces =
        journeysWithSteps
            .orderBy(col(Journeys.CUSTOMER_ID), col(Journeys.STARTED_AT), col(Journeys.JOURNEY_ID))
            .mapPartitions(new RenderTraces(), Encoders.STRING());
    traces.write().mode(SaveMode.Overwrite).option("compression", "none").text(parts.toString());
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      long written = 0;
      FileStatus[] files = fs.globStatus(new Path(parts, "part-*"));
      java.util.Arrays.sort(files, java.util.Comparator.comparing(status -> status.getPath().getName()));
      try (OutputStream raw = fs.create(target, true);
          OutputStream stream = out.endsWith(".gz") ? new GZIPOutputStream(raw) : raw) {
        stream.write(HEADER.getBytes(StandardCharsets.UTF_8));
        for (FileStatus part : files) {
          try (InputStream in = fs.open(part.getPath())) {
            written += copyCountingTraces(in, stream);
          }
        }
        stream.write(FOOTER.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(parts, true);
      return written;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  private static long copyCountingTraces(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long traces = 0;
    int read;
    while ((read = in.read(buffer)) > 0) {
      out.write(buffer, 0, read);
      for (int i = 0; i < read; i++) {
        // Each trace is one text line ending in "</trace>" and a newline.
        if (buffer[i] == '\n') {
          traces++;
        }
      }
    }
    return traces;
  }

  /** Renders each journey as one line holding its whole {@code <trace>} element. */
  static final class RenderTraces implements MapPartitionsFunction<Row, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<String> call(Iterator<Row> journeys) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return journeys.hasNext();
        }

        @Override
        public String next() {
          return trace(journeys.next());
        }
      };
    }

    static String trace(Row journey) {
      StringBuilder xml = new StringBuilder(512);
      xml.append("  <trace>");
      string(xml, "concept:name", journey.getAs(Journeys.JOURNEY_ID));
      string(xml, "customer", journey.getAs(Journeys.CUSTOMER_ID));
      string(xml, "outcome", journey.getAs(Journeys.OUTCOME));
      Object revenue = journey.getAs(Journeys.REVENUE);
      if (revenue != null) {
        number(xml, "revenue", (Double) revenue);
      }
      List<Row> steps = new ArrayList<>(journey.getList(journey.fieldIndex(Journeys.STEPS)));
      for (Row step : steps) {
        xml.append("<event>");
        string(xml, "concept:name", step.getAs(Journeys.TOUCHPOINT));
        xml.append("<date key=\"time:timestamp\" value=\"")
            .append(TIMESTAMP.format(((Timestamp) step.getAs(Journeys.OCCURRED_AT)).toInstant()))
            .append("\"/>");
        string(xml, "lifecycle:transition", "complete");
        Object stage = step.getAs(Journeys.STAGE);
        if (stage != null) {
          string(xml, "stage", (String) stage);
        }
        Object channel = step.getAs(Journeys.CHANNEL);
        if (channel != null) {
          string(xml, "channel", (String) channel);
        }
        Object stepRevenue = step.getAs(Journeys.REVENUE);
        if (stepRevenue != null) {
          number(xml, "revenue", (Double) stepRevenue);
        }
        xml.append("<boolean key=\"is_conversion\" value=\"").append((boolean) step.getAs(Journeys.IS_CONVERSION)).append("\"/>");
        xml.append("</event>");
      }
      xml.append("</trace>");
      return xml.toString();
    }

    private static void string(StringBuilder xml, String key, String value) {
      xml.append("<string key=\"").append(key).append("\" value=\"").append(escape(value)).append("\"/>");
    }

    private static void number(StringBuilder xml, String key, double value) {
      xml.append("<float key=\"").append(key).append("\" value=\"").append(Double.toString(value)).append("\"/>");
    }

    static String escape(String value) {
      StringBuilder escaped = new StringBuilder(value.length() + 8);
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '&' -> escaped.append("&amp;");
          case '<' -> escaped.append("&lt;");
          case '>' -> escaped.append("&gt;");
          case '"' -> escaped.append("&quot;");
          case '\n' -> escaped.append("&#10;");
          case '\r' -> escaped.append("&#13;");
          case '\t' -> escaped.append("&#9;");
          default -> escaped.append(c < 0x20 ? ' ' : c);
        }
      }
      return escaped.toString();
    }
  }
}
