package io.journeyminer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The committed runs of a warehouse: every {@code _runs/<run_date>/manifest.json}. A manifest is
 * written last, by an atomic rename, so a run without one never committed; each lists the Delta
 * version of every table it published ({@code tables.<name>.delta_version}).
 */
public final class RunManifests {

  public static final String RUNS = "_runs";
  public static final String MANIFEST = "manifest.json";

  private final List<Committed> runs;

  private RunManifests(List<Committed> runs) {
    this.runs = List.copyOf(runs);
  }

  /** One committed run: its date, manifest and where the manifest lies. */
  public record Committed(LocalDate runDate, JsonNode manifest, Path path) {

    /** The Delta version of {@code table} this run names, if it published or carried it. */
    public Optional<Long> version(String table) {
      JsonNode version = manifest.path("tables").path(table).path("delta_version");
      return version.isIntegralNumber() ? Optional.of(version.asLong()) : Optional.empty();
    }

    /** When the manifest was committed (its {@code run.committed_at}), else when the run finished. */
    public Optional<Instant> committedAt() {
      JsonNode run = manifest.path("run");
      String text = run.path("committed_at").asText(run.path("finished_at").asText(""));
      try {
        return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

  /** Reads every manifest under {@code root}; an unreadable one fails with its path. */
  public static RunManifests read(URI root, Configuration hadoop) {
    Path runs = new Path(new Path(root), RUNS);
    List<Committed> committed = new ArrayList<>();
    try {
      FileSystem fs = runs.getFileSystem(hadoop);
      FileStatus[] dates;
      try {
        dates = fs.listStatus(runs);
      } catch (FileNotFoundException none) {
        return new RunManifests(List.of());
      }
      for (FileStatus date : dates) {
        Path manifest = new Path(date.getPath(), MANIFEST);
        if (!date.isDirectory() || !fs.exists(manifest)) {
          continue;
        }
        LocalDate runDate;
        try {
          runDate = LocalDate.parse(date.getPath().getName());
        } catch (DateTimeParseException notARun) {
          continue;
        }
        try (InputStream in = fs.open(manifest)) {
          committed.add(new Committed(runDate, Manifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)), manifest));
        } catch (IllegalArgumentException e) {
          throw new PublishException("the run manifest " + manifest + " is not valid JSON: " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new PublishException("cannot list the runs in " + runs + ": " + e.getMessage(), e);
    }
    committed.sort(Comparator.comparing(Committed::runDate));
    return new RunManifests(committed);
  }

  public List<Committed> all() {
    return runs;
  }

  /** The run with the latest run date: what a reader sees by default. */
  public Optional<Committed> latest() {
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
  }

  public Optional<Committed> of(LocalDate runDate) {
    return runs.stream().filter(run -> run.runDate().equals(runDate)).findFirst();
  }

  /** The newest run dated on or before {@code runDate} that names a version of {@code table}. */
  public Optional<Committed> latestWith(String table, LocalDate runDate) {
    return newestMatching(table, runDate, true);
  }

  /** The newest run dated strictly before {@code runDate} that names a version of {@code table}. */
  public Optional<Committed> earlierWith(String table, LocalDate runDate) {
    return newestMatching(table, runDate, false);
  }

  private Optional<Committed> newestMatching(String table, LocalDate runDate, boolean sameDay) {
    Committed found = null;
    for (Committed run : runs) {
      boolean inRange = sameDay ? !run.runDate().isAfter(runDate) : run.runDate().isBefore(runDate);
      if (inRange && run.version(table).isPresent()) {
        found = run;
      }
    }
    return Optional.ofNullable(found);
  }
}
