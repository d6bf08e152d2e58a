package io.journeyminer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeyminer.SparkTestBase;
import io.journeyminer.TestFiles;
import io.journeyminer.generate.DataGenerator;
import io.journeyminer.generate.GeneratorOptions;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/cluster} end to end: a standalone master and two one-core workers, each its own
 * JVM on loopback, the pipeline submitted to them with SparkSubmit, and every published table
 * compared row for row with an embedded run's over the same generated exports. The tables hold no
 * run timings (those are in the manifest), so whole rows are compared. The cluster starts once for
 * the class and is stopped in {@link #stopTheCluster}, whatever happened before.
 *
 * <p>The script runs with the jars of this test's classpath as Spark's jars and a jar of the freshly
 * compiled classes as the application, so the test needs no {@code mvn package} before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestStandaloneCluster {

  private static final int CUSTOMERS = 1500;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

  private Path work;
  private Path exports;
  private Path clusterDirectory;
  private Map<String, String> environment;
  private SparkSession spark;
  private int scriptRuns;

  @BeforeAll
  void generateRunEmbeddedAndStartTheCluster(@TempDir Path temporary) throws IOException, InterruptedException {
    work = temporary;
    exports = work.resolve("exports");
    DataGenerator.generate(GeneratorOptions.of(CUSTOMERS, 30, 14, exports));
    TestFiles.samplesConfigIn(exports, 0.5);

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int embedded =
        JourneyMiner.execute(
            new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "run", "--config", config("embedded").toString(), "--master", "local[2]");
    assertThat(embedded).as(err.toString(StandardCharsets.UTF_8)).isZero();
    spark = SparkTestBase.localSession(getClass().getSimpleName());

    clusterDirectory = work.resolve("cluster");
    environment = new HashMap<>();
    environment.put("JOURNEY_MINER_CLUSTER_DIR", clusterDirectory.toString());
    environment.put("JOURNEY_MINER_CLUSTER_PORT", Integer.toString(freePort()));
    environment.put("JOURNEY_MINER_CLUSTER_UI_PORT", Integer.toString(freePort()));
    environment.put("JOURNEY_MINER_WORKER_MEMORY", "1g");
    environment.put("JOURNEY_MINER_EXECUTOR_MEMORY", "1g");
    environment.put("JOURNEY_MINER_DRIVER_MEMORY", "1g");
    environment.put("JOURNEY_MINER_SPARK_JARS", sparkJars().toString());
    environment.put("JOURNEY_MINER_APP_JAR", applicationJar().toString());
    ScriptRun start = script("start").finish(START_TIMEOUT);
    assertThat(start.exitCode()).as(start.describe()).isZero();
  }

  @AfterAll
  void stopTheCluster() throws IOException, InterruptedException {
    try {
      if (environment != null) {
        script("stop").finish(START_TIMEOUT);
      }
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  @Test
  @Order(1)
  void everyTableOnTheClusterEqualsTheEmbeddedRun() throws IOException, InterruptedException {
    ScriptRun run = script("submit", "run", "--config", config("cluster").toString()).finish(RUN_TIMEOUT);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("on spark://127.0.0.1:" + environment.get("JOURNEY_MINER_CLUSTER_PORT"));
    // Both workers ran an executor of the application: the work was spread over two JVMs.
    assertThat(executorFolders()).containsExactly("worker-1", "worker-2");
    assertSameTables("cluster");
  }

  @Test
  @Order(2)
  void killingOneWorkerMidRunStillPublishesTheSameTables() throws IOException, InterruptedException {
    long victim = daemonPid("worker-1");
    long survivor = daemonPid("worker-2");
    ScriptRun run = script("submit", "run", "--config", config("killed").toString());

    // Once ingest is published, the executors hold cached and shuffled data the next steps need.
    run.awaitStdoutLine("ingest ", RUN_TIMEOUT);
    ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
    run.finish(RUN_TIMEOUT);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(ProcessHandle.of(victim).map(ProcessHandle::isAlive)).as("killed worker").isNotEqualTo(java.util.Optional.of(true));
    assertThat(ProcessHandle.of(survivor).map(ProcessHandle::isAlive)).as("other worker").contains(true);
    assertThat(run.stderr()).as("the driver saw the executor go").contains("Lost executor");
    assertSameTables("killed");
  }

  /**
   * Compares every table of warehouse-{@code name} with the embedded run's: both sorted, row by row.
   * Sums of doubles may be added in another order on the cluster (shuffle blocks arrive in any
   * order), so a double may differ in its last bits: doubles agree within 1e-9 of their size,
   * everything else exactly.
   */
  private void assertSameTables(String name) throws IOException {
    Path expectedWarehouse = work.resolve("warehouse-embedded");
    Path actualWarehouse = work.resolve("warehouse-" + name);
    List<String> tables = tables(expectedWarehouse);
    assertThat(tables).contains("events", "identity_map", "journeys", "journey_steps", "touchpoint_ranking");
    assertThat(tables(actualWarehouse)).isEqualTo(tables);

    SoftAssertions softly = new SoftAssertions();
    JsonNode actualManifest = manifest(actualWarehouse);
    long inexactDoubles = 0;
    for (String table : tables) {
      Dataset<Row> expected = read(expectedWarehouse.resolve(table));
      Dataset<Row> published = read(actualWarehouse.resolve(table));
      softly.assertThat(published.columns()).as(table + " columns").containsExactlyInAnyOrder(expected.columns());
      // Partition columns come last when read back; compare in the embedded table's column order.
      Dataset<Row> actual = published.select(Arrays.stream(expected.columns()).map(published::col).toArray(Column[]::new));
      List<List<Object>> expectedRows = sortedRows(expected);
      List<List<Object>> actualRows = sortedRows(actual);
      softly.assertThat(actualRows).as(table + " rows").hasSameSizeAs(expectedRows);
      softly.assertThat(actualManifest.at("/tables/" + table + "/rows").asLong()).as(table + " rows in the manifest").isEqualTo(expectedRows.size());
      for (int i = 0; i < Math.min(expectedRows.size(), actualRows.size()); i++) {
        if (!Cells.close(expectedRows.get(i), actualRows.get(i))) {
          softly.fail("%s row %d of %d differs:%n  embedded: %s%n  %s: %s", table, i, expectedRows.size(), expectedRows.get(i), name, actualRows.get(i));
          break;
        }
        inexactDoubles += Cells.inexactDoubles(expectedRows.get(i), actualRows.get(i));
      }
    }
    softly.assertAll();
    System.out.printf("%s: %d tables equal to the embedded run's; %d doubles equal within 1e-9, not bit for bit%n", name, tables.size(), inexactDoubles);
    assertThat(read(expectedWarehouse.resolve("journeys")).count()).as("journeys").isGreaterThan(CUSTOMERS / 2);
  }

  /** A table's rows (a few thousand here) as cell lists, sorted by their text with doubles to 9 digits. */
  private static List<List<Object>> sortedRows(Dataset<Row> table) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : table.collectAsList()) {
      rows.add(Cells.of(row));
    }
    rows.sort(java.util.Comparator.comparing(Cells::sortKey));
    return rows;
  }

  private static List<String> tables(Path warehouse) throws IOException {
    try (Stream<Path> entries = Files.list(warehouse)) {
      return entries.filter(Files::isDirectory).map(path -> path.getFileName().toString())
          .filter(table -> !table.startsWith("_") && !table.startsWith(".")).sorted().toList();
    }
  }

  /** A published table, read as Delta when it has a transaction log, else as partitioned Parquet. */
  private Dataset<Row> read(Path table) {
    String location = table.toUri().toString();
    return Files.isDirectory(table.resolve("_delta_log"))
        ? spark.read().format("delta").load(location)
        : spark.read().parquet(location);
  }

  private static JsonNode manifest(Path warehouse) throws IOException {
    try (Stream<Path> runs = Files.list(warehouse.resolve("_runs"))) {
      Path run = runs.sorted().reduce((first, second) -> second).orElseThrow();
      return new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
    }
  }

  /** The samples' config in the exports folder, publishing to warehouse-{@code name}. */
  private Path config(String name) throws IOException {
    String yaml = Files.readString(exports.resolve("pipeline.yaml"));
    String moved = yaml.replaceFirst("(?m)^warehouse: .*$", "warehouse: ../warehouse-" + name);
    assertThat(moved).as("the samples' config names a warehouse").isNotEqualTo(yaml);
    Path config = exports.resolve("pipeline-" + name + ".yaml");
    Files.writeString(config, moved);
    return config;
  }

  /** The workers that launched an executor of an application, from their work folders. */
  private List<String> executorFolders() throws IOException {
    List<String> workers = new ArrayList<>();
    try (Stream<Path> folders = Files.list(clusterDirectory.resolve("work"))) {
      for (Path worker : folders.sorted().toList()) {
        try (Stream<Path> apps = Files.list(worker)) {
          if (apps.anyMatch(app -> app.getFileName().toString().startsWith("app-"))) {
            workers.add(worker.getFileName().toString());
          }
        }
      }
    }
    return workers;
  }

  private long daemonPid(String daemon) throws IOException {
    return Long.parseLong(Files.readString(clusterDirectory.resolve("pids").resolve(daemon + ".pid")).strip());
  }

  /** Spark's jars for the cluster: links to the jars on this test's classpath, as Maven resolved them. */
  private Path sparkJars() throws IOException {
    Path jars = Files.createDirectories(work.resolve("spark-jars"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      Path link = jars.resolve(jar.getFileName().toString());
      if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(link)) {
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      }
    }
    return jars;
  }

  /** The application jar: the compiled main classes (target/classes), zipped. */
  private Path applicationJar() throws IOException {
    Path classes;
    try {
      classes = Path.of(JourneyMiner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the compiled classes", e);
    }
    Path jar = work.resolve("journey-miner-classes.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Starts scripts/cluster with the test's settings; its output goes to files in the work folder. */
  private ScriptRun script(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(TestFiles.project().resolve("scripts").resolve("cluster").toString());
    command.addAll(List.of(arguments));
    int number = ++scriptRuns;
    Path stdout = work.resolve("script-" + number + "-" + arguments[0] + ".out");
    Path stderr = work.resolve("script-" + number + "-" + arguments[0] + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().putAll(environment);
    return new ScriptRun(String.join(" ", command), builder.start(), stdout, stderr);
  }

  /** A running or finished script, with its output files. */
  private static final class ScriptRun {
    private final String command;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;

    ScriptRun(String command, Process process, Path stdoutFile, Path stderrFile) {
      this.command = command;
      this.process = process;
      this.stdoutFile = stdoutFile;
      this.stderrFile = stderrFile;
    }

    ScriptRun finish(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + timeout + "\n" + describe());
      }
      return this;
    }

    void awaitStdoutLine(String prefix, Duration timeout) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (stdout().lines().noneMatch(line -> line.startsWith(prefix))) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("no line starting with \"" + prefix + "\" from " + command + "\n" + describe());
        }
        Thread.sleep(200);
      }
    }

    int exitCode() {
      return process.exitValue();
    }

    String stdout() {
      return readQuietly(stdoutFile);
    }

    String stderr() {
      return readQuietly(stderrFile);
    }

    String describe() {
      String err = stderr();
      return command + "\nstdout:\n" + stdout() + "\nstderr (end):\n" + err.substring(Math.max(0, err.length() - 4000));
    }

    private static String readQuietly(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(cannot read " + file + ": " + e.getMessage() + ")";
      }
    }
  }

  /** Cell values made comparable: maps as sorted maps, arrays and structs as lists. */
  private static final class Cells {
    private static final double TOLERANCE = 1e-9;

    static List<Object> of(Row row) {
      List<Object> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        cells.add(value(row.get(i)));
      }
      return cells;
    }

    private static Object value(Object cell) {
      if (cell instanceof scala.collection.Map<?, ?> map) {
        java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
        scala.jdk.javaapi.CollectionConverters.asJava(map).forEach((key, item) -> sorted.put(String.valueOf(value(key)), value(item)));
        return sorted;
      }
      if (cell instanceof scala.collection.Seq<?> seq) {
        return scala.jdk.javaapi.CollectionConverters.asJava(seq).stream().map(Cells::value).toList();
      }
      if (cell instanceof Row row) {
        return of(row);
      }
      if (cell instanceof Float number) {
        return number.doubleValue();
      }
      if (cell instanceof byte[] bytes) {
        return Arrays.toString(bytes);
      }
      return cell;
    }

    static String sortKey(Object cell) {
      if (cell instanceof Double number) {
        return String.format(java.util.Locale.ROOT, "%.9g", number);
      }
      if (cell instanceof List<?> list) {
        return list.stream().map(Cells::sortKey).collect(java.util.stream.Collectors.joining(",", "[", "]"));
      }
      if (cell instanceof Map<?, ?> map) {
        return map.entrySet().stream().map(entry -> entry.getKey() + "=" + sortKey(entry.getValue()))
            .collect(java.util.stream.Collectors.joining(",", "{", "}"));
      }
      return String.valueOf(cell);
    }

    static boolean close(Object expected, Object actual) {
      if (expected instanceof Double x && actual instanceof Double y) {
        return x.equals(y) || Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
      }
      if (expected instanceof List<?> xs && actual instanceof List<?> ys) {
        if (xs.size() != ys.size()) {
          return false;
        }
        for (int i = 0; i < xs.size(); i++) {
          if (!close(xs.get(i), ys.get(i))) {
            return false;
          }
        }
        return true;
      }
      if (expected instanceof Map<?, ?> xs && actual instanceof Map<?, ?> ys) {
        return xs.keySet().equals(ys.keySet()) && xs.keySet().stream().allMatch(key -> close(xs.get(key), ys.get(key)));
      }
      return java.util.Objects.equals(expected, actual);
    }

    static long inexactDoubles(Object expected, Object actual) {
      if (expected instanceof Double x && actual instanceof Double y) {
        return x.equals(y) ? 0 : 1;
      }
      if (expected instanceof List<?> xs && actual instanceof List<?> ys) {
        long count = 0;
        for (int i = 0; i < xs.size(); i++) {
          count += inexactDoubles(xs.get(i), ys.get(i));
        }
        return count;
      }
      if (expected instanceof Map<?, ?> xs && actual instanceof Map<?, ?> ys) {
        return xs.keySet().stream().mapToLong(key -> inexactDoubles(xs.get(key), ys.get(key))).sum();
      }
      return 0;
    }
  }
}
