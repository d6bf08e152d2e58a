package io.journeyminer.bench;

import io.journeyminer.config.AsOf;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.generate.DataGenerator;
import io.journeyminer.generate.GeneratorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.fs.FileUtil;

/**
 * The generated data sets a benchmark runs on, under {@code <out>/data/}: one folder per scale with
 * the exports, {@code ground_truth/} and a copy of the config template. A set is generated once and
 * reused while its parameters are the same; a marker written last tells a finished set from one
 * whose generation was interrupted.
 */
final class DataSets {

  static final String CONFIG = "pipeline.yaml";
  private static final String MARKER = ".bench-generated";

  private final BenchOptions options;
  private final Instant asOf;
  private final Duration inactivityTimeout;

  DataSets(BenchOptions options) {
    this.options = options;
    PipelineConfig template = ConfigLoader.load(options.configTemplate());
    // The set must end at the config's as_of (or every record would be a future_timestamp), and its
    // true journeys must be cut by the config's timeout.
    this.asOf =
        template.asOf().map(AsOf::instant)
            .orElseThrow(() -> new IllegalArgumentException(
                "Cannot generate data for " + options.configTemplate() + ": the config has no as_of to end the window at."));
    this.inactivityTimeout = template.journeys().inactivityTimeout();
  }

  /** A data set that was ready, or was generated now. */
  record Prepared(Path folder, Double generationSeconds) {
    boolean reused() {
      return generationSeconds == null;
    }
  }

  Prepared prepare(int customers) throws IOException {
    Path folder = options.out().resolve("data").resolve(options.dataSetName(customers)).toAbsolutePath().normalize();
    String parameters =
        "customers=" + customers + " days=" + options.days() + " seed=" + options.seed() + " as_of=" + asOf + " inactivity_timeout="
            + inactivityTimeout + "\n";
    Path marker = folder.resolve(MARKER);
    if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(parameters)) {
      Files.copy(options.configTemplate(), folder.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING);
      return new Prepared(folder, null);
    }
    deleteTree(folder);
    long started = System.nanoTime();
    DataGenerator.generate(new GeneratorOptions(customers, options.days(), options.seed(), folder, asOf, inactivityTimeout));
    Files.copy(options.configTemplate(), folder.resolve(CONFIG));
    Files.writeString(marker, parameters, StandardCharsets.UTF_8);
    return new Prepared(folder, (System.nanoTime() - started) / 1e9);
  }

  /** Deletes a folder and everything in it; a missing folder is fine. */
  static void deleteTree(Path folder) throws IOException {
    if (Files.exists(folder) && !FileUtil.fullyDelete(folder.toFile())) {
      throw new IOException("Cannot delete " + folder + " to start afresh");
    }
  }
}
