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
 * Crashes while publishing (issue 14): a rerun's JVM is killed with SIGKILL after it committed some
 * of its Delta tables but before its manifest; the manifest of the uninterrupted run must still read
 * the same complete set of tables, and a rerun must publish what the uninterrupted run did. While the
 * killed run holds the warehouse, a second run fails naming the lock. One small generated data set
 * serves every kill point.
 */
class TestPublishCrashes extends SparkTestBase {

  private static final AsOf DAY_1 = AsOf.parse("2026-03-01").orElseThrow();
  private static final AsOf DAY_2 = AsOf.parse("2026-03-02").orElseThrow();
  private static final Duration PAUSE_TIMEOUT = Duration.ofMinutes(10);

  private Path work;
  private Path config;
  private PipelineConfig pipeline;

  @BeforeAll
  void generate(@TempDir Path temporary) throws IOException {
    work = temporary;
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
    URI warehouse = work.resolve("warehouse").toUri();
    run(warehouse, DAY_1);
    Pipeline.RunResult uninterrupted = run(warehouse, DAY_2);
    Map<String, List<Long>> day2 = fingerprint(PublishedRun.latest(spark, warehouse));
    assertThat(day2).containsKeys("events", "rejected_records", "identity_map", "journeys", "journey_steps", "variants", "stage_summary");
    int tables = day2.size();

    // Reruns of day 2 killed while replacing day 2's own partitions: the hardest case for readers.
    for (int killAfter : new int[] {2, tables}) {
      Path log = work.resolve("killed-after-" + killAfter + ".log");
      Process child = startRun(warehouse, killAfter, log);
      try {
        awaitPause(child, log);
        if (killAfter == 2) {
          // Two runs on one warehouse: the second fails at once, naming the lock the first holds.
          assertThatThrownBy(() -> run(warehouse, DAY_2))
              .isInstanceOf(PublishException.class)
              .hasMessageContaining("warehouse lock " + Path.of(warehouse).resolve("_lock"))
              .hasMessageContaining("held by another run");
        }
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        child.waitFor(1, TimeUnit.MINUTES);
      }
      assertThat(child.exitValue()).as("killed after %d tables", killAfter).isEqualTo(137);
      PublishedRun previous = PublishedRun.latest(spark, warehouse);
      assertThat(previous.runDate()).isEqualTo(DAY_2.runDate());
      assertThat(fingerprint(previous)).as("day 2 read after a kill after %d of %d tables", killAfter, tables).isEqualTo(day2);
    }

    Pipeline.RunResult rerun = run(warehouse, DAY_2);

    assertThat(rerun.tableRows()).isEqualTo(uninterrupted.tableRows());
    assertThat(fingerprint(PublishedRun.latest(spark, warehouse))).isEqualTo(day2);
    // Every record of day 2 was already published on day 1: a duplicate, not a second event.
    PublishedRun day1 = PublishedRun.of(spark, warehouse, DAY_1.runDate());
    assertThat(PublishedRun.latest(spark, warehouse).manifest().at("/sources/0/seen_in_earlier_runs").asLong())
        .isEqualTo(day1.manifest().at("/sources/0/accepted").asLong())
        .isPositive();
  }

  /** The CLI's run of day 2 in a child JVM with this test's classpath, told to pause after k tables. */
  private Process startRun(URI warehouse, int pauseAfterTables, Path log) throws IOException {
    // Beside the samples config: its source paths are relative to the config's folder.
    Path childConfig = config.resolveSibling("pipeline-" + pauseAfterTables + ".yaml");
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
