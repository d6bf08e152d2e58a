package io.journeyminer.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.journeyminer.config.IngestConfig;
import io.journeyminer.config.JourneyMap;
import io.journeyminer.config.SourceFormat;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.config.SourceConfig.TouchpointMapping;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * Turns one source's raw records (the {@link RawRecords} contract) into canonical events and
 * rejects: every record gets either a reject reason or an event row, never neither.
 */
public final class SourceIngest {

  /** Columns of the classified frame beyond {@link Events#SCHEMA}. */
  public static final String REASON = "reason";

  public static final String DETAIL = "detail";
  public static final String RAW = "raw";
  /**
   * True for a record whose revenue expression has a value that is not a number: the record is
   * kept with a null revenue and counted per source in the manifest.
   */
  public static final String REVENUE_UNREADABLE = "revenue_unreadable";
  /**
   * True for a record that fails the source's {@code filter}: neither an event nor a reject, only
   * counted. A record that could not be parsed is rejected, never filtered, since the filter cannot
   * judge it.
   */
  public static final String FILTERED = "filtered";
  /**
   * True for a record with a phone identifier that could not be made E.164 (kept as its digits),
   * counted per source in the manifest.
   */
  public static final String PHONE_UNPARSEABLE = "phone_unparseable";

  private static final int DETAIL_VALUE_LENGTH = 120;
  /** Control and format characters and the replacement character: never part of a touchpoint name. */
  private static final String NON_PRINTABLE = "[\\p{Cc}\\p{Cf}\\x{FFFD}]";

  private static final UserDefinedFunction REDACT_EMAILS =
      udf((UDF1<String, String>) Pii::redactEmails, DataTypes.StringType).withName("redact_emails");

  private final SourceConfig source;
  private final JourneyMap journeyMap;
  private final String salt;
  private final Set<String> piiTypes;
  private final IdentifierNormalizer normalizer;
  private final Instant latestAccepted;
  private Instant earliestAccepted = IngestConfig.DEFAULT_MIN_TIMESTAMP;

  /**
   * Records later than {@code asOf} + {@code futureTolerance} are rejected as future_timestamp,
   * records before {@link IngestConfig#DEFAULT_MIN_TIMESTAMP} as bad_timestamp (see {@link
   * #withMinTimestamp}).
   *
   * @param normalizer how identifier values are normalised (the deployment's phone region)
   */
  public SourceIngest(
      SourceConfig source,
      JourneyMap journeyMap,
      String salt,
      Set<String> piiTypes,
      IdentifierNormalizer normalizer,
      Instant asOf,
      Duration futureTolerance) {
    this.source = source;
    this.journeyMap = journeyMap;
    this.salt = salt;
    this.piiTypes = Set.copyOf(piiTypes);
    this.normalizer = normalizer;
    this.latestAccepted = asOf.plus(futureTolerance);
  }

  /** Records before {@code minTimestamp} ({@code ingest.min_timestamp}) are bad timestamps. */
  public SourceIngest withMinTimestamp(Instant minTimestamp) {
    this.earliestAccepted = minTimestamp;
    return this;
  }

  /** The classified frame's schema: events columns plus reason, detail and raw. */
  public static StructType classifiedSchema() {
    return Events.SCHEMA
        .add(REASON, DataTypes.StringType, true)
        .add(DETAIL, DataTypes.StringType, true)
        .add(RAW, DataTypes.StringType, true)
        .add(REVENUE_UNREADABLE, DataTypes.BooleanType, false)
        .add(FILTERED, DataTypes.BooleanType, false)
        .add(PHONE_UNPARSEABLE, DataTypes.BooleanType, false);
  }

  /**
   * Every raw record with its event columns and, when it is rejected, its reason, detail and
   * redacted raw text. Fails early, naming the source and the expression, when the config refers
   * to a column the source does not have.
   */
  public Dataset<Row> classify(Dataset<Row> raw) {
    checkExpressions(raw);
    checkFilterIsPredicate(raw);
    Column timestampText = expr(source.timestamp().column()).cast("string");
    Column occurredAt = timestampUdf().apply(timestampText);
    Column identifiers = identifiers();
    Column touchpoint = touchpoint();
    Column filtered = filtered();
    Column malformed = col(RawRecords.MALFORMED);
    Column tooLarge = malformed.startsWith(RawRecords.TOO_LARGE);
    NonScalar nonScalar = nonScalarIdentifier(raw);
    Column early = occurredAt.lt(lit(Timestamp.from(earliestAccepted)));
    Column unprintable = touchpoint.rlike(NON_PRINTABLE);
    Column reason =
        when(tooLarge, lit(RejectReason.RECORD_TOO_LARGE.code()))
            .when(malformed.isNotNull(), lit(RejectReason.MALFORMED_RECORD.code()))
            .when(filtered, lit(null).cast("string"))
            .when(nonScalar.any(), lit(RejectReason.BAD_IDENTIFIER.code()))
            .when(size(identifiers).equalTo(0), lit(RejectReason.MISSING_IDENTIFIER.code()))
            .when(occurredAt.isNull().or(early), lit(RejectReason.BAD_TIMESTAMP.code()))
            .when(occurredAt.gt(lit(Timestamp.from(latestAccepted))), lit(RejectReason.FUTURE_TIMESTAMP.code()))
            .when(unprintable, lit(RejectReason.BAD_TOUCHPOINT.code()))
            .when(touchpoint.isNull(), lit(RejectReason.UNMAPPED_TOUCHPOINT.code()));
    Column detail =
        when(tooLarge, substring(malformed, RawRecords.TOO_LARGE.length() + 1, Integer.MAX_VALUE))
            .when(malformed.isNotNull(), malformed)
            .when(filtered, lit(null).cast("string"))
            .when(nonScalar.any(), nonScalar.detail())
            .when(
                size(identifiers).equalTo(0),
                lit("no value for any identifier (" + String.join(", ", source.identifiers().keySet()) + ")"))
            .when(
                occurredAt.isNull(),
                concat(
                    lit(source.timestamp().column() + "='"),
                    coalesce(substring(timestampText, 1, DETAIL_VALUE_LENGTH), lit("")),
                    lit("' is not a timestamp in format " + source.timestamp().format())))
            .when(
                early,
                concat(lit("occurred_at "), occurredAt.cast("string"), lit(" is before ingest.min_timestamp " + earliestAccepted)))
            .when(
                occurredAt.gt(lit(Timestamp.from(latestAccepted))),
                concat(lit("occurred_at "), occurredAt.cast("string"), lit(" is after as_of + tolerance " + latestAccepted)))
            .when(
                unprintable,
                concat(
                    lit("touchpoint '"),
                    regexp_replace(substring(touchpoint, 1, DETAIL_VALUE_LENGTH), NON_PRINTABLE, "?"),
                    lit("' has non-printable characters (shown as ?)")))
            .when(touchpoint.isNull(), concat(lit("no touchpoint for "), mappingInput()));

    // Stages 1 and 2: evaluate every expression once, then derive reason and outputs from the columns.
    Dataset<Row> evaluated =
        raw.select(
            col(RawRecords.FILE).as(Events.FILE),
            col(RawRecords.RECORD_NUMBER).as(Events.RECORD_NUMBER),
            col(RawRecords.RAW).as("_raw"),
            col(RawRecords.MALFORMED).as("_malformed"),
            eventId().as(Events.EVENT_ID),
            occurredAt.as(Events.OCCURRED_AT),
            touchpoint.as(Events.TOUCHPOINT),
            value(source.channel()).as(Events.CHANNEL),
            value(source.campaign()).as(Events.CAMPAIGN),
            identifiers.as(Events.IDENTIFIERS),
            revenue().as(Events.REVENUE),
            revenueUnreadable().as(REVENUE_UNREADABLE),
            attributes().as(Events.ATTRIBUTES),
            reason.as(REASON),
            detail.as(DETAIL),
            filtered.as(FILTERED),
            phoneUnparseable().as(PHONE_UNPARSEABLE),
            // Redaction reads the whole record, so it runs on the rejects only: they are all it keeps.
            when(reason.isNotNull(), redactedRaw()).as(RAW));
    Column stage = try_element_at(stageMap(), col(Events.TOUCHPOINT));
    Column isConversion =
        coalesce(col(Events.TOUCHPOINT).isin(journeyMap.conversions().toArray()), lit(false));
    return evaluated.select(
        col(Events.EVENT_ID),
        lit(source.name()).as(Events.SOURCE),
        col(Events.OCCURRED_AT),
        col(Events.TOUCHPOINT),
        stage.as(Events.STAGE),
        col(Events.CHANNEL),
        col(Events.CAMPAIGN),
        col(Events.IDENTIFIERS),
        isConversion.as(Events.IS_CONVERSION),
        col(Events.REVENUE),
        col(Events.ATTRIBUTES),
        col(Events.FILE),
        col(Events.RECORD_NUMBER),
        to_date(col(Events.OCCURRED_AT)).as(Events.EVENT_DATE),
        col(REASON),
        col(DETAIL),
        col(RAW),
        col(REVENUE_UNREADABLE).and(col(FILTERED).unary_$bang()).as(REVENUE_UNREADABLE),
        col(FILTERED),
        col(PHONE_UNPARSEABLE).and(col(FILTERED).unary_$bang()).as(PHONE_UNPARSEABLE));
  }

  /** True when any phone identifier of the record has digits but is not a valid number. */
  private Column phoneUnparseable() {
    Column any = lit(false);
    for (Map.Entry<String, String> entry : source.identifiers().entrySet()) {
      if (Pii.PHONE.equals(entry.getKey())) {
        any = any.or(coalesce(normalizer.phoneUnparseable(expr(entry.getValue())), lit(false)));
      }
    }
    return any;
  }

  /** True when the source has a filter, the record was parsed and the predicate is not true (SQL WHERE semantics). */
  private Column filtered() {
    return source
        .filter()
        .map(predicate -> col(RawRecords.MALFORMED).isNull().and(coalesce(expr(predicate), lit(false)).unary_$bang()))
        .orElse(lit(false));
  }

  private void checkExpressions(Dataset<Row> raw) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> entry : source.expressions().entrySet()) {
      try {
        raw.select(expr(entry.getValue())).queryExecution().assertAnalyzed();
      } catch (Exception e) { // Spark's AnalysisException is checked in Java terms but undeclared
        problems.add(entry.getKey() + " = '" + entry.getValue() + "': " + firstLine(String.valueOf(e.getMessage())));
      }
    }
    if (!problems.isEmpty()) {
      throw new IngestException(
          "source "
              + source.name()
              + ": the config refers to columns the files do not have (available: "
              + String.join(", ", Arrays.stream(raw.columns()).filter(c -> !c.startsWith("_")).toList())
              + "): "
              + String.join("; ", problems));
    }
  }

  private void checkFilterIsPredicate(Dataset<Row> raw) {
    for (String predicate : source.filter().stream().toList()) {
      DataType type = raw.select(expr(predicate)).schema().fields()[0].dataType();
      if (!DataTypes.BooleanType.equals(type)) {
        throw new IngestException(
            "source " + source.name() + ": filter = '" + predicate + "' is a " + type.simpleString()
                + " expression, expected a predicate (true or false) such as lifecycle = 'complete'");
      }
    }
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private UserDefinedFunction timestampUdf() {
    TimestampParser parser = new TimestampParser(source.timestamp().format(), source.timestamp().timezone());
    return udf((UDF1<String, Timestamp>) parser::parse, DataTypes.TimestampType).asNondeterministic().withName("parse_timestamp_" + source.name());
  }

  /** Identifier type to normalised value, PII types hashed; types without a value are left out. */
  private Column identifiers() {
    List<Column> entries = new ArrayList<>();
    for (Map.Entry<String, String> entry : source.identifiers().entrySet()) {
      String type = entry.getKey();
      entries.add(lit(type));
      entries.add(normalizer.stored(salt, piiTypes, type, expr(entry.getValue()).cast("string")));
    }
    return map_filter(map(entries.toArray(Column[]::new)), (k, v) -> v.isNotNull());
  }

  private Column touchpoint() {
    TouchpointMapping mapping = source.touchpoint();
    Column mapped;
    if (mapping instanceof TouchpointMapping.Lookup l) {
      mapped = try_element_at(literalMap(l.values()), trim(expr(l.expression()).cast("string")));
    } else if (mapping instanceof TouchpointMapping.Rules rules) {
      mapped = rules(rules.rules());
    } else {
      mapped = trim(expr(((TouchpointMapping.Column) mapping).expression()).cast("string"));
    }
    return when(mapped.notEqual(lit("")), mapped);
  }

  private static Column rules(List<SourceConfig.Rule> rules) {
    Column result = null;
    for (SourceConfig.Rule rule : rules) {
      Column condition = lit(true);
      if (rule.column().isPresent()) {
        Column value = expr(rule.column().get()).cast("string");
        if (rule.equals().isPresent()) {
          condition = condition.and(value.equalTo(lit(rule.equals().get())));
        }
        if (!rule.in().isEmpty()) {
          condition = condition.and(value.isin(rule.in().toArray()));
        }
        if (rule.matches().isPresent()) {
          condition = condition.and(value.rlike(rule.matches().get()));
        }
      }
      if (rule.sql().isPresent()) {
        condition = condition.and(expr(rule.sql().get()));
      }
      condition = coalesce(condition, lit(false));
      result = result == null ? when(condition, lit(rule.touchpoint())) : result.when(condition, lit(rule.touchpoint()));
    }
    return result == null ? lit(null).cast("string") : result;
  }

  /** What the touchpoint mapping looked at, for the unmapped reject's detail. */
  private Column mappingInput() {
    List<String> inputs = new ArrayList<>();
    TouchpointMapping mapping = source.touchpoint();
    if (mapping instanceof TouchpointMapping.Column c) {
      inputs.add(c.expression());
    } else if (mapping instanceof TouchpointMapping.Lookup l) {
      inputs.add(l.expression());
    } else if (mapping instanceof TouchpointMapping.Rules rules) {
      rules.rules().forEach(rule -> rule.column().filter(c -> !inputs.contains(c)).ifPresent(inputs::add));
    }
    if (inputs.isEmpty()) {
      return lit("(rules with SQL conditions only)");
    }
    List<Column> parts = new ArrayList<>();
    for (String input : inputs) {
      parts.add(concat(lit(input + "='"), coalesce(substring(expr(input).cast("string"), 1, DETAIL_VALUE_LENGTH), lit("")), lit("'")));
    }
    return concat_ws(", ", parts.toArray(Column[]::new));
  }

  private Column stageMap() {
    return literalMap(journeyMap.stageOfTouchpoint());
  }

  private static Column literalMap(Map<String, String> values) {
    List<Column> entries = new ArrayList<>();
    values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              entries.add(lit(e.getKey()));
              entries.add(lit(e.getValue()));
            });
    if (entries.isEmpty()) {
      return map(lit("").as("k"), lit(null).cast("string")).as("empty");
    }
    return map(entries.toArray(Column[]::new));
  }

  private static Column value(java.util.Optional<SourceConfig.ValueSpec> spec) {
    if (spec.isEmpty()) {
      return lit(null).cast("string");
    }
    Column value =
        spec.get() instanceof SourceConfig.ValueSpec.Column c
            ? trim(expr(c.expression()).cast("string"))
            : lit(((SourceConfig.ValueSpec.Constant) spec.get()).value());
    return when(value.notEqual(lit("")), value);
  }

  private Column revenue() {
    return source.revenue().map(SourceIngest::revenueNumber).orElse(lit(null).cast("double"));
  }

  /** True when the revenue expression has a non-blank value that {@link #revenue()} cannot read. */
  private Column revenueUnreadable() {
    return source
        .revenue()
        .map(e -> coalesce(trim(expr(e).cast("string")).notEqual(lit("")).and(revenueNumber(e).isNull()), lit(false)))
        .orElse(lit(false));
  }

  private static Column revenueNumber(String expression) {
    return expr("try_cast((" + expression + ") AS DOUBLE)");
  }

  private Column attributes() {
    if (source.attributes().isEmpty()) {
      return map().cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true));
    }
    List<Column> entries = new ArrayList<>();
    source.attributes().forEach(
        (name, e) -> {
          entries.add(lit(name));
          entries.add(redactEmails(expr(e).cast("string")));
        });
    return map(entries.toArray(Column[]::new));
  }

  /** Stable id: hash of source name and natural key, or of the record's content without one. */
  private Column eventId() {
    List<Column> parts = new ArrayList<>();
    parts.add(lit(source.name()));
    if (source.key().isEmpty()) {
      parts.add(col(RawRecords.RAW));
    } else {
      source.key().forEach(e -> parts.add(coalesce(expr(e).cast("string"), lit("\u0000null"))));
    }
    return substring(sha2(concat_ws("\u0001", parts.toArray(Column[]::new)), 256), 1, 32);
  }

  /**
   * The raw text kept for replay, with e-mail addresses, international phone numbers and the
   * record's PII identifier values replaced, since no raw e-mail or phone may reach any output
   * (SPEC 8). A record that could not be parsed has no known phone value, so any phone-like
   * number in it is replaced.
   */
  private Column redactedRaw() {
    Column redacted =
        when(col(RawRecords.MALFORMED).isNotNull(), regexp_replace(col(RawRecords.RAW), Pii.ANY_PHONE_IN_TEXT, "[phone redacted]"))
            .otherwise(col(RawRecords.RAW));
    redacted = redactEmails(redacted);
    for (Map.Entry<String, String> entry : source.identifiers().entrySet()) {
      if (piiTypes.contains(entry.getKey())) {
        Column value = trim(expr(entry.getValue()).cast("string"));
        redacted =
            when(value.isNotNull().and(value.notEqual(lit(""))), org.apache.spark.sql.functions.replace(redacted, value, lit("[" + entry.getKey() + " redacted]")))
                .otherwise(redacted);
      }
    }
    return redacted;
  }

  private static Column redactEmails(Column text) {
    Column withoutEmails = REDACT_EMAILS.apply(text);
    return regexp_replace(withoutEmails, Pii.INTERNATIONAL_PHONE_IN_TEXT, "[phone redacted]");
  }

  /** The identifiers that are not scalars, for the bad_identifier reason and its detail. */
  private record NonScalar(Column any, Column detail) {}

  /**
   * Identifiers must be strings or numbers: a column typed as a struct, array or map, or (JSON
   * only, where Spark keeps an object as its text when a field changes type) a value that is an
   * object or array, would otherwise be stored as a made-up identifier such as {@code {"id":"ck6"}}.
   * The value itself is not shown, as it may hold an e-mail address.
   */
  private NonScalar nonScalarIdentifier(Dataset<Row> raw) {
    Column any = lit(false);
    Column detail = lit(null).cast("string");
    List<Map.Entry<String, String>> entries = new ArrayList<>(source.identifiers().entrySet());
    java.util.Collections.reverse(entries);
    for (Map.Entry<String, String> entry : entries) {
      Column value = expr(entry.getValue());
      DataType type = raw.select(value).schema().fields()[0].dataType();
      Column bad;
      if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
        bad = value.isNotNull();
      } else if (source.format() == SourceFormat.JSON && type instanceof StringType) {
        bad = coalesce(trim(value).rlike("^[\\[{]"), lit(false));
      } else {
        continue;
      }
      any = any.or(bad);
      detail =
          when(bad, lit("identifier " + entry.getKey() + " (" + entry.getValue() + ") is a JSON object or array, not a string or number"))
              .otherwise(detail);
    }
    return new NonScalar(any, detail);
  }
}
