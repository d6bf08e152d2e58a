package io.journeyminer.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Generates a small data set and checks its ground truth against an independent scan of the files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDataGenerator {

  private static final Instant AS_OF = Instant.parse("2026-02-01T00:00:00Z");
  /** As data-samples/pipeline.yaml sets security.default_phone_region: the generator's phones are German. */
  private static final io.journeyminer.ingest.IdentifierNormalizer NORMALIZER =
      new io.journeyminer.ingest.IdentifierNormalizer(java.util.Optional.of("DE"));

  @TempDir static Path folder;
  private GenerationSummary summary;
  private ExportScan scan;

  @BeforeAll
  void generate() throws IOException {
    summary = DataGenerator.generate(new GeneratorOptions(800, 45, 11, folder, AS_OF, GeneratorOptions.DEFAULT_INACTIVITY_TIMEOUT));
    scan = ExportScan.scan(folder, AS_OF);
  }

  @Test
  void writesTheSameLayoutAsTheSamples() throws IOException {
    assertThat(folder.resolve("crm/contacts.csv")).isRegularFile();
    assertThat(folder.resolve("crm/activities.csv")).isRegularFile();
    assertThat(folder.resolve("crm/opportunities.csv")).isRegularFile();
    assertThat(folder.resolve("web/access.log")).isRegularFile();
    assertThat(folder.resolve("store/pos_transactions.csv")).isRegularFile();
    try (Stream<Path> days = Files.list(folder.resolve("web"))) {
      assertThat(days.filter(path -> path.getFileName().toString().matches("events-\\d{4}-\\d{2}-\\d{2}\\.ndjson\\.gz")))
          .hasSize(45);
    }
    assertThat(folder.resolve("web/events-2026-01-31.ndjson.gz")).isRegularFile();
    assertThat(Files.readString(folder.resolve("crm/contacts.csv"))).startsWith("\uFEFFcontact_id,");
    assertThat(Files.readString(folder.resolve("store/pos_transactions.csv"))).contains(";SALE;").contains("\r\n");
    try (Stream<Path> left = Files.list(folder)) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("crm", "web", "store", "ground_truth");
    }
  }

  @Test
  void defectCountsEqualAScanOfTheFiles() throws IOException {
    JsonNode defects = GroundTruthFiles.defects(folder);
    assertThat(scan.ambiguous).isEmpty();
    assertThat(scan.inexactDuplicates).isEmpty();
    assertThat(defects.size()).isEqualTo(6);
    long rejected = 0;
    for (SourceDefects source : summary.sources()) {
      JsonNode written = defects.get(source.source());
      assertThat(written.get("read").asLong()).as(source.source()).isEqualTo(source.read());
      assertThat(scan.count(source.source(), "read")).as(source.source() + " read").isEqualTo(source.read());
      assertThat(scan.count(source.source(), "accepted")).as(source.source() + " accepted").isEqualTo(source.accepted());
      for (Defect defect : Defect.values()) {
        assertThat(scan.count(source.source(), defect.reason()))
            .as(source.source() + " " + defect.reason())
            .isEqualTo(written.get(defect.reason()).asLong())
            .isEqualTo(source.count(defect));
      }
      rejected += source.rejected();
    }
    // Each kind of defect is present somewhere, and sources stay under the default 5% reject limit.
    for (Defect defect : Defect.values()) {
      assertThat(summary.sources().stream().mapToLong(source -> source.count(defect)).sum()).as(defect.reason()).isPositive();
    }
    long read = summary.sources().stream().mapToLong(SourceDefects::read).sum();
    assertThat(rejected).isPositive().isLessThan(read / 20);
    assertThat(summary.source("web_events").rejected()).isLessThan(summary.source("web_events").read() / 20);
  }

  @Test
  void everyIdentifierOnAGoodRecordHasExactlyOneTrueCustomer() throws IOException {
    Map<String, String> truth = GroundTruthFiles.identifiers(folder);
    assertThat(truth.keySet()).isEqualTo(scan.identifierKeys());
    for (ExportScan.Accepted record : scan.accepted) {
      Set<String> customers = new HashSet<>();
      for (String[] id : record.identifiers()) {
        if (!id[1].equals("GUEST-0000")) {
          customers.add(truth.get(id[0] + "|" + id[1]));
        }
      }
      assertThat(customers).as(record.source()).hasSize(1);
    }
  }

  @Test
  void everyCustomersIdentifiersAreLinkedThroughTheRecords() throws IOException {
    Map<String, String> truth = GroundTruthFiles.identifiers(folder);
    // Normalised as the pipeline does (e-mails lower case, phones digits only), without the guest card.
    Map<String, String> parent = new HashMap<>();
    for (ExportScan.Accepted record : scan.accepted) {
      List<String> keys = new ArrayList<>();
      for (String[] id : record.identifiers()) {
        if (!id[1].equals("GUEST-0000")) {
          keys.add(normalized(id[0], id[1]));
        }
      }
      keys.forEach(key -> parent.putIfAbsent(key, key));
      for (int i = 1; i < keys.size(); i++) {
        parent.put(root(parent, keys.get(i)), root(parent, keys.get(0)));
      }
    }
    Map<String, Set<String>> customersPerComponent = new HashMap<>();
    truth.forEach(
        (key, customer) -> {
          String[] parts = key.split("\\|", 2);
          customersPerComponent.computeIfAbsent(root(parent, normalized(parts[0], parts[1])), c -> new HashSet<>()).add(customer);
        });
    long customers = truth.values().stream().distinct().count();
    // One component per true customer: perfect stitching (pairwise precision and recall 1.0) is possible.
    assertThat(customersPerComponent.values()).allSatisfy(set -> assertThat(set).hasSize(1));
    assertThat(customersPerComponent).hasSize((int) customers);
    assertThat(customers).isEqualTo(summary.customers());
  }

  private static String normalized(String type, String value) {
    return type + "|" + NORMALIZER.normalize(type, value);
  }

  private static String root(Map<String, String> parent, String key) {
    String current = key;
    while (!parent.get(current).equals(current)) {
      current = parent.get(current);
    }
    return current;
  }

  @Test
  void journeysHoldEveryGoodRecordAndEveryConversion() throws IOException {
    List<List<String>> journeys = GroundTruthFiles.rows(folder.resolve("ground_truth/journeys.csv"));
    long events = journeys.stream().mapToLong(row -> Long.parseLong(row.get(5))).sum();
    long converted = journeys.stream().filter(row -> row.get(4).equals("converted")).count();
    long conversions =
        scan.accepted.stream()
            .filter(record -> record.touchpoint().equals("web_purchase") || record.touchpoint().equals("store_purchase"))
            .count();
    assertThat(journeys).hasSize((int) summary.journeys());
    assertThat(scan.accepted.size()).isEqualTo(summary.events());
    // Every good record is in a journey except retention touches (after_conversion) with no
    // conversion to follow, which open none.
    long retention =
        scan.accepted.stream()
            .filter(record -> List.of("order_tracking", "review_written", "support_chat").contains(record.touchpoint()))
            .count();
    assertThat(events).isLessThanOrEqualTo(scan.accepted.size()).isGreaterThanOrEqualTo(scan.accepted.size() - retention);
    assertThat(converted).isEqualTo(conversions).isPositive();
    for (List<String> row : journeys) {
      Instant ended = Instant.parse(row.get(3));
      assertThat(ended).isBefore(AS_OF);
      if (row.get(4).equals("in_progress")) {
        assertThat(ended).isAfter(AS_OF.minus(GeneratorOptions.DEFAULT_INACTIVITY_TIMEOUT));
      }
    }
    assertThat(journeys.stream().map(row -> row.get(4)).distinct()).containsExactlyInAnyOrder("converted", "abandoned", "in_progress");
  }

  @Test
  void guestCardIsOnManySalesAndInNoCustomersIdentifiers() throws IOException {
    List<List<String>> shared = GroundTruthFiles.rows(folder.resolve("ground_truth/shared_identifiers.csv"));
    assertThat(shared).hasSize(1);
    assertThat(shared.get(0).subList(0, 2)).containsExactly("loyalty_id", "GUEST-0000");
    assertThat(Long.parseLong(shared.get(0).get(2))).isEqualTo(scan.guestSales).isEqualTo(summary.guestCardSales()).isGreaterThan(20);
    assertThat(Long.parseLong(shared.get(0).get(3))).isEqualTo(scan.guestEmails.size());
    assertThat(GroundTruthFiles.identifiers(folder)).doesNotContainKey("loyalty_id|GUEST-0000");
  }

  @Test
  void sameSeedGivesIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
    DataGenerator.generate(GeneratorOptions.of(150, 20, 5, first));
    DataGenerator.generate(GeneratorOptions.of(150, 20, 5, second));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(first)) {
      files = walk.filter(Files::isRegularFile).map(first::relativize).sorted().toList();
    }
    // three CRM files, four ground-truth files, the POS export, the access log and 20 daily event files
    assertThat(files).hasSize(3 + 4 + 1 + 1 + 20);
    for (Path file : files) {
      assertThat(Files.mismatch(first.resolve(file), second.resolve(file))).as(file.toString()).isEqualTo(-1L);
    }
  }

  @Test
  void commandLineWritesFilesAndRejectsBadArguments(@TempDir Path out) {
    CommandLine command = new CommandLine(new DataGenerator.Cli());
    int ok =
        command.execute("--customers", "40", "--days", "10", "--seed", "3", "--out", out.toString(), "--as-of", "2026-01-15");
    assertThat(ok).isZero();
    // A date as_of is the end of that day, as in a pipeline config: the window is 6 to 15 January.
    assertThat(out.resolve("web/events-2026-01-15.ndjson.gz")).isRegularFile();
    assertThat(out.resolve("web/events-2026-01-06.ndjson.gz")).isRegularFile();
    assertThat(out.resolve("web/events-2026-01-16.ndjson.gz")).doesNotExist();
    assertThat(out.resolve("web/events-2026-01-05.ndjson.gz")).doesNotExist();
    assertThat(command.execute("--customers", "0", "--out", out.toString())).isNotZero();
    assertThat(command.execute("--customers", "10", "--as-of", "yesterday", "--out", out.toString())).isNotZero();
  }
}
