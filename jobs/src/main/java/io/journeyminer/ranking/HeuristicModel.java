package io.journeyminer.ranking;

import java.util.Locale;

/** The rule-based attribution models of SPEC 5.1, credited per converted journey. */
public enum HeuristicModel {
  FIRST_TOUCH,
  LAST_TOUCH,
  LINEAR,
  /** 40% first, 40% last, 20% over the middle touches. */
  POSITION_BASED,
  /** Weight 2^(-age / half-life), age measured to the conversion. */
  TIME_DECAY;

  /** The model's name in column names, e.g. {@code position_based}. */
  public String columnName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
