package io.journeyminer.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One declared export (SPEC 2.1, 2.3). Column references are Spark SQL expressions over the
 * source's parsed columns, so a plain column name, a nested field ({@code context.page.path}) or
 * an array lookup all work.
 *
 * @param name unique source name, stored in {@code events.source}
 * @param format file format
 * @param path glob, relative to the config file's folder unless absolute or a URI
 * @param options format options (csv: {@code delimiter}, {@code quote}, {@code escape},
 *     {@code encoding}; json: {@code schema} as DDL)
 * @param maxRejectShare the run fails when a larger share of this source's records (those the
 *     filter keeps) is rejected
 * @param filter Spark SQL predicate a record must meet to be read at all; the others are counted
 *     as {@code filtered}, neither events nor rejects
 * @param key natural key expressions for {@code event_id}; empty means the record's content
 * @param timestamp where and how {@code occurred_at} is read
 * @param identifiers identifier type to expression
 * @param touchpoint how the canonical touchpoint is derived
 * @param channel marketing channel, if the source has one
 * @param campaign campaign, if the source has one
 * @param revenue revenue expression, if the source has one
 * @param attributes further columns kept in {@code events.attributes}, name to expression
 */
public record SourceConfig(
    String name,
    SourceFormat format,
    String path,
    Map<String, String> options,
    double maxRejectShare,
    Optional<String> filter,
    List<String> key,
    TimestampSpec timestamp,
    Map<String, String> identifiers,
    TouchpointMapping touchpoint,
    Optional<ValueSpec> channel,
    Optional<ValueSpec> campaign,
    Optional<String> revenue,
    Map<String, String> attributes) {

  public static final double DEFAULT_MAX_REJECT_SHARE = 0.05;

  public SourceConfig {
    options = Map.copyOf(options);
    key = List.copyOf(key);
    identifiers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(identifiers));
    attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
  }

  /** This source with another {@code max_reject_share}, e.g. for a benchmark on a tiny data set. */
  public SourceConfig withMaxRejectShare(double share) {
    if (share < 0 || share > 1) {
      throw new IllegalArgumentException("Cannot set max_reject_share to " + share + ", the value must be between 0 and 1.");
    }
    return new SourceConfig(
        name, format, path, options, share, filter, key, timestamp, identifiers, touchpoint, channel, campaign, revenue, attributes);
  }

  /** Every Spark SQL expression of this source, by its key path in the config. */
  public java.util.Map<String, String> expressions() {
    SourceConfig source = this;
    java.util.Map<String, String> expressions = new java.util.LinkedHashMap<>();
    source.filter().ifPresent(e -> expressions.put("filter", e));
    expressions.put("timestamp.column", source.timestamp().column());
    source.identifiers().forEach((type, e) -> expressions.put("identifiers." + type, e));
    for (int k = 0; k < source.key().size(); k++) {
      expressions.put("key[" + k + "]", source.key().get(k));
    }
    if (source.touchpoint() instanceof TouchpointMapping.Column c) {
      expressions.put("touchpoint.column", c.expression());
    } else if (source.touchpoint() instanceof TouchpointMapping.Lookup l) {
      expressions.put("touchpoint.lookup.column", l.expression());
    } else if (source.touchpoint() instanceof TouchpointMapping.Rules rules) {
      for (int r = 0; r < rules.rules().size(); r++) {
        Rule rule = rules.rules().get(r);
        String at = "touchpoint.rules[" + r + "]";
        rule.column().ifPresent(e -> expressions.put(at + ".column", e));
        rule.sql().ifPresent(e -> expressions.put(at + ".sql", e));
      }
    }
    source.channel().filter(ValueSpec.Column.class::isInstance).ifPresent(v -> expressions.put("channel.column", ((ValueSpec.Column) v).expression()));
    source.campaign().filter(ValueSpec.Column.class::isInstance).ifPresent(v -> expressions.put("campaign.column", ((ValueSpec.Column) v).expression()));
    source.revenue().ifPresent(e -> expressions.put("revenue", e));
    source.attributes().forEach((name, e) -> expressions.put("attributes." + name, e));
    return expressions;
  }

  /**
   * How {@code occurred_at} is read.
   *
   * @param column expression holding the timestamp
   * @param format {@code iso} (ISO-8601, offset optional), {@code epoch_seconds},
   *     {@code epoch_millis}, {@code epoch_micros}, {@code xes}, or a {@link java.time.format.DateTimeFormatter} pattern
   * @param timezone zone of values without an offset
   */
  public record TimestampSpec(String column, String format, String timezone) {}

  /** A value read from a column expression or given as a constant. */
  public sealed interface ValueSpec {
    record Column(String expression) implements ValueSpec {}

    record Constant(String value) implements ValueSpec {}
  }

  /** How a record's canonical touchpoint is derived (SPEC 2.3). */
  public sealed interface TouchpointMapping {

    /** The column's value taken as is. */
    record Column(String expression) implements TouchpointMapping {}

    /** Raw values looked up in a table; values not in it are unmapped. */
    record Lookup(String expression, Map<String, String> values) implements TouchpointMapping {
      public Lookup {
        values = Map.copyOf(values);
      }
    }

    /** Ordered rules; the first that matches gives the touchpoint. */
    record Rules(List<Rule> rules) implements TouchpointMapping {
      public Rules {
        rules = List.copyOf(rules);
      }
    }
  }

  /**
   * One mapping rule. All given conditions must hold.
   *
   * @param column expression the {@code equals}, {@code in} and {@code matches} conditions test
   * @param equals the value must equal this
   * @param in the value must be one of these
   * @param matches the value must contain a match of this Java regular expression
   * @param sql a Spark SQL predicate over the source's columns
   * @param touchpoint the touchpoint emitted
   */
  public record Rule(
      Optional<String> column,
      Optional<String> equals,
      List<String> in,
      Optional<String> matches,
      Optional<String> sql,
      String touchpoint) {
    public Rule {
      in = List.copyOf(in);
    }
  }
}
