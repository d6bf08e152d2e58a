package io.journeyminer.config;

import java.time.Duration;

/**
 * Where journeys are cut (SPEC 3.2).
 *
 * @param inactivityTimeout a gap longer than this closes a journey as abandoned (default 30 days)
 * @param splitAfterConversion whether the event after a conversion starts a new journey
 * @param futureTolerance records later than {@code as_of} plus this are rejected as
 *     {@code future_timestamp}
 * @param maxEventsPerCustomer a customer with more events than this (a bot, a shop's shared
 *     device) is left out of journeys, so one runaway journey cannot dominate a run; the events
 *     stay in {@code events} and the manifest counts the customers and events left out
 */
public record JourneyRules(
    Duration inactivityTimeout, boolean splitAfterConversion, Duration futureTolerance, int maxEventsPerCustomer) {

  public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofDays(30);
  public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofDays(1);
  public static final int DEFAULT_MAX_EVENTS_PER_CUSTOMER = 10_000;

  public JourneyRules(Duration inactivityTimeout, boolean splitAfterConversion, Duration futureTolerance) {
    this(inactivityTimeout, splitAfterConversion, futureTolerance, DEFAULT_MAX_EVENTS_PER_CUSTOMER);
  }
}
