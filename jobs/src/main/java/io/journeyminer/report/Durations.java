package io.journeyminer.report;

import java.util.Locale;

/** Seconds as a reader takes them in at a glance: 45 s, 12 min, 3.4 h, 2.1 d. */
final class Durations {

  private Durations() {}

  static String brief(double seconds) {
    if (seconds < 90) {
      return String.format(Locale.ROOT, "%.0f s", seconds);
    }
    if (seconds < 90 * 60) {
      return String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }
    if (seconds < 36 * 3600) {
      return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
    return String.format(Locale.ROOT, "%.1f d", seconds / 86400);
  }
}
