package io.journeyminer.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Ways exports break a record so that no reader can take it for a good one. */
final class Malformed {

  private Malformed() {}

  /**
   * A CSV row with the wrong number of fields: cut short (an export that died mid-row) or with a
   * trailing delimiter. Quoting stays balanced, so the following rows still parse.
   */
  static String csv(List<String> fields, char delimiter, SplittableRandom random) {
    if (random.nextBoolean()) {
      List<String> cut = new ArrayList<>(fields.subList(0, 2 + random.nextInt(fields.size() - 3)));
      return Csv.line(cut, delimiter);
    }
    return Csv.line(fields, delimiter) + delimiter;
  }

  /** A line cut somewhere in its middle: an unterminated JSON object or log line. */
  static String truncated(String line, int from, SplittableRandom random) {
    int start = Math.min(from, line.length() - 2);
    int end = line.length() - 1;
    return line.substring(0, start + random.nextInt(Math.max(1, end - start)));
  }
}
