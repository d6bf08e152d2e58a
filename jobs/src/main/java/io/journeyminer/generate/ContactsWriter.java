package io.journeyminer.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code crm/contacts.csv}: contacts created in the window by the sales line (phone inquiries) and
 * at the till (loyalty sign-ups). Written by a Windows tool: UTF-8 with a byte-order mark; times
 * in UTC without offset.
 */
final class ContactsWriter extends SourceWriter {

  static final List<String> HEADER =
      List.of(
          "contact_id", "first_name", "last_name", "email", "phone", "loyalty_card", "country",
          "lead_source", "created_at", "owner", "marketing_opt_in");
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  static final List<String> UNMAPPED_SOURCES = List.of("Trade Fair", "Partner Import");

  private long spoiledIds;

  ContactsWriter(GeneratorOptions options, Path temporary) {
    super(
        Source.CRM_CONTACTS,
        options,
        temporary,
        Map.of(
            Defect.DUPLICATE, 0.012,
            Defect.MALFORMED_RECORD, 0.006,
            Defect.BAD_TIMESTAMP, 0.006,
            Defect.UNMAPPED_TOUCHPOINT, 0.008,
            Defect.FUTURE_TIMESTAMP, 0.004));
  }

  @Override
  void write(CustomerRecords records, Touch touch, SplittableRandom random) {
    Customer customer = records.customer();
    boolean store = touch.touchpoint() == Touchpoint.LOYALTY_SIGNUP;
    List<String> fields =
        new ArrayList<>(
            List.of(
                customer.crmId(),
                customer.firstName(),
                customer.lastName(),
                customer.email(),
                customer.phone() == null ? "" : customer.phone(),
                store ? customer.loyaltyCard() : "",
                customer.country(),
                store ? "Store" : "Phone",
                TIME.format(Instant.ofEpochMilli(touch.at())),
                store ? "pos-" + Fixtures.STORES.get(customer.homeStore()).id() : Fixtures.pick(Fixtures.SALES_OWNERS, random),
                random.nextDouble() < 0.7 ? "true" : "false"));
    records.identifier("crm_id", customer.crmId());
    records.identifier("email", customer.email());
    records.identifier("phone", customer.phone());
    if (store) {
      records.identifier("loyalty_id", customer.loyaltyCard());
    }
    good(touch.at(), Csv.line(fields, ','), random, defect -> spoil(fields, defect, random));
  }

  private String spoil(List<String> good, Defect defect, SplittableRandom random) {
    List<String> fields = new ArrayList<>(good);
    // A spoiled row is another contact row, so it gets its own id: no key clash with the good one.
    fields.set(0, "0035g00001" + CustomerFactory.base36(spoiledIds++, 5));
    switch (defect) {
      case MALFORMED_RECORD -> {
        return Malformed.csv(fields, ',', random);
      }
      case BAD_TIMESTAMP -> fields.set(8, "0000-00-00 00:00:00");
      case UNMAPPED_TOUCHPOINT -> fields.set(7, Fixtures.pick(UNMAPPED_SOURCES, random));
      case FUTURE_TIMESTAMP -> fields.set(8, TIME.format(Instant.ofEpochMilli(futureTime(random))));
      default -> {
        return null;
      }
    }
    return Csv.line(fields, ',');
  }

  @Override
  void finish(Path output) throws IOException {
    Path file = output.resolve("crm").resolve("contacts.csv");
    Files.createDirectories(file.getParent());
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write('\uFEFF');
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
