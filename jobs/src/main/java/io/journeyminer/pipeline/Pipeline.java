package io.journeyminer.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeyminer.config.AsOf;
import io.journeyminer.config.ConfigException;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.conformance.Aligner;
import io.journeyminer.conformance.Conformance;
import io.journeyminer.conformance.ConformanceModelException;
import io.journeyminer.conformance.PetriNet;
import io.journeyminer.conformance.PetriNets;
import io.journeyminer.conformance.ReachabilityGraph;
import io.journeyminer.discovery.Transitions;
import io.journeyminer.discovery.Variants;
import io.journeyminer.drift.Drift;
import io.journeyminer.identity.IdentityMap;
import io.journeyminer.identity.IdentityStitcher;
import io.journeyminer.identity.StitchResult;
import io.journeyminer.ingest.Events;
import io.journeyminer.ingest.IngestStep;
import io.journeyminer.ingest.SourceBalance;
import io.journeyminer.journeys.CustomerAssignment;
import io.journeyminer.journeys.JourneyBuilder;
import io.journeyminer.journeys.Journeys;
import io.journeyminer.publish.Manifest;
import io.journeyminer.publish.RunLock;
import io.journeyminer.publish.TableLayout;
import io.journeyminer.publish.Warehouse;
import io.journeyminer.ranking.TouchpointRanking;
import io.journeyminer.stages.StageSummary;
import io.journeyminer.survival.TimeToConvert;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
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
  private List<String> warnings = List.of();

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

  /** Warnings found before the run (two sources on one file), recorded in the manifest. */
  public Pipeline withWarnings(List<String> configWarnings) {
    this.warnings = List.copyOf(configWarnings);
    return this;
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
    ArrayNode warningList = run.putArray("warnings");
    warnings.forEach(warningList::add);
    Dataset<Row> journeysWithSteps = null;
    // A model that cannot be used fails the run before any work, naming the model.
    Aligner aligner = steps.contains(Step.CONFORM) ? aligner() : null;
    try (RunLock lock = warehouse.lock()) {
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
      if (steps.contains(Step.CONFORM)) {
        Dataset<Row> withFitness =
            conform(aligner, journeysWithSteps != null ? journeysWithSteps : publishedJourneysWithSteps(), !steps.contains(Step.ANALYZE));
        if (journeysWithSteps != null) {
          journeysWithSteps.unpersist();
        }
        journeysWithSteps = withFitness;
      }
      if (steps.contains(Step.ANALYZE)) {
        analyze(journeysWithSteps != null ? journeysWithSteps : publishedJourneysWithSteps());
      }
      run.put("finished_at", Instant.now().toString());
      run.put("status", "succeeded");
      ObjectNode tables = manifest.section("tables");
      tableRows.forEach(
          (table, rows) -> tables.putObject(table).put("rows", rows));
      keepEarlierManifestSections();
      warehouse.commit(manifest);
      return new RunResult(warehouse.root(), warehouse.manifestPath().toString(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tableRows)), manifest.toJson());
    } catch (Throwable e) {
      // Spark rethrows its checked SparkException undeclared: every failure must clear the staging area.
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
      IngestStep.checkRejectShares(config.sources(), counts);
      Map<String, Long> duplicates = IngestStep.duplicates(classified);
      Warehouse.Merged merged = warehouse.stageMerge(Events.TABLE, Events.EVENT_ID, IngestStep.events(classified));
      Dataset<Row> rejects = warehouse.stage(Events.REJECTS_TABLE, TableLayout.BY_RUN_DATE, IngestStep.rejects(classified));
      List<SourceBalance> balances =
          IngestStep.reconcile(
              config.sources(), counts, countBySource(merged.inserted()), countBySource(rejects), duplicates, countBySource(merged.seenEarlier()));
      balances.forEach(manifest::addSource);
      long totalRead = balances.stream().mapToLong(SourceBalance::read).sum();
      long totalAccepted = balances.stream().mapToLong(SourceBalance::accepted).sum();
      long totalRejected = balances.stream().mapToLong(SourceBalance::rejected).sum();
      long totalDuplicates = balances.stream().mapToLong(SourceBalance::duplicates).sum();
      long totalFiltered = balances.stream().mapToLong(SourceBalance::filtered).sum();
      tableRows.put(Events.TABLE, totalAccepted);
      tableRows.put(Events.REJECTS_TABLE, totalRejected);
      progress.step(
          Step.INGEST,
          "read " + Progress.number(totalRead) + ", events " + Progress.number(totalAccepted) + ", rejected "
              + Progress.number(totalRejected) + ", duplicates " + Progress.number(totalDuplicates)
              + (totalFiltered > 0 ? ", filtered " + Progress.number(totalFiltered) : ""),
          started);
      return merged.table();
    } finally {
      classified.unpersist();
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
    int maxEvents = config.journeys().maxEventsPerCustomer();
    List<String> overCap = new ArrayList<>();
    long eventsOverCap = 0;
    for (Row row : JourneyBuilder.customersOverCap(withCustomer, maxEvents).collectAsList()) {
      overCap.add(row.getString(0));
      eventsOverCap += row.getLong(1);
    }
    Dataset<Row> withSteps =
        new JourneyBuilder(config, asOf.instant()).build(JourneyBuilder.without(withCustomer, overCap)).persist(StorageLevel.MEMORY_AND_DISK());
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
    long afterConversionWithoutJourney = events.count() - stepCount - eventsOverCap - eventsWithoutCustomer;
    ObjectNode section = manifest.section("journeys");
    section.put("journeys", journeyCount);
    section.put("steps", stepCount);
    section.put("events_without_customer", eventsWithoutCustomer);
    section.put("after_conversion_events_without_journey", afterConversionWithoutJourney);
    section.put("max_events_per_customer", maxEvents);
    section.put("customers_over_event_cap", overCap.size());
    section.put("events_over_event_cap", eventsOverCap);
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
            + Progress.number(outcomes.getOrDefault(Journeys.IN_PROGRESS, 0L)) + "), steps " + Progress.number(stepCount)
            + (overCap.isEmpty()
                ? ""
                : ", left out " + Progress.number(overCap.size()) + " customers over max_events_per_customer " + Progress.number(maxEvents)
                    + " (" + Progress.number(eventsOverCap) + " events)"),
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
    Dataset<Row> timeToConvert =
        warehouse.stage(
            TimeToConvert.TABLE,
            TableLayout.BY_RUN_DATE,
            new TimeToConvert(config.analysis(), asOf.instant()).compute(journeysWithSteps));
    int window = config.analysis().driftWindow();
    List<LocalDate> rankingHistory = warehouse.earlierRuns(TouchpointRanking.TABLE, window);
    List<LocalDate> stageHistory = warehouse.earlierRuns(StageSummary.TABLE, window);
    Dataset<Row> drift =
        warehouse.stage(
            Drift.TABLE,
            TableLayout.BY_RUN_DATE,
            new Drift(config.analysis())
                .compute(
                    rankingTable,
                    stages,
                    warehouse.readRuns(TouchpointRanking.TABLE, TouchpointRanking.SCHEMA, rankingHistory),
                    warehouse.readRuns(StageSummary.TABLE, StageSummary.SCHEMA, stageHistory)));
    long transitionRows = transitions.count();
    long variantRows = variants.count();
    long rankingRows = rankingTable.count();
    long stageRows = stages.count();
    long timeToConvertRows = timeToConvert.count();
    long driftRows = drift.count();
    long driftSignificant = drift.where(col(Drift.SIGNIFICANT)).count();
    tableRows.put(Transitions.TABLE, transitionRows);
    tableRows.put(Variants.TABLE, variantRows);
    tableRows.put(TouchpointRanking.TABLE, rankingRows);
    tableRows.put(StageSummary.TABLE, stageRows);
    tableRows.put(TimeToConvert.TABLE, timeToConvertRows);
    tableRows.put(Drift.TABLE, driftRows);
    ObjectNode section = manifest.section("analysis");
    section.put("shapley_sampled_sets", ranking.shapleySampledSets());
    section.put("conversions_without_prior_touch", ranking.conversionsWithoutPriorTouch());
    section.put("collapse_repeats", config.analysis().collapseRepeats());
    // The overall curve's medians: one row of the small, staged table.
    ObjectNode survival = manifest.section("time_to_convert");
    for (Row overall :
        timeToConvert
            .where(col(TimeToConvert.SEGMENT_TYPE).equalTo(StageSummary.ALL))
            .select(TimeToConvert.MEDIAN_DAYS, TimeToConvert.NAIVE_MEDIAN_DAYS)
            .limit(1)
            .collectAsList()) {
      Double median = overall.getAs(TimeToConvert.MEDIAN_DAYS);
      Double naive = overall.getAs(TimeToConvert.NAIVE_MEDIAN_DAYS);
      survival.put("median_days", median);
      survival.put("naive_median_days", naive);
    }
    ObjectNode driftSection = manifest.section("drift");
    ArrayNode earlierRuns = driftSection.putArray("earlier_runs");
    rankingHistory.forEach(date -> earlierRuns.add(date.toString()));
    driftSection.put("window", window);
    driftSection.put("alpha", config.analysis().driftAlpha());
    driftSection.put("significant", driftSignificant);
    progress.step(
        Step.ANALYZE,
        "transitions " + Progress.number(transitionRows) + ", variants " + Progress.number(variantRows) + ", touchpoints "
            + Progress.number(rankingRows) + ", stage rows " + Progress.number(stageRows) + ", time-to-convert rows "
            + Progress.number(timeToConvertRows) + ", drift rows " + Progress.number(driftRows) + " against "
            + rankingHistory.size() + " earlier runs (" + Progress.number(driftSignificant) + " significant)",
        started);
  }

  private Aligner aligner() {
    try {
      PetriNet net = PetriNets.intended(config.conformance(), config.journeyMap(), spark.sparkContext().hadoopConfiguration());
      return new Aligner(ReachabilityGraph.of(net), config.conformance().maxExpandedStates());
    } catch (ConformanceModelException e) {
      throw new ConfigException(config.configFile(), List.of("conformance.model: " + e.getMessage()));
    }
  }

  /**
   * Aligns the journeys' distinct sequences and publishes the conformance tables and the journeys
   * with their fitness; run alone ({@code restageVariants}), it also gives the published variants
   * their fitness, as {@code analyze} after it would. Returns the journeys with fitness, persisted.
   */
  private Dataset<Row> conform(Aligner aligner, Dataset<Row> journeysWithSteps, boolean restageVariants) {
    long started = System.nanoTime();
    Conformance.Result result = new Conformance(spark, aligner, config.journeyMap(), config.analysis()).compute(journeysWithSteps);
    try {
      double seconds = (System.nanoTime() - started) / 1e9;
      Dataset<Row> withFitness = Conformance.withFitness(journeysWithSteps, result.traces()).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> journeys = warehouse.stage(Journeys.TABLE, TableLayout.BY_RUN_DATE, JourneyBuilder.journeysTable(withFitness));
      tableRows.put(Journeys.TABLE, journeys.count());
      if (restageVariants && warehouse.isPublished(Variants.TABLE)) {
        Dataset<Row> variants =
            warehouse.stage(
                Variants.TABLE,
                TableLayout.BY_RUN_DATE,
                Variants.withConformance(published(Variants.TABLE, TableLayout.BY_RUN_DATE, Variants.WITHOUT_CONFORMANCE), withFitness));
        tableRows.put(Variants.TABLE, variants.count());
      }
      long deviationRows = warehouse.stage(Conformance.DEVIATIONS_TABLE, TableLayout.BY_RUN_DATE, result.deviations()).count();
      warehouse.stage(Conformance.SUMMARY_TABLE, TableLayout.BY_RUN_DATE, result.summary());
      tableRows.put(Conformance.DEVIATIONS_TABLE, deviationRows);
      tableRows.put(Conformance.SUMMARY_TABLE, 1L);
      Conformance.Figures f = result.figures();
      ObjectNode section = manifest.section("conformance");
      section.put("model", f.model());
      section.put("markings", aligner.graph().markings());
      section.put("transitions", aligner.graph().net().transitions().size());
      section.put("journeys", f.journeys());
      section.put("variants", f.variants());
      section.put("variants_aligned", f.variantsAligned());
      section.put("variants_over_budget", f.variantsOverBudget());
      section.put("journeys_over_budget", f.journeysOverBudget());
      section.put("max_expanded_states", f.maxExpandedStates());
      section.put("expanded_states", f.expandedStates());
      if (f.logFitness() == null) {
        section.putNull("log_fitness");
      } else {
        section.put("log_fitness", f.logFitness());
      }
      if (f.meanFitness() == null) {
        section.putNull("mean_fitness");
      } else {
        section.put("mean_fitness", f.meanFitness());
      }
      section.put("fitting_journeys", f.fittingJourneys());
      section.put("alignment_seconds", seconds);
      ArrayNode over = section.putArray("over_budget");
      result.overBudget().forEach(entry -> {
        ObjectNode item = over.addObject();
        entry.forEach((key, value) -> item.put(key, String.valueOf(value)));
      });
      progress.step(
          Step.CONFORM,
          String.format(
              Locale.ROOT,
              "variants %s aligned, %s over budget, log fitness %s, fitting journeys %s of %s",
              Progress.number(f.variantsAligned()),
              Progress.number(f.variantsOverBudget()),
              f.logFitness() == null ? "-" : String.format(Locale.ROOT, "%.4f", f.logFitness()),
              Progress.number(f.fittingJourneys()),
              Progress.number(f.journeys())),
          started);
      return withFitness;
    } finally {
      result.release();
    }
  }

  private Dataset<Row> published(String table, TableLayout layout, org.apache.spark.sql.types.StructType schema) {
    return warehouse.readPublished(table, layout, schema);
  }

  /** Removes this pipeline's staging area when it only read published tables (an export). */
  public void discardStaging() {
    warehouse.abandon();
  }

  /** Journeys with their steps, rebuilt from the published tables for a standalone step or an export. */
  public Dataset<Row> publishedJourneysWithSteps() {
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
