package io.journeyminer.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code crm/opportunities.csv}: kitchen and furniture quotes and in-store planning appointments,
 * as a CRM report exports them: UK day-first dates to the minute, in London time, and the stage
 * each opportunity had reached by {@code as_of}.
 */
final class OpportunitiesWriter extends SourceWriter {

  static final List<String> HEADER =
      List.of(
          "opportunity_id", "contact_id", "contact_email", "opportunity_name", "type", "stage",
          "amount", "currency", "created_date", "close_date", "owner");
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(JourneySimulator.CRM_ZONE);
  static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(JourneySimulator.CRM_ZONE);
  static final List<String> UNMAPPED_TYPES = List.of("Partner Referral", "Warranty Claim");

  private long nextId;

  OpportunitiesWriter(GeneratorOptions options, Path temporary) {
    super(
        Source.CRM_OPPORTUNITIES,
        options,
        temporary,
        Map.of(
            Defect.DUPLICATE, 0.012,
            Defect.MALFORMED_RECORD, 0.006,
            Defect.BAD_TIMESTAMP, 0.006,
            Defect.MISSING_IDENTIFIER, 0.006,
            Defect.UNMAPPED_TOUCHPOINT, 0.01));
  }

  @Override
  void write(CustomerRecords records, Touch touch, SplittableRandom random) {
    Customer customer = records.customer();
    boolean quote = touch.touchpoint() == Touchpoint.QUOTE_REQUEST;
    String topic = Fixtures.pick(List.of("Kitchen", "Sofa, custom fabric", "Dining set", "Wardrobe"), random);
    String name = (quote ? topic + " quote – " : "Planning appointment – ") + customer.lastName();
    Touch purchase = nextPurchase(records, touch);
    long age = options.asOf().toEpochMilli() - touch.at();
    String stage;
    String closeDate = "";
    if (purchase != null) {
      stage = "Closed Won";
      closeDate = DATE.format(Instant.ofEpochMilli(purchase.at()));
    } else if (age > 30 * JourneySimulator.DAY) {
      stage = "Closed Lost";
      closeDate = DATE.format(Instant.ofEpochMilli(touch.at() + 30 * JourneySimulator.DAY));
    } else {
      stage = quote ? "Proposal" : "Scheduled";
    }
    double amount = quote ? 1500 + random.nextInt(120) * 100 : 0;
    List<String> fields =
        new ArrayList<>(
            List.of(
                opportunityId(), customer.crmId(), customer.email(), name,
                quote ? "Quote" : "Appointment", stage,
                amount == 0 ? "" : String.format(Locale.ROOT, "%.2f", amount), "EUR",
                TIME.format(Instant.ofEpochMilli(touch.at())), closeDate,
                Fixtures.pick(Fixtures.SALES_OWNERS, random)));
    records.identifier("crm_id", customer.crmId());
    records.identifier("email", customer.email());
    good(touch.at(), Csv.line(fields, ','), random, defect -> spoil(fields, defect, random));
  }

  private static Touch nextPurchase(CustomerRecords records, Touch touch) {
    for (Touch later : records.touches()) {
      if (later.at() > touch.at() && later.touchpoint().isConversion()) {
        return later;
      }
    }
    return null;
  }

  private String opportunityId() {
    return "0065g00000" + CustomerFactory.base36(nextId++, 8);
  }

  private String spoil(List<String> good, Defect defect, SplittableRandom random) {
    List<String> fields = new ArrayList<>(good);
    fields.set(0, opportunityId());
    switch (defect) {
      case MALFORMED_RECORD -> {
        return Malformed.csv(fields, ',', random);
      }
      case BAD_TIMESTAMP -> fields.set(8, "00/00/0000 00:00");
      // Opportunities on a company account, with no person attached.
      case MISSING_IDENTIFIER -> {
        fields.set(1, "");
        fields.set(2, "");
      }
      case UNMAPPED_TOUCHPOINT -> fields.set(4, Fixtures.pick(UNMAPPED_TYPES, random));
      case FUTURE_TIMESTAMP, DUPLICATE -> {
        return null;
      }
    }
    return Csv.line(fields, ',');
  }

  @Override
  void finish(Path output) throws IOException {
    Path file = output.resolve("crm").resolve("opportunities.csv");
    Files.createDirectories(file.getParent());
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write(Csv.line(HEADER, ','));
      writer.write('\n');
      export.drainTo(
          (key, text) -> {
            writer.write(text);
            writer.write('\n');
          });
    }
  }
}
