package io.journeyminer.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyminer.config.AsOf;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.discovery.Transitions;
import io.journeyminer.discovery.Variants;
import io.journeyminer.identity.IdentityMap;
import io.journeyminer.identity.IdentityStitcher;
import io.journeyminer.identity.StitchResult;
import io.journeyminer.ingest.Events;
import io.journeyminer.ingest.IngestStep;
import io.journeyminer.journeys.CustomerAssignment;
import io.journeyminer.journeys.JourneyBuilder;
import io.journeyminer.journeys.Journeys;
import io.journeyminer.publish.Manifest;
import io.journeyminer.publish.TableLayout;
import io.journeyminer.publish.Warehouse;
import io.journeyminer.ranking.TouchpointRanking;
import io.journeyminer.stages.StageSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One run of journey-miner: the steps asked for, in order, each handing its staged output to the
 * next, and one commit at the end (SPEC 6). A failure anywhere publishes nothing.
 */
public final class Pipeline {

  private static final int LISTED_OVER_MERGED = 100;

  private final SparkSession spark;
  private final PipelineConfig config;
  private final AsOf asOf;
  private final String salt;
  private final Progress progress;
  private final String runId;
  private final Warehouse warehouse;
  private final Manifest manifest = new Manifest();
  private final Map<String, Long> tableRows = new LinkedHashMap<>();

  public Pipeline(SparkSession spark, PipelineConfig config, AsOf asOf, String salt, Progress progress) {
    this.spark = spark;
    this.config = config;
    this.asOf = asOf;
    this.salt = salt;
    this.progress = progress;
    this.runId =
        asOf.runDate() + "-" + DateTimeFormatter.ofPattern("HHmmssSSS", Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.now());
    this.warehouse = new Warehouse(spark, config.warehouse(), runId, asOf.runDate());
    // Iterative steps (identity rounds) cut lineage with reliable checkpoints in this run's staging
    // area, which is on the warehouse's file system and so reachable from every executor.
    spark.sparkContext().setCheckpointDir(warehouse.checkpointDirectory());
  }

  /** Runs the steps and publishes their tables; throws {@link RunFailedException} when it must not publish. */
  public RunResult run(EnumSet<Step> steps) {
    Instant started = Instant.now();
    ObjectNode run = manifest.section("run");
    run.put("run_id", runId);
    run.put("name", config.name());
    run.put("as_of", asOf.instant().toString());
    run.put("run_date", asOf.runDate().toString());
    run.put("started_at", started.toString());
    run.put("spark_version", spark.version());
    run.put("spark_master", spark.sparkContext().master());
    ArrayNode stepNames = run.putArray("steps");
    steps.forEach(step -> stepNames.add(step.label()));
    Dataset<Row> journeysWithSteps = null;
    try {
      Dataset<Row> events = steps.contains(Step.INGEST) ? ingest() : null;
      Dataset<Row> identityMap = null;
      if (steps.contains(Step.STITCH)) {
        identityMap = stitch(events != null ? events : published(Events.TABLE, TableLayout.BY_EVENT_DATE, Events.SCHEMA));
      }
      if (steps.contains(Step.JOURNEYS)) {
        journeysWithSteps =
            journeys(
                events != null ? events : published(Events.TABLE, TableLayout.BY_EVENT_DATE, Events.SCHEMA),
                identityMap != null ? identityMap : published(IdentityMap.TABLE, TableLayout.LATEST_ONLY, IdentityMap.SCHEMA));
      }
      if (steps.contains(Step.ANALYZE)) {
        analyze(journeysWithSteps != null ? journeysWithSteps : publishedJourneysWithSteps());
      }
      run.put("finished_at", Instant.now().toString());
      run.put("status", "succeeded");
      ObjectNode tables = manifest.section("tables");
      tableRows.forEach(
          (table, rows) -> {
            ObjectNode entry = tables.putObject(table);
            entry.put("rows", rows);
            entry.put("path", new Path(new Path(warehouse.root()), table).toString());
          });
      keepEarlierManifestSections();
      warehouse.commit(manifest.toJson());
      return new RunResult(warehouse.root(), warehouse.manifestPath().toString(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tableRows)), manifest.toJson());
    } catch (RuntimeException e) {
      warehouse.abandon();
      throw e;
    } finally {
      if (journeysWithSteps != null) {
        journeysWithSteps.unpersist();
      }
    }
  }

  private Dataset<Row> ingest() {
    long started = System.nanoTime();
    config.phoneRegionWarning().ifPresent(progress::line);
    IngestStep step = new IngestStep(spark, config, salt, asOf.instant());
    Dataset<Row> classified = step.classifyAll();
    try {
      List<String> names = config.sources().stream().map(SourceConfig::name).toList();
      Map<String, IngestStep.SourceCounts> counts = IngestStep.countRecords(classified, names);
      checkRejectShares(counts);
      Map<String, Long> duplicates = IngestStep.duplicates(classified);
      Dataset<Row> events = warehouse.stage(Events.TABLE, TableLayout.BY_EVENT_DATE, IngestStep.events(classified));
      Dataset<Row> rejects = warehouse.stage(Events.REJECTS_TABLE, TableLayout.BY_RUN_DATE, IngestStep.rejects(classified));
      Map<String, Long> accepted = countBySource(events);
      Map<String, Long> rejectedWritten = countBySource(rejects);
      ArrayNode sources = manifest.list("sources");
      List<String> broken = new ArrayList<>();
      long totalRead = 0;
      long totalAccepted = 0;
      long totalRejected = 0;
      long totalDuplicates = 0;
      long totalFiltered = 0;
      for (SourceConfig source : config.sources()) {
        IngestStep.SourceCounts count = counts.get(source.name());
        long acceptedRows = accepted.getOrDefault(source.name(), 0L);
        long rejectedRows = rejectedWritten.getOrDefault(source.name(), 0L);
        long duplicateRows = duplicates.getOrDefault(source.name(), 0L);
        boolean reconciled = count.read() == acceptedRows + rejectedRows + duplicateRows + count.filtered();
        ObjectNode entry = sources.addObject();
        entry.put("source", source.name());
        entry.put("format", source.format().configName());
        entry.put("read", count.read());
        entry.put("accepted", acceptedRows);
        entry.put("rejected", rejectedRows);
        entry.put("duplicates", duplicateRows);
        entry.put("filtered", count.filtered());
        source.filter().ifPresent(filter -> entry.put("filter", filter));
        entry.put("reconciled", reconciled);
        entry.put("revenue_unreadable", count.revenueUnreadable());
        entry.put("phone_unparseable", count.phoneUnparseable());
        entry.put("reject_share", count.considered() == 0 ? 0.0 : (double) count.rejected() / count.considered());
        entry.put("max_reject_share", source.maxRejectShare());
        ObjectNode reasons = entry.putObject("rejected_by_reason");
        count.rejectedByReason().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(reason -> reasons.put(reason.getKey(), reason.getValue()));
        if (!reconciled) {
          broken.add(source.name() + " read " + count.read() + " != accepted " + acceptedRows + " + rejected " + rejectedRows + " + duplicates " + duplicateRows + " + filtered " + count.filtered());
        }
        totalRead += count.read();
        totalAccepted += acceptedRows;
        totalRejected += rejectedRows;
        totalDuplicates += duplicateRows;
        totalFiltered += count.filtered();
      }
      if (!broken.isEmpty()) {
        throw new RunFailedException("records were lost between reading and writing, nothing was published: " + String.join("; ", broken));
      }
      tableRows.put(Events.TABLE, totalAccepted);
      tableRows.put(Events.REJECTS_TABLE, totalRejected);
      progress.step(
          Step.INGEST,
          "read " + Progress.number(totalRead) + ", events " + Progress.number(totalAccepted) + ", rejected "
              + Progress.number(totalRejected) + ", duplicates " + Progress.number(totalDuplicates)
              + (totalFiltered > 0 ? ", filtered " + Progress.number(totalFiltered) : ""),
          started);
      return events;
    } finally {
      classified.unpersist();
    }
  }

  private void checkRejectShares(Map<String, IngestStep.SourceCounts> counts) {
    List<String> failures = new ArrayList<>();
    for (SourceConfig source : config.sources()) {
      IngestStep.SourceCounts count = counts.get(source.name());
      if (count.considered() == 0) {
        continue;
      }
      double share = (double) count.rejected() / count.considered();
      if (share > source.maxRejectShare()) {
        StringBuilder reasons = new StringBuilder();
        count.rejectedByReason().entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .forEach(r -> reasons.append(reasons.length() == 0 ? "" : ", ").append(r.getKey()).append(' ').append(Progress.number(r.getValue())));
        failures.add(
            String.format(
                Locale.ROOT,
                "source %s rejected %.1f%% of %s records (max_reject_share %.1f%%: %s)",
                source.name(),
                100 * share,
                Progress.number(count.considered()),
                100 * source.maxRejectShare(),
                reasons));
      }
    }
    if (!failures.isEmpty()) {
      throw new RunFailedException(String.join("; ", failures) + "; nothing was published");
    }
  }

  private Dataset<Row> stitch(Dataset<Row> events) {
    long started = System.nanoTime();
    StitchResult result =
        new IdentityStitcher(config.identity(), config.security().piiIdentifiers(), salt, config.security().identifierNormalizer())
            .stitch(events);
    Dataset<Row> identityMap = warehouse.stage(IdentityMap.TABLE, TableLayout.LATEST_ONLY, result.identityMap());
    ObjectNode identity = manifest.section("identity");
    long identifiers = result.identifiers();
    long customers = result.customers();
    identity.put("identifiers", identifiers);
    identity.put("customers", customers);
    identity.put("iterations", result.rounds());
    identity.put("max_degree", config.identity().maxDegree());
    identity.put("events_without_customer", result.eventsWithoutCustomer());
    List<Row> overMerged =
        result.overMerged().orderBy(col("degree").desc(), col("identifier_type"), col("identifier_value")).limit(LISTED_OVER_MERGED).collectAsList();
    long overMergedCount = result.overMergedIdentifiers();
    identity.put("over_merged_identifiers", overMergedCount);
    ArrayNode listed = identity.putArray("over_merged");
    for (Row row : overMerged) {
      ObjectNode entry = listed.addObject();
      entry.put("identifier_type", row.getAs("identifier_type").toString());
      entry.put("identifier_value", row.getAs("identifier_value").toString());
      entry.put("degree", ((Number) row.getAs("degree")).longValue());
      entry.put("reason", row.getAs("reason").toString());
    }
    tableRows.put(IdentityMap.TABLE, identifiers);
    progress.step(
        Step.STITCH,
        "identifiers " + Progress.number(identifiers) + ", customers " + Progress.number(customers) + ", over-merge identifiers "
            + Progress.number(overMergedCount) + ", " + result.rounds() + " rounds",
        started);
    return identityMap;
  }

  private Dataset<Row> journeys(Dataset<Row> events, Dataset<Row> identityMap) {
    long started = System.nanoTime();
    Dataset<Row> withCustomer = CustomerAssignment.assign(events, identityMap);
    Dataset<Row> withSteps =
        new JourneyBuilder(config, asOf.instant()).build(withCustomer).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> journeys = warehouse.stage(Journeys.TABLE, TableLayout.BY_RUN_DATE, JourneyBuilder.journeysTable(withSteps));
    Dataset<Row> steps = warehouse.stage(Journeys.STEPS_TABLE, TableLayout.BY_RUN_DATE, JourneyBuilder.stepsTable(withSteps));
    Map<String, Long> outcomes = new LinkedHashMap<>();
    for (Row row : journeys.groupBy(Journeys.OUTCOME).count().collectAsList()) {
      outcomes.put(row.getString(0), row.getLong(1));
    }
    long journeyCount = outcomes.values().stream().mapToLong(Long::longValue).sum();
    long stepCount = steps.count();
    long eventsWithoutCustomer = withCustomer.where(col(JourneyBuilder.CUSTOMER_ID).isNull()).count();
    // The rest of the events in no journey are after-conversion touches with no conversion to follow.
    long afterConversionWithoutJourney = events.count() - stepCount - eventsWithoutCustomer;
    ObjectNode section = manifest.section("journeys");
    section.put("journeys", journeyCount);
    section.put("steps", stepCount);
    section.put("events_without_customer", eventsWithoutCustomer);
    section.put("after_conversion_events_without_journey", afterConversionWithoutJourney);
    for (String outcome : List.of(Journeys.CONVERTED, Journeys.ABANDONED, Journeys.IN_PROGRESS)) {
      section.put(outcome, outcomes.getOrDefault(outcome, 0L));
    }
    section.put("inactivity_timeout", config.journeys().inactivityTimeout().toString());
    section.put("split_after_conversion", config.journeys().splitAfterConversion());
    tableRows.put(Journeys.TABLE, journeyCount);
    tableRows.put(Journeys.STEPS_TABLE, stepCount);
    progress.step(
        Step.JOURNEYS,
        "journeys " + Progress.number(journeyCount) + " (converted " + Progress.number(outcomes.getOrDefault(Journeys.CONVERTED, 0L))
            + ", abandoned " + Progress.number(outcomes.getOrDefault(Journeys.ABANDONED, 0L)) + ", in progress "
            + Progress.number(outcomes.getOrDefault(Journeys.IN_PROGRESS, 0L)) + "), steps " + Progress.number(stepCount),
        started);
    return withSteps;
  }

  private void analyze(Dataset<Row> journeysWithSteps) {
    long started = System.nanoTime();
    Dataset<Row> transitions =
        warehouse.stage(Transitions.TABLE, TableLayout.BY_RUN_DATE, new Transitions(config.analysis()).compute(journeysWithSteps));
    Dataset<Row> variants =
        warehouse.stage(Variants.TABLE, TableLayout.BY_RUN_DATE, new Variants(config.analysis()).compute(journeysWithSteps));
    io.journeyminer.ranking.RankingResult ranking = new TouchpointRanking(config.analysis()).rank(journeysWithSteps);
    Dataset<Row> rankingTable = warehouse.stage(TouchpointRanking.TABLE, TableLayout.BY_RUN_DATE, ranking.table());
    Dataset<Row> stages =
        warehouse.stage(
            StageSummary.TABLE,
            TableLayout.BY_RUN_DATE,
            new StageSummary(config.journeyMap(), config.analysis()).compute(journeysWithSteps));
    long transitionRows = transitions.count();
    long variantRows = variants.count();
    long rankingRows = rankingTable.count();
    long stageRows = stages.count();
    tableRows.put(Transitions.TABLE, transitionRows);
    tableRows.put(Variants.TABLE, variantRows);
    tableRows.put(TouchpointRanking.TABLE, rankingRows);
    tableRows.put(StageSummary.TABLE, stageRows);
    ObjectNode section = manifest.section("analysis");
    section.put("shapley_sampled_sets", ranking.shapleySampledSets());
    section.put("conversions_without_prior_touch", ranking.conversionsWithoutPriorTouch());
    section.put("collapse_repeats", config.analysis().collapseRepeats());
    progress.step(
        Step.ANALYZE,
        "transitions " + Progress.number(transitionRows) + ", variants " + Progress.number(variantRows) + ", touchpoints "
            + Progress.number(rankingRows) + ", stage rows " + Progress.number(stageRows),
        started);
  }

  private Dataset<Row> published(String table, TableLayout layout, org.apache.spark.sql.types.StructType schema) {
    return warehouse.readPublished(table, layout, schema);
  }

  /** Journeys with their steps, rebuilt from the published tables for a standalone {@code analyze}. */
  private Dataset<Row> publishedJourneysWithSteps() {
    Dataset<Row> journeys = published(Journeys.TABLE, TableLayout.BY_RUN_DATE, Journeys.TABLE_SCHEMA);
    Dataset<Row> steps = published(Journeys.STEPS_TABLE, TableLayout.BY_RUN_DATE, Journeys.STEPS_TABLE_SCHEMA);
    List<Column> stepFields = new ArrayList<>();
    for (String field : Journeys.STEP_SCHEMA.fieldNames()) {
      stepFields.add(col(field));
    }
    Dataset<Row> grouped =
        steps.groupBy(col(Journeys.JOURNEY_ID))
            .agg(sort_array(collect_list(struct(stepFields.toArray(Column[]::new)))).as(Journeys.STEPS));
    List<Column> columns = new ArrayList<>();
    for (String field : Journeys.WITH_STEPS.fieldNames()) {
      columns.add(col(field));
    }
    return journeys.join(grouped, Journeys.JOURNEY_ID).select(columns.toArray(Column[]::new));
  }

  private static Map<String, Long> countBySource(Dataset<Row> table) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row row : table.groupBy(col(Events.SOURCE)).count().collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }

  private void keepEarlierManifestSections() {
    try {
      Path path = warehouse.manifestPath();
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(path)) {
        try (InputStream in = fs.open(path)) {
          manifest.keepMissingFrom(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      progress.line("warning: the earlier manifest of " + asOf.runDate() + " could not be read and is replaced: " + e.getMessage());
    }
  }

  /** What a run published. */
  public record RunResult(java.net.URI warehouse, String manifestPath, Map<String, Long> tableRows, String manifestJson) {}
}
