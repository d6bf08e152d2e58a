package io.journeyminer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's own files are, from Surefire's properties. */
public final class TestFiles {

  private TestFiles() {}

  /** A public event log copied into {@code data-samples/event-logs/} (provenance in its README). */
  public static Path eventLog(String name) {
    Path log = project().resolve("data-samples").resolve("event-logs").resolve(name);
    if (!Files.isRegularFile(log)) {
      throw new IllegalStateException("Event log " + log + " is missing from data-samples/event-logs");
    }
    return log;
  }

  /** Copies the folder {@code from} with everything below it to {@code to}. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  /** The project's root folder (where the root pom.xml is). */
  public static Path project() {
    String configured = System.getProperty("journeyminer.project");
    Path path = configured != null ? Path.of(configured) : Path.of("..");
    return path.toAbsolutePath().normalize();
  }

  /**
   * Writes the samples' {@code pipeline.yaml} into a generated export folder, letting every source
   * reject up to {@code maxRejectShare} of its records: a set of a few hundred customers has so few
   * records per source that one injected defect can exceed the samples' 5%.
   */
  public static Path samplesConfigIn(Path exports, double maxRejectShare) throws IOException {
    String yaml = Files.readString(project().resolve("data-samples").resolve("pipeline.yaml"));
    String relaxed = yaml.replaceAll("(?m)^(  - name: \\S+)$", "$1\n    max_reject_share: " + maxRejectShare);
    if (relaxed.equals(yaml)) {
      throw new IllegalStateException("No source entries found in data-samples/pipeline.yaml");
    }
    Path config = exports.resolve("pipeline.yaml");
    Files.writeString(config, relaxed);
    return config;
  }
}
