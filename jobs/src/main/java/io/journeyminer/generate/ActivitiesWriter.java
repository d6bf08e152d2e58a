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
 * {@code crm/activities.csv}: e-mail opens, sales calls and support chats, each with the contact's
 * id and e-mail; calls also with the number the telephony system logged, in a national spelling
 * ({@code 0151 12345678}) where the contact holds it internationally ({@code +49 151 12345678}).
 * Call and chat notes are free text with commas, quotes and line breaks, quoted as
 * RFC 4180 does. Times are ISO-8601 UTC.
 */
final class ActivitiesWriter extends SourceWriter {

  static final List<String> HEADER =
      List.of(
          "activity_id", "contact_id", "contact_email", "activity_type", "subject", "notes",
          "activity_date", "owner", "campaign", "phone");
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  static final List<String> UNMAPPED_TYPES = List.of("Task", "Letter");

  private long nextId;

  ActivitiesWriter(GeneratorOptions options, Path temporary) {
    super(
        Source.CRM_ACTIVITIES,
        options,
        temporary,
        Map.of(
            Defect.DUPLICATE, 0.008,
            Defect.MALFORMED_RECORD, 0.003,
            Defect.BAD_TIMESTAMP, 0.003,
            Defect.MISSING_IDENTIFIER, 0.003,
            Defect.UNMAPPED_TOUCHPOINT, 0.006,
            Defect.FUTURE_TIMESTAMP, 0.003));
  }

  @Override
  void write(CustomerRecords records, Touch touch, SplittableRandom random) {
    Customer customer = records.customer();
    String type;
    String subject;
    String notes;
    String owner;
    String campaign;
    String phone = "";
    switch (touch.touchpoint()) {
      case EMAIL_OPEN -> {
        campaign = Fixtures.pick(Fixtures.EMAIL_CAMPAIGNS, random);
        type = "Email Opened";
        subject = "Opened: " + campaign.replace('_', ' ');
        notes = "";
        owner = "marketing-automation";
      }
      case SALES_CALL -> {
        campaign = "";
        type = "Call";
        subject = "Call with " + customer.firstName() + " " + customer.lastName();
        notes = Fixtures.pick(Fixtures.CALL_NOTES, random);
        owner = Fixtures.pick(Fixtures.SALES_OWNERS, random);
        // No extra random draw: the rest of the data set stays as it was.
        phone = customer.phone() == null ? "" : CustomerFactory.nationalPhone(customer.phone(), touch.at() / 1000);
      }
      case SUPPORT_CHAT -> {
        campaign = "";
        type = "Chat";
        subject = "Chat: order support";
        notes = Fixtures.pick(Fixtures.CHAT_NOTES, random);
        owner = "service-desk";
      }
      default -> throw new IllegalArgumentException("No activity for " + touch.touchpoint());
    }
    List<String> fields =
        new ArrayList<>(
            List.of(
                activityId(), customer.crmId(), customer.email(), type, subject, notes,
                TIME.format(Instant.ofEpochMilli(touch.at())), owner, campaign, phone));
    records.identifier("crm_id", customer.crmId());
    records.identifier("email", customer.email());
    if (!phone.isEmpty()) {
      records.identifier("phone", phone);
    }
    good(touch.at(), Csv.line(fields, ','), random, defect -> spoil(fields, defect, random));
  }

  private String activityId() {
    return "00T5g00000" + CustomerFactory.base36(nextId++, 8);
  }

  private String spoil(List<String> good, Defect defect, SplittableRandom random) {
    List<String> fields = new ArrayList<>(good);
    fields.set(0, activityId());
    switch (defect) {
      case MALFORMED_RECORD -> {
        return Malformed.csv(fields, ',', random);
      }
      // Opened in a spreadsheet and saved back: a too-narrow date column comes out as hashes.
      case BAD_TIMESTAMP -> fields.set(6, "#######");
      case MISSING_IDENTIFIER -> {
        fields.set(1, "");
        fields.set(2, "");
        fields.set(9, "");
      }
      case UNMAPPED_TOUCHPOINT -> fields.set(3, Fixtures.pick(UNMAPPED_TYPES, random));
      // Planned activities carry their due date.
      case FUTURE_TIMESTAMP -> fields.set(6, TIME.format(Instant.ofEpochMilli(futureTime(random))));
      case DUPLICATE -> {
        return null;
      }
    }
    return Csv.line(fields, ',');
  }

  @Override
  void finish(Path output) throws IOException {
    Path file = output.resolve("crm").resolve("activities.csv");
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
