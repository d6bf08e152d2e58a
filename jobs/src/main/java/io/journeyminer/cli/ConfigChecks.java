package io.journeyminer.cli;

import io.journeyminer.config.ConfigException;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.config.SecurityConfig;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.conformance.ConformanceModelException;
import io.journeyminer.conformance.PetriNets;
import io.journeyminer.conformance.ReachabilityGraph;
import io.journeyminer.ingest.formats.FormatReaders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * What {@code validate} checks beyond the YAML itself, still without starting Spark: format
 * options, that every Spark SQL expression parses, that each source's path matches files, and
 * that a salt is available.
 */
final class ConfigChecks {

  private ConfigChecks() {}

  static void checkWithoutSpark(PipelineConfig config) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < config.sources().size(); i++) {
      SourceConfig source = config.sources().get(i);
      String at = "sources[" + i + "] (" + source.name() + ")";
      Set<String> supported = FormatReaders.supportedOptions(source.format());
      for (String option : source.options().keySet()) {
        if (!supported.contains(option)) {
          problems.add(at + ".options." + option + ": expected one of " + (supported.isEmpty() ? "no options for " + source.format().configName() : String.join(", ", supported)) + ", found an unknown option");
        }
      }
      source.expressions().forEach((key, expression) -> {
        try {
          CatalystSqlParser$.MODULE$.parseExpression(expression);
        } catch (Exception e) { // Spark's ParseException is checked in Java terms but undeclared
          String message = String.valueOf(e.getMessage());
          problems.add(at + "." + key + ": expected a Spark SQL expression, found \"" + expression + "\" (" + message.lines().findFirst().orElse("") + ")");
        }
      });
      String glob = ConfigLoader.resolveGlob(config.configFile(), source.path());
      try {
        Path path = new Path(glob);
        FileSystem fs = path.getFileSystem(new Configuration());
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          problems.add(at + ".path: expected a glob matching at least one file, found \"" + source.path() + "\" matching none (" + glob + ")");
        }
      } catch (IOException | RuntimeException e) {
        problems.add(at + ".path: cannot be listed: " + e.getMessage());
      }
    }
    if (config.conformance().enabled() || config.conformance().model().isPresent()) {
      try {
        ReachabilityGraph.of(PetriNets.intended(config.conformance(), config.journeyMap(), new Configuration()));
      } catch (ConformanceModelException e) {
        problems.add("conformance.model: " + e.getMessage());
      }
    }
    if (System.getenv(SecurityConfig.SALT_ENVIRONMENT_VARIABLE) == null && config.security().insecureDevelopmentSalt().isEmpty()) {
      problems.add("security: expected the environment variable " + SecurityConfig.SALT_ENVIRONMENT_VARIABLE + " to be set (or security.insecure_development_salt for demos), found neither");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(config.configFile(), problems);
    }
  }
}
