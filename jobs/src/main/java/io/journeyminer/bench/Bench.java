package io.journeyminer.bench;

import io.journeyminer.cli.JourneyMiner;
import io.journeyminer.pipeline.SparkSessions;
import io.journeyminer.pipeline.Step;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench}: generates data sets, runs the pipeline on them step by step on embedded
 * Spark, and reports each step's costs and the run's accuracy against the ground truth. Exit code
 * 0 when every check held, 1 when one failed or the run did, 2 on a bad command line or config.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks journey-miner on generated data: per step wall seconds, rows published, peak heap and driver-bound bytes; "
            + "stitching precision/recall, journeys and reconciliation against the ground truth; with two or more --customers "
            + "values, how driver-bound bytes grow with the input (SPEC 9). Results go to DIR/results/<time>.json.")
public final class Bench implements Callable<Integer> {

  /** A check failed or the run did; 2 is a bad command line, as for journey-miner. */
  public static final int CHECK_FAILED = JourneyMiner.RUN_FAILED;

  @Option(
      names = "--customers",
      split = ",",
      defaultValue = "100000",
      paramLabel = "N",
      description = "Customers to generate; several values run one scale each and compare them (default ${DEFAULT-VALUE}).")
  List<Integer> customers;

  @Option(names = "--days", defaultValue = "60", paramLabel = "D", description = "Days in each generated window (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--steps",
      split = ",",
      defaultValue = "ingest,stitch,journeys,analyze",
      paramLabel = "STEP",
      description = "Steps to run and measure, in pipeline order (default ${DEFAULT-VALUE}). Without ingest, the steps read the warehouse an earlier bench left.")
  List<Step> steps;

  @Option(names = "--out", paramLabel = "DIR", description = "Data sets, warehouses and results/ (default: .bench/ in the project).")
  Path out;

  @Option(
      names = "--max-reject-share",
      paramLabel = "SHARE",
      description = "Replace every source's max_reject_share, for tiny sets that reject a larger share by chance (default: the config's).")
  Double maxRejectShare;

  @Option(names = "--project", hidden = true, defaultValue = ".", description = "The project checkout (scripts/bench passes it).")
  Path project;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream stdout;

  private Bench(PrintStream stdout) {
    this.stdout = stdout;
  }

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    CommandLine commandLine = new CommandLine(new Bench(out)).setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler(JourneyMiner.exceptionHandler(err, "bench"));
    return commandLine.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    Path root = project.toAbsolutePath().normalize();
    BenchOptions options;
    try {
      options =
          new BenchOptions(
              customers,
              days,
              seed,
              steps,
              out != null ? out.toAbsolutePath().normalize() : root.resolve(".bench"),
              root.resolve("data-samples").resolve(DataSets.CONFIG),
              Optional.ofNullable(maxRejectShare));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    SparkSession spark =
        SparkSessions.configure(
                SparkSession.builder()
                    .appName("journey-miner bench")
                    .master("local[*]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    // Room for every task's end event at the largest scales: a dropped event would be uncounted bytes.
                    .config("spark.scheduler.listenerbus.eventqueue.capacity", "100000"))
            .getOrCreate();
    try {
      BenchResult result = new Benchmark(spark, options, stdout).run();
      Path file = BenchReport.write(result, options.out().resolve("results"));
      BenchReport.print(result, stdout);
      stdout.println("results: " + file);
      return result.problems().isEmpty() ? 0 : CHECK_FAILED;
    } finally {
      spark.stop();
    }
  }
}
