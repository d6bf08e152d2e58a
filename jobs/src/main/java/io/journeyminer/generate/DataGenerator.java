package io.journeyminer.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the exports of a fictional omnichannel retailer (CRM, web shop, app API, stores) for any
 * number of customers and days, with a realistic sprinkling of bad records and a ground truth to
 * check a pipeline run against. Pure Java: customers are simulated one at a time and their records
 * streamed out, so memory stays flat as the customer count grows. The same options and seed give
 * byte-identical files.
 */
public final class DataGenerator {

  private DataGenerator() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Cli()).execute(args));
  }

  /** Generates the exports and ground truth under {@code options.output()}. */
  public static GenerationSummary generate(GeneratorOptions options) throws IOException {
    Path output = options.output();
    Files.createDirectories(output);
    Path temporary = Files.createTempDirectory(output, ".generate-");
    try {
      return generate(options, temporary);
    } finally {
      deleteTree(temporary);
    }
  }

  private static GenerationSummary generate(GeneratorOptions options, Path temporary) throws IOException {
    Map<Source, SourceWriter> writers = new EnumMap<>(Source.class);
    writers.put(Source.CRM_CONTACTS, new ContactsWriter(options, temporary));
    writers.put(Source.CRM_ACTIVITIES, new ActivitiesWriter(options, temporary));
    writers.put(Source.CRM_OPPORTUNITIES, new OpportunitiesWriter(options, temporary));
    writers.put(Source.WEB_EVENTS, new WebEventsWriter(options, temporary));
    writers.put(Source.API_ACCESS_LOG, new AccessLogWriter(options, temporary));
    PosWriter pos = new PosWriter(options, temporary);
    writers.put(Source.POS_TRANSACTIONS, pos);

    long asOf = options.asOf().toEpochMilli();
    JourneySimulator simulator = new JourneySimulator(options.windowStart().toEpochMilli(), asOf);
    CustomerFactory factory = new CustomerFactory();
    SplittableRandom root = new SplittableRandom(options.seed());
    long customers = 0;
    long journeys = 0;
    long events = 0;
    try (GroundTruth truth = new GroundTruth(options.output())) {
      for (int number = 1; number <= options.customers(); number++) {
        // One independent stream per customer: a customer's records do not depend on the others'.
        SplittableRandom random = root.split();
        Customer customer = factory.create(number, random);
        List<Touch> touches = new ArrayList<>(simulator.simulate(customer, random));
        if (touches.isEmpty()) {
          continue;
        }
        touches.sort(Comparator.comparingLong(Touch::at));
        CustomerRecords records = new CustomerRecords(customer, touches);
        for (Touch touch : touches) {
          writers.get(touch.source()).write(records, touch, random);
        }
        customers++;
        events += touches.size();
        journeys += truth.customer(records, asOf, options.inactivityTimeout());
      }
      List<SourceDefects> sources = new ArrayList<>();
      for (SourceWriter writer : writers.values()) {
        writer.finish(options.output());
        sources.add(writer.defects());
      }
      truth.defects(sources);
      truth.sharedIdentifiers(pos.guestSales(), pos.guestEmails());
      return new GenerationSummary(
          options.output(),
          options.windowStart(),
          options.asOf(),
          options.customers(),
          customers,
          journeys,
          events,
          pos.guestSales(),
          sources);
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  static void print(GenerationSummary summary, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "Wrote %d customers (%d drawn), %d journeys, %d good records, window %s to %s, into %s%n",
        summary.customers(),
        summary.customersDrawn(),
        summary.journeys(),
        summary.events(),
        summary.windowStart(),
        summary.asOf(),
        summary.output());
    out.printf(
        Locale.ROOT,
        "%-18s %9s %9s %9s %9s %9s %9s %9s %9s%n",
        "source", "read", "accepted", "malformed", "bad_ts", "no_id", "unmapped", "future", "dupes");
    for (SourceDefects source : summary.sources()) {
      out.printf(
          Locale.ROOT,
          "%-18s %9d %9d %9d %9d %9d %9d %9d %9d%n",
          source.source(),
          source.read(),
          source.accepted(),
          source.count(Defect.MALFORMED_RECORD),
          source.count(Defect.BAD_TIMESTAMP),
          source.count(Defect.MISSING_IDENTIFIER),
          source.count(Defect.UNMAPPED_TOUCHPOINT),
          source.count(Defect.FUTURE_TIMESTAMP),
          source.count(Defect.DUPLICATE));
    }
  }

  @Command(
      name = "generate-data",
      mixinStandardHelpOptions = true,
      description = "Writes realistic retail exports (CRM, web, app API, stores) and their ground truth.")
  static final class Cli implements Callable<Integer> {

    @Option(names = "--customers", required = true, description = "Number of customers to simulate.")
    int customers;

    @Option(names = "--days", defaultValue = "60", description = "Days in the window ending at --as-of (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same files (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--as-of", description = "End of the window, as a pipeline as_of: a date (its end, UTC) or an ISO-8601 instant (default 2026-03-01T00:00:00Z).")
    String asOf;

    @Override
    public Integer call() throws IOException {
      Instant end = GeneratorOptions.DEFAULT_AS_OF;
      if (asOf != null) {
        end =
            io.journeyminer.config.AsOf.parse(asOf).map(io.journeyminer.config.AsOf::instant)
                .orElseThrow(
                    () -> new CommandLine.ParameterException(
                        new CommandLine(this), "Cannot use --as-of " + asOf + ", expected a date such as 2026-03-01 or an ISO-8601 instant."));
      }
      GeneratorOptions options;
      try {
        options = GeneratorOptions.of(customers, days, seed, out).withAsOf(end);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
      }
      long started = System.nanoTime();
      GenerationSummary summary = generate(options);
      print(summary, System.out);
      System.out.printf(Locale.ROOT, "Done in %.1f s%n", (System.nanoTime() - started) / 1e9);
      return 0;
    }
  }
}
