package io.journeyminer;

import io.journeyminer.cli.JourneyMiner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The README's first command ({@code run --config data-samples/pipeline.yaml}) run once per test
 * JVM, on a copy of data-samples/; test classes that only read its outputs take a private copy of
 * the warehouse with {@link #copyTo}, so the slow run is paid once for all of them.
 */
public final class SamplesWarehouse {

  private static Path work;
  private static Path warehouse;
  private static String runOutput;

  private SamplesWarehouse() {}

  /** Copies the samples' published warehouse into {@code target} (created) and returns it. */
  public static synchronized Path copyTo(Path target) {
    Path published = published();
    copyTree(published, target);
    return target;
  }

  /** The config the samples ran with, in the copied samples folder. */
  public static synchronized Path config() {
    published();
    return work.resolve("data-samples/pipeline.yaml");
  }

  /** What the run printed on standard output. */
  public static synchronized String runOutput() {
    published();
    return runOutput;
  }

  private static Path published() {
    if (warehouse != null) {
      return warehouse;
    }
    try {
      work = Files.createTempDirectory("samples-warehouse");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(work)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    copyTree(TestFiles.project().resolve("data-samples"), work.resolve("data-samples"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        JourneyMiner.execute(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "run",
            "--config",
            work.resolve("data-samples/pipeline.yaml").toString());
    if (code != 0) {
      throw new IllegalStateException("The samples run failed with exit code " + code + ": " + err.toString(StandardCharsets.UTF_8));
    }
    runOutput = out.toString(StandardCharsets.UTF_8);
    // pipeline.yaml says warehouse: ../warehouse, relative to the config's folder.
    warehouse = work.resolve("warehouse");
    return warehouse;
  }

  /**
   * Adds a second run to a copied warehouse: every run_date partition of the samples' run
   * (2026-03-01) and its manifest copied under {@code date}, so run history can be queried.
   */
  public static void addEarlierRun(Path warehouse, String date) {
    try (Stream<Path> tables = Files.list(warehouse)) {
      for (Path table : tables.toList()) {
        Path partition = table.resolve("run_date=2026-03-01");
        if (Files.isDirectory(partition)) {
          copyTree(partition, table.resolve("run_date=" + date));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    copyTree(warehouse.resolve("_runs/2026-03-01"), warehouse.resolve("_runs/" + date));
  }

  public static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind at JVM exit is harmless.
    }
  }
}
