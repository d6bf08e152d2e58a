package io.journeyminer.generate;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What a generation wrote.
 *
 * @param customersDrawn customers simulated
 * @param customers customers with at least one good record (the ground truth's customers)
 * @param journeys true journeys in {@code ground_truth/journeys.csv}
 * @param events good records, i.e. events a correct pipeline accepts, over all sources
 * @param sources per export, in config order: records written and defects injected
 */
public record GenerationSummary(
    Path output,
    Instant windowStart,
    Instant asOf,
    int customersDrawn,
    long customers,
    long journeys,
    long events,
    long guestCardSales,
    List<SourceDefects> sources) {

  public GenerationSummary {
    sources = List.copyOf(sources);
  }

  public SourceDefects source(String name) {
    return sources.stream()
        .filter(source -> source.source().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("No source named " + name));
  }
}
