package io.journeyminer.cli;

import io.journeyminer.config.AsOf;
import io.journeyminer.config.ConfigException;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.ingest.IngestException;
import io.journeyminer.pipeline.Pipeline;
import io.journeyminer.publish.PublishException;
import io.journeyminer.publish.Retention;
import io.journeyminer.publish.RunLock;
import io.journeyminer.publish.Warehouse;
import io.journeyminer.pipeline.Progress;
import io.journeyminer.pipeline.RunFailedException;
import io.journeyminer.pipeline.SparkSessions;
import io.journeyminer.pipeline.Step;
import io.journeyminer.publish.PublishedRuns;
import io.journeyminer.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code journey-miner} command (SPEC 6). Exit code 0 only when every table was published;
 * otherwise a one-line reason on standard error and a non-zero code (1 run failed, 2 bad usage or
 * config).
 */
@Command(
    name = "journey-miner",
    mixinStandardHelpOptions = true,
    version = "journey-miner 0.1.0",
    description = "Batch process mining of customer journeys on Apache Spark.",
    subcommands = {
      JourneyMiner.Run.class,
      JourneyMiner.Ingest.class,
      JourneyMiner.Stitch.class,
      JourneyMiner.Journeys.class,
      JourneyMiner.Conform.class,
      JourneyMiner.Analyze.class,
      JourneyMiner.ExportXes.class,
      JourneyMiner.Expire.class,
      JourneyMiner.Validate.class,
      ReportCommand.class,
      SqlCommand.class
    })
public final class JourneyMiner implements Callable<Integer> {

  public static final int RUN_FAILED = 1;
  public static final int USAGE = 2;

  private final PrintStream out;

  private JourneyMiner(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.err);
    return USAGE;
  }

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    CommandLine commandLine = new CommandLine(new JourneyMiner(out));
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler(exceptionHandler(err, "journey-miner"));
    commandLine.setExecutionStrategy(new CommandLine.RunLast());
    CommandLine.IExecutionExceptionHandler handler = commandLine.getExecutionExceptionHandler();
    commandLine.getSubcommands().values().forEach(sub -> {
      sub.setOut(new java.io.PrintWriter(out, true));
      sub.setErr(new java.io.PrintWriter(err, true));
      sub.setExecutionExceptionHandler(handler);
    });
    return commandLine.execute(args);
  }

  /**
   * Turns what a command threw into a one-line reason on {@code err}, prefixed with the program's
   * name, and an exit code: {@link #USAGE} for a bad config, {@link #RUN_FAILED} otherwise. The
   * reason is looked for along the causes, since Spark wraps what a task threw; the stack trace is
   * printed only when the command was given {@code --verbose}.
   */
  public static CommandLine.IExecutionExceptionHandler exceptionHandler(PrintStream err, String program) {
    return (exception, cmd, parsed) -> {
      boolean verbose = cmd.getCommand() instanceof PipelineCommand command && command.verbose;
      boolean usage = causeOfType(exception, ConfigException.class) != null;
      err.println(program + ": " + failure(exception) + (verbose || isExpected(exception) ? "" : " (--verbose shows the stack trace)"));
      if (verbose) {
        exception.printStackTrace(err);
      }
      return usage ? USAGE : RUN_FAILED;
    };
  }

  /**
   * What a failed command says after the program's name: a config problem as it is, a failed run
   * as {@code run failed: } and the reason found along the causes (Spark wraps what a task threw).
   */
  public static String failure(Throwable exception) {
    ConfigException config = causeOfType(exception, ConfigException.class);
    if (config != null) {
      return config.getMessage();
    }
    RuntimeException known = causeOfType(exception, IngestException.class);
    if (known == null) {
      known = causeOfType(exception, RunFailedException.class);
    }
    if (known == null) {
      known = causeOfType(exception, PublishException.class);
    }
    return "run failed: " + (known != null ? known.getMessage() : exception.getClass().getSimpleName() + ": " + firstLine(exception.getMessage()));
  }

  private static boolean isExpected(Throwable exception) {
    return causeOfType(exception, ConfigException.class) != null
        || causeOfType(exception, IngestException.class) != null
        || causeOfType(exception, RunFailedException.class) != null
        || causeOfType(exception, PublishException.class) != null;
  }

  private static <T extends Throwable> T causeOfType(Throwable exception, Class<T> type) {
    for (Throwable at = exception; at != null; at = at.getCause() == at ? null : at.getCause()) {
      if (type.isInstance(at)) {
        return type.cast(at);
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  /** Options every pipeline command shares. */
  abstract static class PipelineCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Pipeline config (YAML).")
    Path config;

    @Option(
        names = "--as-of",
        paramLabel = "DATE",
        description = "The run's as_of: a date (its end, UTC) or an ISO-8601 instant. Default: the config's as_of, else now.")
    String asOf;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master URL. Default: embedded local Spark on all cores.")
    String master;

    @Option(names = "--verbose", description = "On failure, also print the stack trace.")
    boolean verbose;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand JourneyMiner parent;

    abstract EnumSet<Step> steps(PipelineConfig pipelineConfig);

    @Override
    public Integer call() {
      PrintStream out = parent.out;
      PipelineConfig pipelineConfig = ConfigLoader.load(config);
      AsOf runAsOf = resolveAsOf(pipelineConfig);
      // Every check validate makes, before Spark starts: a config problem is exit 2, never a run failure.
      List<String> warnings = ConfigChecks.checkWithoutSpark(pipelineConfig, steps(pipelineConfig).contains(Step.INGEST), System.getenv());
      String salt = pipelineConfig.security().resolveSalt(System.getenv());
      SparkSession spark = SparkSessions.forRun(Optional.ofNullable(master), "journey-miner " + spec.name());
      try {
        Progress progress = new Progress(out);
        progress.line(
            "journey-miner " + spec.name() + ": " + pipelineConfig.name() + ", as_of " + runAsOf.instant() + ", Spark " + spark.version()
                + " on " + spark.sparkContext().master());
        warnings.forEach(warning -> progress.line("warning: " + warning));
        Pipeline.RunResult result = new Pipeline(spark, pipelineConfig, runAsOf, salt, progress).withWarnings(warnings).run(steps(pipelineConfig));
        int tables = result.tableRows().size();
        progress.line("published " + tables + (tables == 1 ? " table" : " tables") + " for run_date " + runAsOf.runDate() + " under " + displayPath(result.warehouse()));
        result.tableRows().forEach((table, rows) -> progress.line(String.format(java.util.Locale.ROOT, "  %-20s %,12d rows  %s", table, rows, displayPath(result.warehouse()) + table + "/")));
        progress.line("manifest: " + displayPath(java.net.URI.create(result.manifestPath())));
        if (writesReport()) {
          return writeReport(spark, pipelineConfig, runAsOf, progress);
        }
        return 0;
      } finally {
        spark.stop();
      }
    }

    /** Whether this command also writes the run report once its tables are published. */
    boolean writesReport() {
      return false;
    }

    private int writeReport(SparkSession spark, PipelineConfig pipelineConfig, AsOf runAsOf, Progress progress) {
      long started = System.nanoTime();
      try {
        String path =
            new RunReport(pipelineConfig)
                .write(PublishedRuns.open(spark, pipelineConfig.warehouse()), runAsOf.runDate());
        progress.line(String.format(java.util.Locale.ROOT, "report: %s (%.1f s)", displayPath(java.net.URI.create(path)), (System.nanoTime() - started) / 1e9));
        return 0;
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println(
            "journey-miner " + spec.name() + ": every table was published, but the report could not be written: " + e.getMessage()
                + "; retry with `journey-miner report --config " + config + "`");
        return RUN_FAILED;
      }
    }

    AsOf resolveAsOf(PipelineConfig pipelineConfig) {
      if (asOf != null) {
        return AsOf.parse(asOf)
            .orElseThrow(() -> new ConfigException("--as-of: expected a date (2026-03-01) or an ISO-8601 instant with offset, found \"" + asOf + "\""));
      }
      return pipelineConfig.asOf().orElseGet(() -> AsOf.of(Instant.now()));
    }
  }

  static String displayPath(java.net.URI uri) {
    return "file".equals(uri.getScheme()) ? Path.of(uri).toString() + (uri.getPath().endsWith("/") ? "/" : "") : uri.toString();
  }

  @Command(name = "run", description = "Run the whole pipeline, publish every table and write the run report beside the manifest.")
  static final class Run extends PipelineCommand {
    @Override
    EnumSet<Step> steps(PipelineConfig pipelineConfig) {
      EnumSet<Step> steps = EnumSet.allOf(Step.class);
      if (!pipelineConfig.conformance().enabled()) {
        steps.remove(Step.CONFORM);
      }
      return steps;
    }

    @Override
    boolean writesReport() {
      return true;
    }
  }

  @Command(name = "ingest", description = "Read the sources; publish events and rejected_records.")
  static final class Ingest extends PipelineCommand {
    @Override
    EnumSet<Step> steps(PipelineConfig pipelineConfig) {
      return EnumSet.of(Step.INGEST);
    }
  }

  @Command(name = "stitch", description = "Stitch identities from published events; publish identity_map.")
  static final class Stitch extends PipelineCommand {
    @Override
    EnumSet<Step> steps(PipelineConfig pipelineConfig) {
      return EnumSet.of(Step.STITCH);
    }
  }

  @Command(name = "journeys", description = "Rebuild journeys from published events and identity_map; publish journeys and journey_steps.")
  static final class Journeys extends PipelineCommand {
    @Override
    EnumSet<Step> steps(PipelineConfig pipelineConfig) {
      return EnumSet.of(Step.JOURNEYS);
    }
  }

  @Command(
      name = "conform",
      description = "Align published journeys with the intended journey; publish conformance_summary, conformance_deviations,"
          + " and journeys and variants with their fitness.")
  static final class Conform extends PipelineCommand {
    @Override
    EnumSet<Step> steps(PipelineConfig pipelineConfig) {
      return EnumSet.of(Step.CONFORM);
    }
  }

  @Command(
      name = "export-xes",
      description = "Write the published journeys of a run as an IEEE 1849 XES log (for ProM, pm4py, Celonis).")
  static final class ExportXes extends PipelineCommand {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The XES file to write (.xes, or .xes.gz for gzip).")
    String out;

    @Override
    EnumSet<Step> steps(PipelineConfig pipelineConfig) {
      return EnumSet.noneOf(Step.class);
    }

    @Override
    public Integer call() {
      PipelineConfig pipelineConfig = ConfigLoader.load(config);
      AsOf runAsOf = resolveAsOf(pipelineConfig);
      SparkSession spark = SparkSessions.forRun(Optional.ofNullable(master), "journey-miner export-xes");
      try {
        Progress progress = new Progress(parent.out);
        long started = System.nanoTime();
        String target = Path.of(out).toAbsolutePath().normalize().toUri().toString();
        Pipeline pipeline = new Pipeline(spark, pipelineConfig, runAsOf, "", progress);
        long traces;
        try {
          traces = io.journeyminer.export.XesExport.write(pipeline.publishedJourneysWithSteps(), target, spark.sparkContext().hadoopConfiguration());
        } finally {
          pipeline.discardStaging();
        }
        progress.line(
            String.format(
                java.util.Locale.ROOT, "export-xes: %,d journeys of run_date %s written to %s in %.1f s",
                traces, runAsOf.runDate(), out, (System.nanoTime() - started) / 1e9));
        return 0;
      } finally {
        spark.stop();
      }
    }
  }

  @Command(
      name = "analyze",
      description = "Discover and rank from published journeys; publish transitions, variants, touchpoint_ranking, stage_summary.")
  static final class Analyze extends PipelineCommand {
    @Override
    EnumSet<Step> steps(PipelineConfig pipelineConfig) {
      return EnumSet.of(Step.ANALYZE);
    }
  }

  @Command(
      name = "expire",
      description = "Remove run manifests older than the retention and VACUUM every table, keeping every file a remaining manifest reads.")
  static final class Expire implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Pipeline config (YAML).")
    Path config;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master URL. Default: embedded local Spark on all cores.")
    String master;

    @CommandLine.ParentCommand JourneyMiner parent;

    @Override
    public Integer call() {
      PipelineConfig pipelineConfig = ConfigLoader.load(config);
      SparkSession spark = SparkSessions.forRun(Optional.ofNullable(master), "journey-miner expire");
      Warehouse warehouse = new Warehouse(spark, pipelineConfig.warehouse(), "expire-" + Instant.now().toEpochMilli(), java.time.LocalDate.now(java.time.ZoneOffset.UTC));
      try (RunLock lock = warehouse.lock()) {
        Retention.Expired expired = new Retention(spark, pipelineConfig.warehouse(), pipelineConfig.retention()).expire(Instant.now());
        parent.out.println(
            "expire: retention " + pipelineConfig.retention() + ", runs expired " + expired.expiredRuns().size() + " " + expired.expiredRuns()
                + ", runs kept " + expired.keptRuns().size() + ", files removed " + expired.totalFilesRemoved() + " " + expired.filesRemoved()
                + ", stale staging folders removed " + expired.staleStagingFolders());
        return 0;
      } finally {
        spark.stop();
      }
    }
  }

  @Command(name = "validate", description = "Check a config without running Spark jobs.")
  static final class Validate implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Pipeline config (YAML).")
    Path config;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PipelineConfig pipelineConfig = ConfigLoader.load(config);
      List<String> warnings = ConfigChecks.checkWithoutSpark(pipelineConfig, true, System.getenv());
      warnings.forEach(warning -> spec.commandLine().getOut().println("warning: " + warning));
      pipelineConfig.phoneRegionWarning().ifPresent(spec.commandLine().getOut()::println);
      spec.commandLine()
          .getOut()
          .printf(
              "%s: valid (%d sources, %d stages, %d conversion touchpoints)%n",
              config,
              pipelineConfig.sources().size(),
              pipelineConfig.journeyMap().stages().size(),
              pipelineConfig.journeyMap().conversions().size());
      return 0;
    }
  }
}
