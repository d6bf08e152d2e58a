package io.journeyminer.survival;

/**
 * What happened at one distinct time of a group: how many converted then ({@code events}) and how
 * many were last seen then without converting ({@code censored}). Curves are computed from these
 * aggregates, never from one row per journey.
 */
public record TimeCount(double time, long events, long censored) {

  public TimeCount {
    if (Double.isNaN(time) || time < 0) {
      throw new IllegalArgumentException(
          String.format("Cannot use time %s: times to convert are non-negative numbers", time));
    }
    if (events < 0 || censored < 0) {
      throw new IllegalArgumentException(
          String.format("Cannot use %d events and %d censored at time %s: counts must not be negative", events, censored, time));
    }
  }
}
