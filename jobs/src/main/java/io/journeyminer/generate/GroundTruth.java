package io.journeyminer.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code ground_truth/}: the true customer of every identifier (raw, as the exports wrote it),
 * every true journey with its outcome at {@code as_of}, and the exact defect counts per source.
 */
final class GroundTruth implements Closeable {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** One true journey, cut by the rules of SPEC 3.2. */
  record TrueJourney(
      long startedAt, long endedAt, String outcome, List<Touch> touches, double revenue, Stage furthestStage) {}

  private final Path folder;
  private final BufferedWriter identifiers;
  private final BufferedWriter journeys;

  GroundTruth(Path output) throws IOException {
    this.folder = output.resolve("ground_truth");
    Files.createDirectories(folder);
    identifiers = Files.newBufferedWriter(folder.resolve("identifiers.csv"), StandardCharsets.UTF_8);
    identifiers.write("identifier_type,identifier_value,customer\n");
    journeys = Files.newBufferedWriter(folder.resolve("journeys.csv"), StandardCharsets.UTF_8);
    journeys.write("customer,journey,started_at,ended_at,outcome,events,revenue,furthest_stage,touchpoints\n");
  }

  /** Writes one customer's identifiers and journeys; returns the number of journeys. */
  int customer(CustomerRecords records, long asOf, Duration inactivityTimeout) throws IOException {
    String id = records.customer().id();
    for (CustomerRecords.RawIdentifier identifier : records.identifiers()) {
      identifiers.write(Csv.line(List.of(identifier.type(), identifier.value(), id), ','));
      identifiers.write('\n');
    }
    List<TrueJourney> cut = journeys(records.touches(), asOf, inactivityTimeout.toMillis());
    for (int i = 0; i < cut.size(); i++) {
      TrueJourney journey = cut.get(i);
      StringJoiner touchpoints = new StringJoiner(" ");
      journey.touches().forEach(touch -> touchpoints.add(touch.touchpoint().touchpointName()));
      journeys.write(
          Csv.line(
              List.of(
                  id,
                  String.valueOf(i + 1),
                  TIME.format(Instant.ofEpochMilli(journey.startedAt())),
                  TIME.format(Instant.ofEpochMilli(journey.endedAt())),
                  journey.outcome(),
                  String.valueOf(journey.touches().size()),
                  String.format(Locale.ROOT, "%.2f", journey.revenue()),
                  journey.furthestStage().stageName(),
                  touchpoints.toString()),
              ','));
      journeys.write('\n');
    }
    return cut.size();
  }

  /**
   * Cuts a customer's touches (in time order) into journeys: a journey ends at its first
   * conversion ({@code converted}), or when the gap to the next touch exceeds the inactivity
   * timeout ({@code abandoned}); the last one is {@code in_progress} when its last touch is less
   * than the timeout before {@code as_of}. Retention touches (the samples' {@code after_conversion}
   * stage) within the timeout after a conversion stay in the converted journey; they never open
   * one, so a retention touch with no journey to join is in no journey.
   */
  static List<TrueJourney> journeys(List<Touch> touches, long asOf, long timeout) {
    List<TrueJourney> result = new ArrayList<>();
    List<Touch> current = new ArrayList<>();
    long conversionAt = -1;
    for (Touch touch : touches) {
      boolean tail = touch.touchpoint().stage() == Stage.RETENTION;
      if (conversionAt >= 0 && !(tail && touch.at() - conversionAt <= timeout)) {
        result.add(journey(current, "converted"));
        current = new ArrayList<>();
        conversionAt = -1;
      }
      if (!current.isEmpty() && touch.at() - current.get(current.size() - 1).at() > timeout) {
        result.add(journey(current, "abandoned"));
        current = new ArrayList<>();
      }
      if (current.isEmpty() && tail) {
        continue;
      }
      current.add(touch);
      if (touch.touchpoint().isConversion()) {
        conversionAt = touch.at();
      }
    }
    if (!current.isEmpty()) {
      boolean recent = asOf - current.get(current.size() - 1).at() < timeout;
      result.add(journey(current, conversionAt >= 0 ? "converted" : recent ? "in_progress" : "abandoned"));
    }
    return result;
  }

  private static TrueJourney journey(List<Touch> touches, String outcome) {
    double revenue = 0;
    Stage furthest = Stage.AWARENESS;
    for (Touch touch : touches) {
      revenue += touch.revenue();
      if (touch.touchpoint().stage().ordinal() > furthest.ordinal()) {
        furthest = touch.touchpoint().stage();
      }
    }
    return new TrueJourney(
        touches.get(0).at(), touches.get(touches.size() - 1).at(), outcome, List.copyOf(touches), revenue, furthest);
  }

  /** {@code defects.json}: per source name, records written and each defect's exact count. */
  void defects(List<SourceDefects> sources) throws IOException {
    Map<String, Map<String, Long>> json = new LinkedHashMap<>();
    for (SourceDefects source : sources) {
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("read", source.read());
      counts.put("accepted", source.accepted());
      for (Defect defect : Defect.values()) {
        counts.put(defect.reason(), source.count(defect));
      }
      json.put(source.source(), counts);
    }
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(folder.resolve("defects.json").toFile(), json);
  }

  /** {@code shared_identifiers.csv}: identifiers on many customers' records that belong to none. */
  void sharedIdentifiers(long guestSales, int guestEmails) throws IOException {
    Files.writeString(
        folder.resolve("shared_identifiers.csv"),
        "identifier_type,identifier_value,records,distinct_emails\n"
            + "loyalty_id," + Fixtures.GUEST_CARD + "," + guestSales + "," + guestEmails + "\n",
        StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    try (identifiers; journeys) {
      // both closed, the second even if the first fails
    }
  }
}
