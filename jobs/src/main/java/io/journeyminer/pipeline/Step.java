package io.journeyminer.pipeline;

import java.util.Locale;

/** The steps of a run, in order; each is also a subcommand (SPEC 6). */
public enum Step {
  INGEST,
  STITCH,
  JOURNEYS,
  CONFORM,
  ANALYZE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
