package io.journeyminer.config;

import java.time.Duration;

/**
 * Where journeys are cut (SPEC 3.2).
 *
 * @param inactivityTimeout a gap longer than this closes a journey as abandoned (default 30 days)
 * @param splitAfterConversion whether the event after a conversion starts a new journey
 * @param futureTolerance records later than {@code as_of} plus this are rejected as
 *     {@code future_timestamp}
 */
public record JourneyRules(
    Duration inactivityTimeout, boolean splitAfterConversion, Duration futureTolerance) {

  public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofDays(30);
  public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofDays(1);
}
