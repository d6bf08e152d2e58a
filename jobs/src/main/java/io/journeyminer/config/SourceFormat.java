package io.journeyminer.config;

import java.util.Locale;

/** Input formats of SPEC 2.1. */
public enum SourceFormat {
  CSV,
  JSON,
  PARQUET,
  CLF,
  XES;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
