package io.journeyminer.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code store/pos_transactions.csv}: the tills' daily export, as a German Windows POS writes it:
 * semicolon-separated, CRLF line ends, decimal commas, local store time (Europe/Berlin) without
 * offset. Customers without a card are rung up on the shared guest card with an e-receipt address.
 */
final class PosWriter extends SourceWriter {

  static final List<String> HEADER =
      List.of(
          "store_id", "store_name", "register", "receipt_no", "transaction_time", "transaction_type",
          "loyalty_card", "receipt_email", "items", "amount", "currency", "payment_method");
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(JourneySimulator.STORE_ZONE);
  static final List<String> UNMAPPED_TYPES = List.of("VOID", "TRAINING", "NO_SALE");
  private static final List<String> PAYMENTS = List.of("EC", "VISA", "MASTERCARD", "BAR", "GIROCARD");

  private final long[] receipts = new long[Fixtures.STORES.size()];
  private long guestSales;
  private final Set<String> guestEmails = new HashSet<>();

  PosWriter(GeneratorOptions options, Path temporary) {
    super(
        Source.POS_TRANSACTIONS,
        options,
        temporary,
        Map.of(
            Defect.DUPLICATE, 0.01,
            Defect.MALFORMED_RECORD, 0.004,
            Defect.BAD_TIMESTAMP, 0.004,
            Defect.MISSING_IDENTIFIER, 0.006,
            Defect.UNMAPPED_TOUCHPOINT, 0.006,
            Defect.FUTURE_TIMESTAMP, 0.004));
  }

  @Override
  void write(CustomerRecords records, Touch touch, SplittableRandom random) {
    Customer customer = records.customer();
    int storeIndex = random.nextDouble() < 0.85 ? customer.homeStore() : random.nextInt(Fixtures.STORES.size());
    boolean member = customer.loyaltyCard() != null;
    String card = member ? customer.loyaltyCard() : Fixtures.GUEST_CARD;
    String email = touch.withEmail() ? typedByCashier(customer.email(), random) : "";
    List<String> fields =
        new ArrayList<>(
            List.of(
                Fixtures.STORES.get(storeIndex).id(),
                Fixtures.STORES.get(storeIndex).name(),
                String.valueOf(1 + random.nextInt(4)),
                receiptNumber(storeIndex),
                TIME.format(Instant.ofEpochMilli(touch.at())),
                "SALE",
                card,
                email,
                String.valueOf(1 + random.nextInt(5)),
                decimalComma(touch.revenue()),
                Fixtures.CURRENCY,
                Fixtures.pick(PAYMENTS, random)));
    if (member) {
      records.identifier("loyalty_id", card);
    } else {
      guestSales++;
      guestEmails.add(email.toLowerCase(Locale.ROOT));
    }
    records.identifier("email", email);
    good(touch.at(), Csv.line(fields, ';'), random, defect -> spoil(fields, storeIndex, defect, random));
  }

  /** Cashiers type what they hear: mostly lower case, now and then in capitals. */
  private static String typedByCashier(String email, SplittableRandom random) {
    double roll = random.nextDouble();
    if (roll < 0.15) {
      return email.toUpperCase(Locale.ROOT);
    }
    return roll < 0.6 ? email.toLowerCase(Locale.ROOT) : email;
  }

  private String receiptNumber(int storeIndex) {
    return String.format(Locale.ROOT, "%07d", ++receipts[storeIndex]);
  }

  static String decimalComma(double amount) {
    return String.format(Locale.ROOT, "%.2f", amount).replace('.', ',');
  }

  private String spoil(List<String> good, int storeIndex, Defect defect, SplittableRandom random) {
    List<String> fields = new ArrayList<>(good);
    fields.set(3, receiptNumber(storeIndex));
    switch (defect) {
      case MALFORMED_RECORD -> {
        return Malformed.csv(fields, ';', random);
      }
      case BAD_TIMESTAMP -> fields.set(4, "00.00.0000 00:00:00");
      // A cash sale without card or e-receipt: nobody to attribute it to.
      case MISSING_IDENTIFIER -> {
        fields.set(6, "");
        fields.set(7, "");
      }
      case UNMAPPED_TOUCHPOINT -> {
        fields.set(5, Fixtures.pick(UNMAPPED_TYPES, random));
        fields.set(9, "0,00");
      }
      // A till whose clock was set a year ahead.
      case FUTURE_TIMESTAMP -> fields.set(4, TIME.format(Instant.ofEpochMilli(futureTime(random))));
      case DUPLICATE -> {
        return null;
      }
    }
    return Csv.line(fields, ';');
  }

  long guestSales() {
    return guestSales;
  }

  int guestEmails() {
    return guestEmails.size();
  }

  @Override
  void finish(Path output) throws IOException {
    Path file = output.resolve("store").resolve("pos_transactions.csv");
    Files.createDirectories(file.getParent());
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write(Csv.line(HEADER, ';'));
      writer.write("\r\n");
      export.drainTo(
          (key, text) -> {
            writer.write(text);
            writer.write("\r\n");
          });
    }
  }
}
