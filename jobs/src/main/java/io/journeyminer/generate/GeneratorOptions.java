package io.journeyminer.generate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to generate.
 *
 * @param customers number of true customers drawn (some leave no record)
 * @param days length of the window that ends at {@code asOf}
 * @param seed the same seed gives byte-identical output
 * @param output folder the exports and {@code ground_truth/} are written under
 * @param asOf end of the window; no good record is at or after it
 * @param inactivityTimeout the journey rule the ground truth's outcomes follow (SPEC 3.2)
 */
public record GeneratorOptions(
    int customers, int days, long seed, Path output, Instant asOf, Duration inactivityTimeout) {

  public static final Instant DEFAULT_AS_OF = Instant.parse("2026-03-01T00:00:00Z");
  public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofDays(30);

  public GeneratorOptions {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(inactivityTimeout, "inactivityTimeout");
    if (customers < 1) {
      throw new IllegalArgumentException("Cannot generate " + customers + " customers, the number must be positive.");
    }
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("Cannot generate " + days + " days, the number must be between 1 and 3660.");
    }
    if (inactivityTimeout.isZero() || inactivityTimeout.isNegative()) {
      throw new IllegalArgumentException("Cannot use inactivity timeout " + inactivityTimeout + ", it must be positive.");
    }
  }

  /** Options with the default {@code as_of} (2026-03-01) and the default 30-day inactivity timeout. */
  public static GeneratorOptions of(int customers, int days, long seed, Path output) {
    return new GeneratorOptions(customers, days, seed, output, DEFAULT_AS_OF, DEFAULT_INACTIVITY_TIMEOUT);
  }

  public GeneratorOptions withAsOf(Instant newAsOf) {
    return new GeneratorOptions(customers, days, seed, output, newAsOf, inactivityTimeout);
  }

  public Instant windowStart() {
    return asOf.minus(Duration.ofDays(days));
  }
}
