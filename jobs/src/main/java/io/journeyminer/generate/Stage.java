package io.journeyminer.generate;

import java.util.Locale;

/** The five stages of the shipped journey map, in map order. */
enum Stage {
  AWARENESS,
  CONSIDERATION,
  INTENT,
  PURCHASE,
  RETENTION;

  String stageName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
