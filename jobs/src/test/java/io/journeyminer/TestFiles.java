package io.journeyminer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared event logs and the project's own files are, from Surefire's properties. */
public final class TestFiles {

  private TestFiles() {}

  /** {@code ../shared} beside the checkout (CI always has it). */
  public static Path shared() {
    String configured = System.getProperty("journeyminer.shared");
    Path path = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
    return path.toAbsolutePath().normalize();
  }

  public static Path eventLog(String name) {
    Path log = shared().resolve("data").resolve("event-logs").resolve(name);
    if (!Files.isRegularFile(log)) {
      throw new IllegalStateException(
          "Shared event log " + log + " is missing: tests need ../shared/data/event-logs beside the checkout");
    }
    return log;
  }

  /** The project's root folder (where the root pom.xml is). */
  public static Path project() {
    String configured = System.getProperty("journeyminer.project");
    Path path = configured != null ? Path.of(configured) : Path.of("..");
    return path.toAbsolutePath().normalize();
  }
}
