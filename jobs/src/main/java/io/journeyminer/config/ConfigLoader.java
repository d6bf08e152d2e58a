package io.journeyminer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a pipeline YAML file into a {@link PipelineConfig}. Every problem is collected (unknown
 * keys, missing keys, wrong types, bad values) and reported together, each with the file, the key
 * path and what was expected. Jackson's YAML module parses (it is already on Spark's classpath
 * family and keeps the same Jackson version); binding is done here so that all problems, not just
 * the first, reach the user.
 */
public final class ConfigLoader {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final String file;
  private final Path baseDirectory;
  private final List<String> problems = new ArrayList<>();

  private ConfigLoader(String file, Path baseDirectory) {
    this.file = file;
    this.baseDirectory = baseDirectory;
  }

  /** Reads and validates a config file; throws {@link ConfigException} listing every problem. */
  public static PipelineConfig load(Path path) {
    String display = path.toString();
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(display, List.of("the config file does not exist or is not a file"));
    }
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new ConfigException(display, List.of("cannot be read: " + e.getMessage()));
    }
    Path base = path.toAbsolutePath().normalize().getParent();
    return parse(display, base, text);
  }

  /** Parses config text; relative paths resolve against {@code baseDirectory}. */
  public static PipelineConfig parse(String file, Path baseDirectory, String yaml) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          file, List.of("is not valid YAML: " + e.getOriginalMessage() + locationOf(e)));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file, List.of("(root): expected a mapping of keys"));
    }
    ConfigLoader loader = new ConfigLoader(file, baseDirectory);
    PipelineConfig config = loader.pipeline(root);
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(file, loader.problems);
    }
    return config;
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  private PipelineConfig pipeline(JsonNode root) {
    allowKeys(
        root,
        "",
        "name",
        "warehouse",
        "as_of",
        "security",
        "identity",
        "journeys",
        "analysis",
        "journey_map",
        "conformance",
        "sources",
        "ingest",
        "retention");
    String name = string(root, "", "name", false).orElse("journey-miner");
    URI warehouse =
        string(root, "", "warehouse", true).map(this::resolvePath).orElse(URI.create("file:///"));
    Optional<AsOf> asOf = string(root, "", "as_of", false).flatMap(v -> asOf("as_of", v));
    SecurityConfig security = security(child(root, "security"));
    IngestConfig ingest = ingest(child(root, "ingest"));
    IdentityConfig identity = identity(child(root, "identity"));
    JourneyRules journeys = journeyRules(child(root, "journeys"));
    AnalysisConfig analysis = analysis(child(root, "analysis"));
    JourneyMap map = journeyMap(root.get("journey_map"));
    ConformanceConfig conformance = conformance(child(root, "conformance"));
    List<SourceConfig> sources = sources(root.get("sources"), map);
    Duration retention = duration(root, "", "retention").orElse(PipelineConfig.DEFAULT_RETENTION);
    if (retention.isNegative()) {
      problem("retention", "a duration that is not negative, such as 30d", retention.toString());
    }
    return new PipelineConfig(
        name,
        file,
        warehouse,
        asOf,
        security,
        identity,
        journeys,
        analysis,
        map,
        conformance,
        sources,
        ingest,
        retention);
  }

  private IngestConfig ingest(JsonNode node) {
    allowKeys(node, "ingest", "max_record_bytes", "min_timestamp");
    long maxRecordBytes =
        integer(node, "ingest", "max_record_bytes", 1)
            .map(Integer::longValue)
            .orElse(IngestConfig.DEFAULT_MAX_RECORD_BYTES);
    Instant minTimestamp =
        string(node, "ingest", "min_timestamp", false)
            .flatMap(text -> startInstant("ingest.min_timestamp", text))
            .orElse(IngestConfig.DEFAULT_MIN_TIMESTAMP);
    return new IngestConfig(maxRecordBytes, minTimestamp);
  }

  private SecurityConfig security(JsonNode node) {
    allowKeys(node, "security", "insecure_development_salt", "pii_identifiers");
    Optional<String> salt = string(node, "security", "insecure_development_salt", false);
    salt.filter(String::isBlank)
        .ifPresent(s -> problem("security.insecure_development_salt", "a non-empty string", "\"\""));
    Set<String> pii =
        new LinkedHashSet<>(
            stringList(node, "security", "pii_identifiers").orElse(List.of("email", "phone")));
    return new SecurityConfig(salt, pii);
  }

  private IdentityConfig identity(JsonNode node) {
    allowKeys(node, "identity", "max_degree", "blocklist");
    int maxDegree = integer(node, "identity", "max_degree", 1).orElse(IdentityConfig.DEFAULT_MAX_DEGREE);
    Map<String, Set<String>> blocklist = new HashMap<>();
    JsonNode list = node.get("blocklist");
    if (list != null && !list.isNull()) {
      if (!list.isObject()) {
        problem("identity.blocklist", "a mapping of identifier type to a list of values", kind(list));
      } else {
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          stringList(list, "identity.blocklist", entry.getKey())
              .ifPresent(values -> blocklist.put(entry.getKey(), new HashSet<>(values)));
        }
      }
    }
    return new IdentityConfig(Math.max(1, maxDegree), blocklist);
  }

  private JourneyRules journeyRules(JsonNode node) {
    allowKeys(node, "journeys", "inactivity_timeout", "split_after_conversion", "future_tolerance", "max_events_per_customer");
    Duration timeout =
        duration(node, "journeys", "inactivity_timeout")
            .orElse(JourneyRules.DEFAULT_INACTIVITY_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative()) {
      problem("journeys.inactivity_timeout", "a positive duration", timeout.toString());
    }
    boolean split = bool(node, "journeys", "split_after_conversion").orElse(true);
    Duration tolerance =
        duration(node, "journeys", "future_tolerance").orElse(JourneyRules.DEFAULT_FUTURE_TOLERANCE);
    int maxEvents =
        integer(node, "journeys", "max_events_per_customer", 1).orElse(JourneyRules.DEFAULT_MAX_EVENTS_PER_CUSTOMER);
    return new JourneyRules(timeout, split, tolerance, maxEvents);
  }

  private AnalysisConfig analysis(JsonNode node) {
    allowKeys(
        node,
        "analysis",
        "min_journeys",
        "confidence_level",
        "time_decay_half_life",
        "collapse_repeats",
        "segment_attributes",
        "top_touchpoints",
        "drift_window",
        "drift_alpha");
    int minJourneys = integer(node, "analysis", "min_journeys", 0).orElse(AnalysisConfig.DEFAULT_MIN_JOURNEYS);
    double confidence =
        number(node, "analysis", "confidence_level").orElse(AnalysisConfig.DEFAULT_CONFIDENCE_LEVEL);
    if (!(confidence > 0 && confidence < 1)) {
      problem("analysis.confidence_level", "a number between 0 and 1 exclusive", String.valueOf(confidence));
    }
    Duration halfLife =
        duration(node, "analysis", "time_decay_half_life").orElse(AnalysisConfig.DEFAULT_HALF_LIFE);
    if (halfLife.isZero() || halfLife.isNegative()) {
      problem("analysis.time_decay_half_life", "a positive duration", halfLife.toString());
    }
    boolean collapse = bool(node, "analysis", "collapse_repeats").orElse(false);
    List<String> segments = stringList(node, "analysis", "segment_attributes").orElse(List.of());
    int top = integer(node, "analysis", "top_touchpoints", 1).orElse(AnalysisConfig.DEFAULT_TOP_TOUCHPOINTS);
    int driftWindow = integer(node, "analysis", "drift_window", 1).orElse(AnalysisConfig.DEFAULT_DRIFT_WINDOW);
    double driftAlpha = number(node, "analysis", "drift_alpha").orElse(AnalysisConfig.DEFAULT_DRIFT_ALPHA);
    if (!(driftAlpha > 0 && driftAlpha < 1)) {
      problem("analysis.drift_alpha", "a number between 0 and 1 exclusive", String.valueOf(driftAlpha));
    }
    return new AnalysisConfig(minJourneys, confidence, halfLife, collapse, segments, top, driftWindow, driftAlpha);
  }

  private ConformanceConfig conformance(JsonNode node) {
    allowKeys(node, "conformance", "enabled", "model", "max_expanded_states");
    boolean enabled = bool(node, "conformance", "enabled").orElse(true);
    Optional<String> model = string(node, "conformance", "model", false).map(String::trim);
    model.filter(path -> !path.toLowerCase(Locale.ROOT).matches(".*\\.(bpmn|bpmn2|bpmn\\.xml|pnml)"))
        .ifPresent(path -> problem("conformance.model", "a .bpmn or .pnml file", "\"" + path + "\""));
    Optional<String> resolved =
        model.map(path -> path.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*") || path.startsWith("/") ? path : baseDirectory.resolve(path).normalize().toString());
    long budget = integer(node, "conformance", "max_expanded_states", 1).map(Integer::longValue).orElse(ConformanceConfig.DEFAULT_MAX_EXPANDED_STATES);
    return new ConformanceConfig(enabled, resolved, budget);
  }

  private JourneyMap journeyMap(JsonNode node) {
    if (node == null || node.isNull()) {
      problem("journey_map", "a mapping with stages and conversions", "nothing (the key is missing)");
      return new JourneyMap(List.of(), Set.of());
    }
    if (!node.isObject()) {
      problem("journey_map", "a mapping with stages and conversions", kind(node));
      return new JourneyMap(List.of(), Set.of());
    }
    allowKeys(node, "journey_map", "stages", "conversions");
    List<JourneyMap.Stage> stages = new ArrayList<>();
    JsonNode stageNodes = node.get("stages");
    Map<String, String> seenTouchpoints = new HashMap<>();
    Set<String> stageNames = new HashSet<>();
    if (stageNodes == null || !stageNodes.isArray() || stageNodes.isEmpty()) {
      problem("journey_map.stages", "a non-empty list of stages", stageNodes == null ? "nothing (the key is missing)" : kind(stageNodes));
    } else {
      for (int i = 0; i < stageNodes.size(); i++) {
        String at = "journey_map.stages[" + i + "]";
        JsonNode stage = stageNodes.get(i);
        if (!stage.isObject()) {
          problem(at, "a mapping with name and touchpoints", kind(stage));
          continue;
        }
        allowKeys(stage, at, "name", "touchpoints", "optional", "after_conversion", "exclude", "within");
        String stageName = string(stage, at, "name", true).orElse("stage_" + i);
        if (!stageNames.add(stageName)) {
          problem(at + ".name", "a stage name used once", "\"" + stageName + "\" again");
        }
        List<String> touchpoints = stringList(stage, at, "touchpoints").orElse(List.of());
        if (touchpoints.isEmpty()) {
          problem(at + ".touchpoints", "a non-empty list of touchpoint names", "none");
        }
        for (String touchpoint : touchpoints) {
          String previous = seenTouchpoints.put(touchpoint, stageName);
          if (previous != null) {
            problem(
                at + ".touchpoints",
                "each touchpoint in one stage only",
                "\"" + touchpoint + "\" also in stage \"" + previous + "\"");
          }
        }
        boolean optional = bool(stage, at, "optional").orElse(false);
        boolean afterConversion = bool(stage, at, "after_conversion").orElse(false);
        List<String> exclude = stringList(stage, at, "exclude").orElse(List.of());
        Optional<Duration> within = duration(stage, at, "within");
        within.filter(limit -> limit.isZero() || limit.isNegative())
            .ifPresent(limit -> problem(at + ".within", "a positive duration such as 7d", limit.toString()));
        stages.add(new JourneyMap.Stage(stageName, touchpoints, optional, afterConversion, exclude, within));
      }
    }
    for (int i = 0; i < stages.size(); i++) {
      for (String excluded : stages.get(i).exclude()) {
        if (stages.get(i).touchpoints().contains(excluded)) {
          problem(
              "journey_map.stages[" + i + "].exclude",
              "touchpoints of other stages or outside the map",
              "\"" + excluded + "\", a touchpoint of this stage");
        }
      }
    }
    List<String> conversions = stringList(node, "journey_map", "conversions").orElse(List.of());
    for (int i = 0; i < stages.size(); i++) {
      JourneyMap.Stage stage = stages.get(i);
      if (stage.afterConversion()) {
        for (String touchpoint : stage.touchpoints()) {
          if (conversions.contains(touchpoint)) {
            problem(
                "journey_map.stages[" + i + "].after_conversion",
                "a stage without conversion touchpoints",
                "conversion \"" + touchpoint + "\" in stage \"" + stage.name() + "\"");
          }
        }
      }
    }
    if (conversions.isEmpty()) {
      problem("journey_map.conversions", "a non-empty list of conversion touchpoints", "none");
    }
    for (String conversion : conversions) {
      if (!seenTouchpoints.isEmpty() && !seenTouchpoints.containsKey(conversion)) {
        problem(
            "journey_map.conversions",
            "touchpoints listed in a stage",
            "\"" + conversion + "\", which no stage lists");
      }
    }
    return new JourneyMap(stages, new LinkedHashSet<>(conversions));
  }

  private List<SourceConfig> sources(JsonNode node, JourneyMap map) {
    List<SourceConfig> sources = new ArrayList<>();
    if (node == null || !node.isArray() || node.isEmpty()) {
      problem("sources", "a non-empty list of sources", node == null ? "nothing (the key is missing)" : kind(node));
      return sources;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode source = node.get(i);
      String at = "sources[" + i + "]";
      if (!source.isObject()) {
        problem(at, "a mapping describing one source", kind(source));
        continue;
      }
      SourceConfig parsed = source(source, at);
      if (parsed != null) {
        if (!names.add(parsed.name())) {
          problem(at + ".name", "a source name used once", "\"" + parsed.name() + "\" again");
        }
        sources.add(parsed);
      }
    }
    return sources;
  }

  private SourceConfig source(JsonNode node, String at) {
    allowKeys(
        node,
        at,
        "name",
        "format",
        "path",
        "options",
        "max_reject_share",
        "key",
        "timestamp",
        "identifiers",
        "touchpoint",
        "channel",
        "campaign",
        "revenue",
        "attributes");
    String name = string(node, at, "name", true).orElse("source");
    if (!NAME.matcher(name).matches()) {
      problem(at + ".name", "lower-case letters, digits and underscores, starting with a letter", "\"" + name + "\"");
    }
    String path = string(node, at, "path", true).orElse("");
    SourceFormat format = string(node, at, "format", true).flatMap(f -> format(at, f)).orElse(SourceFormat.CSV);
    Map<String, String> options = stringMap(node, at, "options");
    double maxReject = number(node, at, "max_reject_share").orElse(SourceConfig.DEFAULT_MAX_REJECT_SHARE);
    if (maxReject < 0 || maxReject > 1) {
      problem(at + ".max_reject_share", "a share between 0 and 1", String.valueOf(maxReject));
    }
    List<String> key = stringListOrScalar(node, at, "key");
    if (key.isEmpty() && format == SourceFormat.XES) {
      // Process-mining logs legitimately repeat identical events within a case; an event is
      // identified by its case and its position in the trace, not by its content.
      key = List.of("case_id", "event_index");
    }
    SourceConfig.TimestampSpec timestamp = timestamp(node.get("timestamp"), at + ".timestamp", format);
    Map<String, String> identifiers = stringMap(node, at, "identifiers");
    if (format != SourceFormat.XES && identifiers.isEmpty()) {
      problem(at + ".identifiers", "at least one identifier type mapped to a column", "none");
    }
    if (format == SourceFormat.XES && identifiers.isEmpty()) {
      identifiers = Map.of("case_id", "case_id");
    }
    for (String type : identifiers.keySet()) {
      if (!NAME.matcher(type).matches()) {
        problem(at + ".identifiers." + type, "an identifier type in lower-case letters, digits and underscores", "\"" + type + "\"");
      }
    }
    SourceConfig.TouchpointMapping touchpoint = touchpoint(node.get("touchpoint"), at + ".touchpoint", format);
    Optional<SourceConfig.ValueSpec> channel = valueSpec(node, at, "channel");
    Optional<SourceConfig.ValueSpec> campaign = valueSpec(node, at, "campaign");
    Optional<String> revenue = string(node, at, "revenue", false);
    Map<String, String> attributes = attributes(node, at);
    return new SourceConfig(
        name,
        format,
        path,
        options,
        maxReject,
        key,
        timestamp,
        identifiers,
        touchpoint,
        channel,
        campaign,
        revenue,
        attributes);
  }

  private Optional<SourceFormat> format(String at, String value) {
    try {
      return Optional.of(SourceFormat.valueOf(value.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      problem(at + ".format", "one of csv, json, parquet, clf, xes", "\"" + value + "\"");
      return Optional.empty();
    }
  }

  private SourceConfig.TimestampSpec timestamp(JsonNode node, String at, SourceFormat format) {
    if (node == null || node.isNull()) {
      if (format == SourceFormat.XES) {
        return new SourceConfig.TimestampSpec("timestamp", "iso", "UTC");
      }
      if (format == SourceFormat.CLF) {
        return new SourceConfig.TimestampSpec("time", "clf", "UTC");
      }
      problem(at, "a mapping with column, format and timezone", "nothing (the key is missing)");
      return new SourceConfig.TimestampSpec("", "iso", "UTC");
    }
    if (!node.isObject()) {
      problem(at, "a mapping with column, format and timezone", kind(node));
      return new SourceConfig.TimestampSpec("", "iso", "UTC");
    }
    allowKeys(node, at, "column", "format", "timezone");
    String column = string(node, at, "column", true).orElse("");
    String pattern = string(node, at, "format", false).orElse("iso");
    switch (pattern) {
      case "iso", "epoch_seconds", "epoch_millis", "epoch_micros", "clf" -> { }
      default -> {
        try {
          DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
          problem(at + ".format", "iso, epoch_seconds, epoch_millis, epoch_micros, clf or a date-time pattern such as yyyy-MM-dd HH:mm:ss", "\"" + pattern + "\" (" + e.getMessage() + ")");
        }
      }
    }
    String zone = string(node, at, "timezone", false).orElse("UTC");
    try {
      ZoneId.of(zone);
    } catch (RuntimeException e) {
      problem(at + ".timezone", "a time-zone id such as UTC or Europe/Berlin", "\"" + zone + "\"");
    }
    return new SourceConfig.TimestampSpec(column, pattern, zone);
  }

  private SourceConfig.TouchpointMapping touchpoint(JsonNode node, String at, SourceFormat format) {
    if (node == null || node.isNull()) {
      if (format == SourceFormat.XES) {
        return new SourceConfig.TouchpointMapping.Column("activity");
      }
      problem(at, "a mapping with one of column, lookup or rules", "nothing (the key is missing)");
      return new SourceConfig.TouchpointMapping.Column("");
    }
    if (!node.isObject()) {
      problem(at, "a mapping with one of column, lookup or rules", kind(node));
      return new SourceConfig.TouchpointMapping.Column("");
    }
    allowKeys(node, at, "column", "lookup", "rules");
    int given = (node.has("column") ? 1 : 0) + (node.has("lookup") ? 1 : 0) + (node.has("rules") ? 1 : 0);
    if (given != 1) {
      problem(at, "exactly one of column, lookup or rules", given + " of them");
    }
    if (node.has("lookup")) {
      JsonNode lookup = node.get("lookup");
      String lat = at + ".lookup";
      if (!lookup.isObject()) {
        problem(lat, "a mapping with column and values", kind(lookup));
        return new SourceConfig.TouchpointMapping.Column("");
      }
      allowKeys(lookup, lat, "column", "values");
      String column = string(lookup, lat, "column", true).orElse("");
      Map<String, String> values = stringMap(lookup, lat, "values");
      if (values.isEmpty()) {
        problem(lat + ".values", "a non-empty mapping of raw value to touchpoint", "none");
      }
      return new SourceConfig.TouchpointMapping.Lookup(column, values);
    }
    if (node.has("rules")) {
      JsonNode rules = node.get("rules");
      if (!rules.isArray() || rules.isEmpty()) {
        problem(at + ".rules", "a non-empty list of rules", kind(rules));
        return new SourceConfig.TouchpointMapping.Rules(List.of());
      }
      List<SourceConfig.Rule> parsed = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        parsed.add(rule(rules.get(i), at + ".rules[" + i + "]"));
      }
      return new SourceConfig.TouchpointMapping.Rules(parsed);
    }
    return new SourceConfig.TouchpointMapping.Column(string(node, at, "column", true).orElse(""));
  }

  private SourceConfig.Rule rule(JsonNode node, String at) {
    if (!node.isObject()) {
      problem(at, "a mapping with a condition and a touchpoint", kind(node));
      return new SourceConfig.Rule(Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), "");
    }
    allowKeys(node, at, "column", "equals", "in", "matches", "sql", "touchpoint");
    Optional<String> column = string(node, at, "column", false);
    Optional<String> equals = string(node, at, "equals", false);
    List<String> in = stringList(node, at, "in").orElse(List.of());
    Optional<String> matches = string(node, at, "matches", false);
    Optional<String> sql = string(node, at, "sql", false);
    String touchpoint = string(node, at, "touchpoint", true).orElse("");
    boolean columnCondition = equals.isPresent() || !in.isEmpty() || matches.isPresent();
    if (columnCondition && column.isEmpty()) {
      problem(at + ".column", "the column that equals/in/matches tests", "nothing (the key is missing)");
    }
    if (column.isPresent() && !columnCondition) {
      problem(at, "equals, in or matches with column", "column alone");
    }
    matches.ifPresent(
        regex -> {
          try {
            Pattern.compile(regex);
          } catch (PatternSyntaxException e) {
            problem(at + ".matches", "a valid regular expression", "\"" + regex + "\" (" + e.getDescription() + ")");
          }
        });
    return new SourceConfig.Rule(column, equals, in, matches, sql, touchpoint);
  }

  private Optional<SourceConfig.ValueSpec> valueSpec(JsonNode parent, String at, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    String path = at + "." + key;
    if (!node.isObject()) {
      problem(path, "a mapping with column (an expression) or value (a constant)", kind(node));
      return Optional.empty();
    }
    allowKeys(node, path, "column", "value");
    if (node.has("column") == node.has("value")) {
      problem(path, "exactly one of column or value", node.has("column") ? "both" : "neither");
      return Optional.empty();
    }
    if (node.has("column")) {
      return string(node, path, "column", true).map(SourceConfig.ValueSpec.Column::new);
    }
    return string(node, path, "value", true).map(SourceConfig.ValueSpec.Constant::new);
  }

  private Map<String, String> attributes(JsonNode node, String at) {
    JsonNode attributes = node.get("attributes");
    if (attributes == null || attributes.isNull()) {
      return Map.of();
    }
    if (attributes.isArray()) {
      Map<String, String> result = new LinkedHashMap<>();
      stringList(node, at, "attributes").orElse(List.of()).forEach(column -> result.put(column, column));
      return result;
    }
    return stringMap(node, at, "attributes");
  }

  // ---- primitives ------------------------------------------------------------------------

  private JsonNode child(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      problem(key, "a mapping of keys", kind(node));
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    return node;
  }

  private void allowKeys(JsonNode node, String at, String... allowed) {
    Set<String> allowedSet = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowedSet.contains(key)) {
        problem(
            join(at, key),
            "one of the known keys (" + String.join(", ", allowed) + ")",
            "an unknown key");
      }
    }
  }

  private Optional<String> string(JsonNode parent, String at, String key, boolean required) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      if (required) {
        problem(join(at, key), "a string", "nothing (the key is missing)");
      }
      return Optional.empty();
    }
    if (!node.isValueNode() || node.isBoolean() && !key.equals("value")) {
      problem(join(at, key), "a string", kind(node));
      return Optional.empty();
    }
    String text = node.asText();
    if (required && text.isBlank()) {
      problem(join(at, key), "a non-empty string", "an empty string");
      return Optional.empty();
    }
    return Optional.of(text);
  }

  private Optional<Integer> integer(JsonNode parent, String at, String key, int minimum) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber()) {
      problem(join(at, key), "a whole number", kind(node));
      return Optional.empty();
    }
    if (node.asInt() < minimum) {
      problem(join(at, key), "a whole number of at least " + minimum, node.asText());
      return Optional.empty();
    }
    return Optional.of(node.asInt());
  }

  private Optional<Double> number(JsonNode parent, String at, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isNumber()) {
      problem(join(at, key), "a number", kind(node));
      return Optional.empty();
    }
    return Optional.of(node.asDouble());
  }

  private Optional<Boolean> bool(JsonNode parent, String at, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      problem(join(at, key), "true or false", kind(node));
      return Optional.empty();
    }
    return Optional.of(node.asBoolean());
  }

  private Optional<Duration> duration(JsonNode parent, String at, String key) {
    return string(parent, at, key, false).flatMap(text -> parseDuration(join(at, key), text));
  }

  private Optional<Duration> parseDuration(String path, String text) {
    String trimmed = text.trim();
    var matcher = DURATION.matcher(trimmed);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return Optional.of(
          switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
          });
    }
    try {
      return Optional.of(Duration.parse(trimmed));
    } catch (RuntimeException e) {
      problem(path, "a duration such as 30d, 12h, 90m, 45s or ISO-8601 PT12H", "\"" + text + "\"");
      return Optional.empty();
    }
  }

  /** A date (its start, UTC) or an ISO-8601 instant with offset. */
  private Optional<Instant> startInstant(String path, String text) {
    try {
      return Optional.of(LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (RuntimeException notADate) {
      try {
        return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
      } catch (RuntimeException notAnInstant) {
        problem(path, "a date (1990-01-01, meaning its start in UTC) or an ISO-8601 instant with offset", "\"" + text + "\"");
        return Optional.empty();
      }
    }
  }

  private Optional<AsOf> asOf(String path, String text) {
    Optional<AsOf> parsed = AsOf.parse(text);
    if (parsed.isEmpty()) {
      problem(path, "a date (2026-03-01, meaning the end of that day) or an ISO-8601 instant with offset (2026-03-01T06:00:00Z)", "\"" + text + "\"");
    }
    return parsed;
  }

  private Optional<List<String>> stringList(JsonNode parent, String at, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isArray()) {
      problem(join(at, key), "a list of strings", kind(node));
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isValueNode() || item.isNull()) {
        problem(join(at, key) + "[" + i + "]", "a string", kind(item));
      } else {
        values.add(item.asText());
      }
    }
    return Optional.of(values);
  }

  private List<String> stringListOrScalar(JsonNode parent, String at, String key) {
    JsonNode node = parent.get(key);
    if (node != null && node.isValueNode() && !node.isNull()) {
      return List.of(node.asText());
    }
    return stringList(parent, at, key).orElse(List.of());
  }

  private Map<String, String> stringMap(JsonNode parent, String at, String key) {
    JsonNode node = parent.get(key);
    Map<String, String> values = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isObject()) {
      problem(join(at, key), "a mapping of names to strings", kind(node));
      return values;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode value = entry.getValue();
      if (!value.isValueNode() || value.isNull()) {
        problem(join(at, key) + "." + entry.getKey(), "a string", kind(value));
      } else {
        values.put(entry.getKey(), value.asText());
      }
    }
    return values;
  }

  private URI resolvePath(String path) {
    if (path.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return URI.create(path.endsWith("/") ? path : path + "/");
    }
    URI resolved = baseDirectory.resolve(path).normalize().toUri();
    return resolved.toString().endsWith("/") ? resolved : URI.create(resolved + "/");
  }

  /** Resolves a source path glob against the config file's folder, keeping URIs as they are. */
  public static String resolveGlob(String configFile, String glob) {
    if (glob.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*") || glob.startsWith("/")) {
      return glob;
    }
    Path base = Path.of(configFile).toAbsolutePath().normalize().getParent();
    return base.resolve(glob).normalize().toString();
  }

  private void problem(String path, String expected, String found) {
    problems.add(path + ": expected " + expected + ", found " + found);
  }

  private static String join(String at, String key) {
    return at.isEmpty() ? key : at + "." + key;
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isNull()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isBoolean()) {
      return "a boolean (" + node.asText() + ")";
    }
    if (node.isNumber()) {
      return "a number (" + node.asText() + ")";
    }
    return "\"" + node.asText() + "\"";
  }
}
