package io.journeyminer.cli;

import io.journeyminer.config.ConfigException;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.config.SecurityConfig;
import io.journeyminer.config.SourceConfig;
import io.journeyminer.conformance.ConformanceModelException;
import io.journeyminer.conformance.PetriNets;
import io.journeyminer.conformance.ReachabilityGraph;
import io.journeyminer.ingest.IngestException;
import io.journeyminer.ingest.formats.FormatReaders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * What {@code validate} checks beyond the YAML itself, still without starting Spark, and what
 * every pipeline command checks before it starts Spark: format options and their values, that
 * every Spark SQL expression parses, that each source's path matches files, and that a salt is
 * available. Two sources reading one file is a warning, since one export may legitimately feed
 * two sources (touches and conversions), but is more often a glob that is too wide.
 */
final class ConfigChecks {

  private ConfigChecks() {}

  /**
   * @param checkSources whether the sources will be read (false for steps that start from
   *     published tables)
   * @return warnings to show; problems are thrown together as one {@link ConfigException}
   */
  static List<String> checkWithoutSpark(PipelineConfig config, boolean checkSources, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> sourcesOfFile = new TreeMap<>();
    for (int i = 0; checkSources && i < config.sources().size(); i++) {
      SourceConfig source = config.sources().get(i);
      String at = "sources[" + i + "] (" + source.name() + ")";
      Set<String> supported = FormatReaders.supportedOptions(source.format());
      boolean unknownOption = false;
      for (String option : source.options().keySet()) {
        if (!supported.contains(option)) {
          unknownOption = true;
          problems.add(at + ".options." + option + ": expected one of " + (supported.isEmpty() ? "no options for " + source.format().configName() : String.join(", ", supported)) + ", found an unknown option");
        }
      }
      if (!unknownOption) {
        try {
          FormatReaders.checkOptionValues(source);
        } catch (IngestException e) {
          problems.add(at + ".options: " + e.getMessage());
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
        List<String> files = files(glob);
        if (files.isEmpty()) {
          problems.add(at + ".path: expected a glob matching at least one file, found \"" + source.path() + "\" matching none (" + glob + ")");
        }
        files.forEach(file -> sourcesOfFile.computeIfAbsent(file, f -> new ArrayList<>()).add(source.name()));
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
    String salt = environment.get(SecurityConfig.SALT_ENVIRONMENT_VARIABLE);
    if (salt != null && salt.isBlank()) {
      problems.add("security: the environment variable " + SecurityConfig.SALT_ENVIRONMENT_VARIABLE + " is set but blank; set it to a secret or unset it");
    } else if (salt == null && config.security().insecureDevelopmentSalt().isEmpty()) {
      problems.add("security: expected the environment variable " + SecurityConfig.SALT_ENVIRONMENT_VARIABLE + " to be set (or security.insecure_development_salt for demos), found neither");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(config.configFile(), problems);
    }
    return overlaps(sourcesOfFile);
  }

  /** One warning per pair of sources that read the same files, with the count and an example. */
  private static List<String> overlaps(Map<String, List<String>> sourcesOfFile) {
    Map<String, List<String>> filesOfPair = new LinkedHashMap<>();
    sourcesOfFile.forEach((file, sources) -> {
      for (int a = 0; a < sources.size(); a++) {
        for (int b = a + 1; b < sources.size(); b++) {
          filesOfPair.computeIfAbsent(sources.get(a) + " and " + sources.get(b), k -> new ArrayList<>()).add(file);
        }
      }
    });
    List<String> warnings = new ArrayList<>();
    filesOfPair.forEach((pair, files) -> warnings.add(
        "sources " + pair + " both read " + files.size() + (files.size() == 1 ? " file" : " files") + " (" + new Path(files.get(0)).getName()
            + (files.size() > 1 ? ", ..." : "") + "); fine if one export feeds both, otherwise narrow a path"));
    return warnings;
  }

  /** The files a glob matches, folders standing for the files below them, hidden files left out. */
  private static List<String> files(String glob) throws IOException {
    Path pattern = new Path(glob);
    FileSystem fs = pattern.getFileSystem(new Configuration());
    FileStatus[] matches = fs.globStatus(pattern);
    List<String> files = new ArrayList<>();
    if (matches == null) {
      return files;
    }
    for (FileStatus match : matches) {
      if (match.getPath().getName().startsWith("_") || match.getPath().getName().startsWith(".")) {
        continue;
      }
      if (match.isDirectory()) {
        RemoteIterator<LocatedFileStatus> below = fs.listFiles(match.getPath(), true);
        while (below.hasNext()) {
          Path file = below.next().getPath();
          if (!file.getName().startsWith("_") && !file.getName().startsWith(".")) {
            files.add(file.toString());
          }
        }
      } else {
        files.add(match.getPath().toString());
      }
    }
    return files;
  }
}
