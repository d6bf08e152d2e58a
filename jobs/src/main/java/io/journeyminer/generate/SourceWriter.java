package io.journeyminer.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes one export. A subclass renders a touch as its good record and knows how to spoil a copy
 * of it in each way its format can be spoiled; this class decides, at fixed rates, which records
 * get a spoiled sibling or a byte-identical duplicate, and counts every record it writes.
 */
abstract class SourceWriter {

  /** Renders a spoiled sibling of the current good record, or null where the kind does not apply. */
  interface Spoiler {
    String spoil(Defect defect);
  }

  protected final Source source;
  protected final GeneratorOptions options;
  protected final SortedExport export;
  private final Map<Defect, Double> rates;
  private final Map<Defect, Long> injected = new EnumMap<>(Defect.class);
  private long read;

  SourceWriter(Source source, GeneratorOptions options, Path temporary, Map<Defect, Double> rates) {
    this.source = source;
    this.options = options;
    this.rates = new EnumMap<>(rates);
    long start = options.windowStart().toEpochMilli();
    long end = options.asOf().toEpochMilli();
    this.export = new SortedExport(temporary, source.sourceName(), start, end, JourneySimulator.DAY);
  }

  /** Writes the good record of one touch (and perhaps spoiled siblings of it). */
  abstract void write(CustomerRecords customer, Touch touch, SplittableRandom random);

  /** Writes the export's files under the output folder. */
  abstract void finish(Path output) throws IOException;

  final SourceDefects defects() {
    return new SourceDefects(source.sourceName(), read, injected);
  }

  /**
   * Writes a good record; then, at the source's rates, a byte-identical re-export of it (placed a
   * few hours later, as a re-sent batch would be) and one spoiled sibling next to it.
   */
  protected final void good(long key, String text, SplittableRandom random, Spoiler spoiler) {
    append(key, text);
    if (random.nextDouble() < rates.getOrDefault(Defect.DUPLICATE, 0.0)) {
      append(key + duplicateDelay(random), text);
      injected.merge(Defect.DUPLICATE, 1L, Long::sum);
    }
    double roll = random.nextDouble();
    for (Map.Entry<Defect, Double> rate : rates.entrySet()) {
      if (rate.getKey() == Defect.DUPLICATE) {
        continue;
      }
      roll -= rate.getValue();
      if (roll < 0) {
        String spoiled = spoiler.spoil(rate.getKey());
        if (spoiled != null) {
          append(key + 1 + random.nextLong(10 * JourneySimulator.MINUTE), spoiled);
          injected.merge(rate.getKey(), 1L, Long::sum);
        }
        return;
      }
    }
  }

  protected long duplicateDelay(SplittableRandom random) {
    return 2 * JourneySimulator.HOUR + random.nextLong(30 * JourneySimulator.HOUR);
  }

  private void append(long key, String text) {
    export.add(key, text);
    read++;
  }

  /** A time far enough after {@code as_of} that no tolerance accepts it. */
  protected final long futureTime(SplittableRandom random) {
    return options.asOf().toEpochMilli() + 3 * JourneySimulator.DAY + random.nextLong(400 * JourneySimulator.DAY);
  }
}
