package io.journeyminer.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyminer.config.JourneyMap;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.publish.PublishedRuns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The run report (SPEC 7): one self-contained HTML page per run, written beside its manifest as
 * {@code _runs/<run_date>/report.html}. Styles, scripts and data are inlined and the page's
 * Content-Security-Policy allows no request at all ({@code default-src 'none'}), so it opens offline
 * and from an e-mail attachment alike.
 *
 * <p>Cost: everything the page shows is a small published aggregate (transitions, stage_summary,
 * touchpoint_ranking, the top variants, conformance tables when published) collected to the driver
 * with a row limit, plus one aggregation over {@code journeys} (its conforming share) that runs on
 * the executors. No per-event or per-journey data reaches the driver.
 */
public final class RunReport {

  public static final String FILE_NAME = "report.html";
  /** Edges the process map lays out; the page's slider shows the top N of them. */
  public static final int MAP_EDGES = 60;
  static final int TOP_VARIANTS = 15;
  static final int LISTED_DEVIATIONS = 40;
  private static final int MAX_TABLE_ROWS = 5_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JourneyMap journeyMap;
  private final String pipelineName;

  public RunReport(PipelineConfig config) {
    this.journeyMap = config.journeyMap();
    this.pipelineName = config.name();
  }

  /** The page for one published run. */
  public String html(PublishedRuns runs, LocalDate runDate) {
    return page(data(runs, runDate));
  }

  /** Writes the page beside the run's manifest; returns where. */
  public String write(PublishedRuns runs, LocalDate runDate) {
    return runs.writeRunFile(runDate, FILE_NAME, html(runs, runDate));
  }

  ObjectNode data(PublishedRuns runs, LocalDate runDate) {
    ObjectNode data = JSON.createObjectNode();
    data.put("pipeline", pipelineName);
    data.put("run_date", runDate.toString());
    data.set("manifest", parse(runs.manifestJson(runDate)));
    ArrayNode stages = data.putArray("journey_map");
    journeyMap.stages().forEach(stage -> {
      ObjectNode entry = stages.addObject();
      entry.put("name", stage.name());
      entry.put("optional", stage.optional());
      stage.touchpoints().forEach(entry.withArray("touchpoints")::add);
    });

    List<ProcessMapLayout.Transition> transitions = new ArrayList<>();
    runs.run("transitions", runDate).ifPresent(table -> {
      for (Row row : table.select("from_touchpoint", "to_touchpoint", "count", "journeys", "median_seconds", "conversion_rate").limit(MAX_TABLE_ROWS).collectAsList()) {
        transitions.add(
            new ProcessMapLayout.Transition(
                row.getString(0), row.getString(1), row.getLong(2), row.getLong(3), (Double) row.get(4), (Double) row.get(5)));
      }
    });
    data.set("map", JSON.valueToTree(new ProcessMapLayout(journeyMap, MAP_EDGES).layout(transitions)));

    data.set("stages", rows(runs.run("stage_summary", runDate), "segment_type, segment_value, stage_order", MAX_TABLE_ROWS));
    data.set("ranking", rows(runs.run("touchpoint_ranking", runDate), "conversion_rank", MAX_TABLE_ROWS));
    data.set("variants", rows(runs.run("variants", runDate), "journeys DESC, variant_id", TOP_VARIANTS));

    ObjectNode conformance = data.putObject("conformance");
    Optional<Dataset<Row>> summary = runs.run("conformance_summary", runDate);
    conformance.put("published", summary.isPresent());
    conformance.set("summary", rows(summary, null, 10));
    conformance.set("deviations", rows(runs.run("conformance_deviations", runDate), "journeys DESC", LISTED_DEVIATIONS));
    runs.run("journeys", runDate).ifPresent(journeys -> {
      Row share = journeys.agg(avg(when(col("conforms"), 1.0).otherwise(0.0)), org.apache.spark.sql.functions.count("*")).first();
      conformance.put("stage_order_conforming_share", share.isNullAt(0) ? null : share.getDouble(0));
      conformance.put("journeys", share.getLong(1));
    });
    return data;
  }

  /** A small table as JSON objects (Spark's own JSON of each row), ordered, at most {@code limit}. */
  private static ArrayNode rows(Optional<Dataset<Row>> table, String orderBy, int limit) {
    ArrayNode rows = JSON.createArrayNode();
    table.ifPresent(data -> {
      Dataset<Row> ordered = orderBy == null ? data : data.sort(sortColumns(orderBy));
      for (String json : ordered.limit(limit).toJSON().collectAsList()) {
        rows.add(parse(json));
      }
    });
    return rows;
  }

  private static org.apache.spark.sql.Column[] sortColumns(String orderBy) {
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (String part : orderBy.split(",")) {
      String[] words = part.strip().split("\\s+");
      columns.add(words.length > 1 && words[1].equalsIgnoreCase("DESC") ? col(words[0]).desc() : col(words[0]).asc());
    }
    return columns.toArray(org.apache.spark.sql.Column[]::new);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a report row: " + e.getMessage(), e);
    }
  }

  /** The HTML template with its style, script and data inlined. */
  static String page(ObjectNode data) {
    String template = resource("report.html");
    String json;
    try {
      json = JSON.writeValueAsString(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Inside <script> only "</" can end the element early; JSON allows "<\/" for it.
    String safeJson = json.replace("</", "<\\/");
    return template
        .replace("/*STYLE*/", resource("report.css"))
        .replace("/*SCRIPT*/", resource("report.js"))
        .replace("{{TITLE}}", escapeHtml(data.path("pipeline").asText() + " · run " + data.path("run_date").asText()))
        .replace("{{DATA}}", safeJson);
  }

  private static String resource(String name) {
    try (InputStream in = RunReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("The report resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
