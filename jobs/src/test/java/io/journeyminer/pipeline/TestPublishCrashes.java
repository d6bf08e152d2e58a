package io.journeyminer.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeyminer.SparkTestBase;
import io.journeyminer.TestFiles;
import io.journeyminer.config.AsOf;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.generate.DataGenerator;
import io.journeyminer.generate.GeneratorOptions;
import io.journeyminer.publish.PublishException;
import io.journeyminer.publish.PublishedRun;
import io.journeyminer.publish.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes while publishing (issue 14): a run's JVM is killed with SIGKILL after it committed some of
 * its Delta tables but before its manifest; the previous run's manifest must still read the same
 * complete set of tables, and a rerun must publish what an uninterrupted run does. While the killed
 * run holds the warehouse, a second run fails naming the lock. One small generated data set serves
 * every kill point.
 */
class TestPublishCrashes extends SparkTestBase {

  private static final AsOf DAY_1 = AsOf.parse("2026-03-01").orElseThrow();
  private static final AsOf DAY_2 = AsOf.parse("2026-03-02").orElseThrow();
  private static final Duration PAUSE_TIMEOUT = Duration.ofMinutes(10);

  @TempDir Path work;

  private Path config;
  private PipelineConfig pipeline;

  @BeforeAll
  void generate() throws IOException {
    Path exports = work.resolve("exports");
    DataGenerator.generate(GeneratorOptions.of(120, 20, 11, exports));
    config = TestFiles.samplesConfigIn(exports, 0.5);
    pipeline = ConfigLoader.load(config);
  }

  private Pipeline.RunResult run(URI warehouse, AsOf asOf) {
    PipelineConfig target = pipeline.withWarehouse(warehouse);
    return new Pipeline(spark, target, asOf, target.security().resolveSalt(Map.of()), new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .run(EnumSet.allOf(Step.class));
  }

  /** Per table: rows and a sum of row hashes, as the given run's manifest reads it. */
  private Map<String, List<Long>> fingerprint(PublishedRun run) {
    Map<String, List<Long>> tables = new LinkedHashMap<>();
    for (String table : run.tables()) {
      Row row = run.table(table).agg(count("*"), sum(hash(to_json(struct(col("*")))).cast("long"))).head();
      tables.put(table, List.of(row.getLong(0), row.isNullAt(1) ? 0L : row.getLong(1)));
    }
    return tables;
  }

  @Test
  void aRunKilledWhilePublishingLeavesThePreviousRunWholeAndARerunEqualsAnUninterruptedRun() throws Exception {
    URI crashed = work.resolve("crashed-warehouse").toUri();
    run(crashed, DAY_1);
    Map<String, List<Long>> day1 = fingerprint(PublishedRun.latest(spark, crashed));
    assertThat(day1).hasSize(9).containsKeys("events", "journeys", "variants");
    int tables = day1.size();

    for (int killAfter : new int[] {1, 4, tables}) {
      Path log = work.resolve("killed-after-" + killAfter + ".log");
      Process child = startRun(crashed, killAfter, log);
      try {
        awaitPause(child, log);
        if (killAfter == 1) {
          // Two runs on one warehouse: the second fails at once, naming the lock the first holds.
          assertThatThrownBy(() -> run(crashed, DAY_2))
              .isInstanceOf(PublishException.class)
              .hasMessageContaining("warehouse lock " + Path.of(crashed).resolve("_lock"))
              .hasMessageContaining("held by another run");
        }
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        child.waitFor(1, TimeUnit.MINUTES);
      }
      assertThat(child.exitValue()).as("killed after %d tables", killAfter).isEqualTo(137);
      PublishedRun previous = PublishedRun.latest(spark, crashed);
      assertThat(previous.runDate()).as("killed after %d tables", killAfter).isEqualTo(DAY_1.runDate());
      assertThat(fingerprint(previous)).as("day 1 read after a kill after %d tables", killAfter).isEqualTo(day1);
    }

    Pipeline.RunResult rerun = run(crashed, DAY_2);
    URI clean = work.resolve("clean-warehouse").toUri();
    run(clean, DAY_1);
    Pipeline.RunResult uninterrupted = run(clean, DAY_2);

    assertThat(rerun.tableRows()).isEqualTo(uninterrupted.tableRows());
    Map<String, List<Long>> afterCrashes = fingerprint(PublishedRun.of(spark, crashed, DAY_2.runDate()));
    assertThat(afterCrashes).hasSize(tables).isEqualTo(fingerprint(PublishedRun.of(spark, clean, DAY_2.runDate())));
    // Every record of day 2 was already published on day 1: each is counted a duplicate, none a second event.
    assertThat(PublishedRun.of(spark, crashed, DAY_2.runDate()).manifest().at("/sources/0/seen_in_earlier_runs").asLong())
        .isEqualTo(PublishedRun.of(spark, crashed, DAY_1.runDate()).manifest().at("/sources/0/accepted").asLong())
        .isPositive();
    assertThat(work.resolve("crashed-warehouse/_lock")).exists();
  }

  /** The CLI's run of day 2 in a child JVM with this test's classpath, told to pause after k tables. */
  private Process startRun(URI warehouse, int pauseAfterTables, Path log) throws IOException {
    Path childConfig = work.resolve("pipeline-" + pauseAfterTables + ".yaml");
    Files.writeString(childConfig, Files.readString(config).replaceFirst("(?m)^warehouse: .*$", "warehouse: " + warehouse));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!argument.startsWith("-Xmx") && !argument.startsWith("-javaagent") && !argument.startsWith("-agentlib")) {
        command.add(argument);
      }
    }
    command.addAll(
        List.of(
            "-Xmx1g",
            "-D" + Warehouse.PAUSE_AFTER_TABLES + "=" + pauseAfterTables,
            "-Dspark.ui.enabled=false",
            "-Dspark.sql.shuffle.partitions=4",
            "-Dspark.driver.host=127.0.0.1",
            "-Dspark.driver.bindAddress=127.0.0.1",
            "-cp",
            System.getProperty("java.class.path"),
            "io.journeyminer.cli.JourneyMiner",
            "run",
            "--config",
            childConfig.toString(),
            "--as-of",
            DAY_2.runDate().toString(),
            "--master",
            "local[2]"));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitPause(Process child, Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(PAUSE_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (output.contains("journey-miner: paused after publishing")) {
        return;
      }
      if (!child.isAlive()) {
        throw new AssertionError("the child run ended (exit " + child.exitValue() + ") before pausing:\n" + tail(output));
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the child run did not pause within " + PAUSE_TIMEOUT + ":\n" + tail(Files.readString(log, StandardCharsets.UTF_8)));
  }

  private static String tail(String output) {
    return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
  }
}
