package io.journeyminer.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.ingest.formats.FormatReaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads every source, classifies each record, removes duplicates, checks the reject shares and
 * reconciles the counts (SPEC 2, 8). Nothing is written here: the caller stages the returned tables
 * once {@link #checkRejectShares} passed, and hands the written counts back to {@link #reconcile}.
 */
public final class IngestStep {

  private final SparkSession spark;
  private final PipelineConfig config;
  private final String salt;
  private final Instant asOf;

  public IngestStep(SparkSession spark, PipelineConfig config, String salt, Instant asOf) {
    this.spark = spark;
    this.config = config;
    this.salt = salt;
    this.asOf = asOf;
  }

  /**
   * Every record of every source, classified; persisted because it feeds the counts, the events
   * and the rejects. Call {@link Dataset#unpersist()} when done.
   */
  public Dataset<Row> classifyAll() {
    Dataset<Row> all = null;
    for (SourceConfig source : config.sources()) {
      String glob = ConfigLoader.resolveGlob(config.configFile(), source.path());
      Dataset<Row> raw = FormatReaders.forFormat(source.format(), config.ingest().maxRecordBytes()).read(spark, source, glob);
      Dataset<Row> classified =
          new SourceIngest(
                  source,
                  config.journeyMap(),
                  salt,
                  config.security().piiIdentifiers(),
                  config.security().identifierNormalizer(),
                  asOf,
                  config.journeys().futureTolerance())
              .withMinTimestamp(config.ingest().minTimestamp())
              .classify(raw);
      all = all == null ? classified : all.unionByName(classified);
    }
    return all.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Per source: records read, filtered and rejected by reason, from one aggregate over the classified records. */
  public static Map<String, SourceCounts> countRecords(Dataset<Row> classified, List<String> sourceNames) {
    Map<String, SourceCounts> counts = new LinkedHashMap<>();
    sourceNames.forEach(name -> counts.put(name, SourceCounts.empty(name)));
    Dataset<Row> perReason =
        classified
            .groupBy(col(Events.SOURCE), col(SourceIngest.REASON), col(SourceIngest.FILTERED))
            .agg(
                count("*"),
                count(when(col(SourceIngest.REVENUE_UNREADABLE), lit(1))),
                count(when(col(SourceIngest.PHONE_UNPARSEABLE), lit(1))));
    for (Row row : perReason.collectAsList()) {
      String source = row.getString(0);
      String reason = row.isNullAt(1) ? null : row.getString(1);
      SourceCounts current = counts.get(source);
      counts.put(source, row.getBoolean(2) ? current.plusFiltered(row.getLong(3)) : current.plus(reason, row.getLong(3), row.getLong(4), row.getLong(5)));
    }
    return counts;
  }

  /** Duplicate records per source: accepted records whose event_id an earlier record already has. */
  public static Map<String, Long> duplicates(Dataset<Row> classified) {
    Map<String, Long> duplicates = new LinkedHashMap<>();
    Dataset<Row> perId =
        classified
            .where(accepted())
            .groupBy(col(Events.SOURCE), col(Events.EVENT_ID))
            .agg(count("*").minus(1).as("extra"))
            .groupBy(col(Events.SOURCE))
            .agg(sum(col("extra")));
    for (Row row : perId.collectAsList()) {
      duplicates.put(row.getString(0), row.isNullAt(1) ? 0L : row.getLong(1));
    }
    return duplicates;
  }

  /** Accepted records, one per event_id: the first in (file, record_number) order is kept. */
  public static Dataset<Row> events(Dataset<Row> classified) {
    Column first =
        row_number().over(Window.partitionBy(col(Events.EVENT_ID)).orderBy(col(Events.FILE), col(Events.RECORD_NUMBER)));
    List<Column> columns = new ArrayList<>();
    for (String name : Events.SCHEMA.fieldNames()) {
      columns.add(col(name));
    }
    return classified
        .where(accepted())
        .withColumn("_first", first)
        .where(col("_first").equalTo(1))
        .select(columns.toArray(Column[]::new));
  }

  private static Column accepted() {
    return col(SourceIngest.REASON).isNull().and(col(SourceIngest.FILTERED).unary_$bang());
  }

  public static Dataset<Row> rejects(Dataset<Row> classified) {
    return classified
        .where(col(SourceIngest.REASON).isNotNull())
        .select(
            col(Events.SOURCE),
            col(Events.FILE),
            col(Events.RECORD_NUMBER),
            col(SourceIngest.REASON),
            col(SourceIngest.DETAIL),
            col(SourceIngest.RAW));
  }

  /**
   * Fails, before anything is written, when a source rejected more than its {@code
   * max_reject_share}, naming the source, its share and its reject reasons by count.
   */
  public static void checkRejectShares(List<SourceConfig> sources, Map<String, SourceCounts> counts) {
    List<String> failures = new ArrayList<>();
    for (SourceConfig source : sources) {
      SourceCounts count = counts.get(source.name());
      if (count.considered() == 0) {
        continue;
      }
      double share = (double) count.rejected() / count.considered();
      if (share > source.maxRejectShare()) {
        StringBuilder reasons = new StringBuilder();
        count.rejectedByReason().entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .forEach(r -> reasons.append(reasons.length() == 0 ? "" : ", ").append(r.getKey()).append(' ').append(number(r.getValue())));
        failures.add(
            String.format(
                Locale.ROOT,
                "source %s rejected %.1f%% of %s records (max_reject_share %.1f%%: %s)",
                source.name(),
                100 * share,
                number(count.considered()),
                100 * source.maxRejectShare(),
                reasons));
      }
    }
    if (!failures.isEmpty()) {
      throw new IngestException(String.join("; ", failures) + "; nothing was published");
    }
  }

  /**
   * Each source's balance from the counts before writing and the rows written (SPEC 8); fails when a
   * source's {@code read} is not {@code accepted + rejected + duplicates + filtered}, i.e. records
   * were lost.
   *
   * @param accepted rows staged as new {@code events}, per source
   * @param rejected rows staged in {@code rejected_records}, per source
   * @param repeated repeats within the run's inputs, per source
   * @param seenEarlier records an earlier run already published, per source
   */
  public static List<SourceBalance> reconcile(
      List<SourceConfig> sources,
      Map<String, SourceCounts> counts,
      Map<String, Long> accepted,
      Map<String, Long> rejected,
      Map<String, Long> repeated,
      Map<String, Long> seenEarlier) {
    List<SourceBalance> balances = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    for (SourceConfig source : sources) {
      SourceCounts count = counts.get(source.name());
      long earlier = seenEarlier.getOrDefault(source.name(), 0L);
      SourceBalance balance =
          new SourceBalance(
              source.name(),
              source.format().configName(),
              count.read(),
              accepted.getOrDefault(source.name(), 0L),
              rejected.getOrDefault(source.name(), 0L),
              repeated.getOrDefault(source.name(), 0L) + earlier,
              earlier,
              count.filtered(),
              source.filter(),
              count.revenueUnreadable(),
              count.phoneUnparseable(),
              count.rejected(),
              source.maxRejectShare(),
              count.rejectedByReason());
      if (!balance.reconciled()) {
        broken.add(
            balance.source() + " read " + balance.read() + " != accepted " + balance.accepted() + " + rejected " + balance.rejected()
                + " + duplicates " + balance.duplicates() + " + filtered " + balance.filtered());
      }
      balances.add(balance);
    }
    if (!broken.isEmpty()) {
      throw new IngestException("records were lost between reading and writing, nothing was published: " + String.join("; ", broken));
    }
    return balances;
  }

  private static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /**
   * Read, filtered and rejected counts of one source.
   *
   * @param filtered records that failed the source's filter
   * @param candidates accepted records before de-duplication
   * @param revenueUnreadable accepted records (before de-duplication) whose revenue was not a
   *     number and is kept as null
   * @param phoneUnparseable accepted records (before de-duplication) with a phone that could not be
   *     made E.164 and is kept as its digits
   */
  public record SourceCounts(
      String source, long read, long filtered, long candidates, long revenueUnreadable, long phoneUnparseable, Map<String, Long> rejectedByReason) {
    public SourceCounts {
      rejectedByReason = Map.copyOf(rejectedByReason);
    }

    static SourceCounts empty(String source) {
      return new SourceCounts(source, 0, 0, 0, 0, 0, Map.of());
    }

    SourceCounts plusFiltered(long records) {
      return new SourceCounts(source, read + records, filtered + records, candidates, revenueUnreadable, phoneUnparseable, rejectedByReason);
    }

    SourceCounts plus(String reason, long records, long unreadableRevenue, long unparseablePhones) {
      if (reason == null) {
        return new SourceCounts(
            source, read + records, filtered, candidates + records, revenueUnreadable + unreadableRevenue, phoneUnparseable + unparseablePhones, rejectedByReason);
      }
      Map<String, Long> reasons = new LinkedHashMap<>(rejectedByReason);
      reasons.merge(reason, records, Long::sum);
      return new SourceCounts(source, read + records, filtered, candidates, revenueUnreadable, phoneUnparseable, reasons);
    }

    /** Records the filter kept: the base of the reject share. */
    public long considered() {
      return read - filtered;
    }

    public long rejected() {
      return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
