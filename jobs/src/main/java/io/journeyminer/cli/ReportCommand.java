package io.journeyminer.cli;

import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.pipeline.SparkSessions;
import io.journeyminer.publish.PublishedRuns;
import io.journeyminer.report.RunReport;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code journey-miner report}: (re)writes the run report of a published run beside its manifest. */
@Command(name = "report", description = "Write the run report (one offline HTML page) of a published run to _runs/<run_date>/report.html.")
final class ReportCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Pipeline config (YAML): its warehouse and journey map.")
  Path config;

  @Option(names = "--run-date", paramLabel = "DATE", description = "The run to report on (its run_date). Default: the latest published run.")
  String runDate;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master URL. Default: embedded local Spark.")
  String master;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PipelineConfig pipelineConfig = ConfigLoader.load(config);
    SparkSession spark = SparkSessions.forQueries(Optional.ofNullable(master), "journey-miner report");
    try {
      PublishedRuns runs = PublishedRuns.open(spark, pipelineConfig.warehouse());
      LocalDate date = runDate == null ? runs.latest() : runs.runDate(runDate);
      String path = new RunReport(pipelineConfig).write(runs, date);
      spec.commandLine().getOut().println("report: " + JourneyMiner.displayPath(URI.create(path)));
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("journey-miner report: " + e.getMessage());
      return JourneyMiner.USAGE;
    } finally {
      spark.stop();
    }
  }
}
