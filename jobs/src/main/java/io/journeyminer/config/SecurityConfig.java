package io.journeyminer.config;

import java.util.Optional;
import java.util.Set;

/**
 * How personal identifiers are protected.
 *
 * @param insecureDevelopmentSalt a salt written in the config itself; only for samples and demos,
 *     the real salt comes from {@code JOURNEY_MINER_SALT}
 * @param piiIdentifiers identifier types that are normalised and hashed (default email, phone)
 */
public record SecurityConfig(Optional<String> insecureDevelopmentSalt, Set<String> piiIdentifiers) {

  public static final String SALT_ENVIRONMENT_VARIABLE = "JOURNEY_MINER_SALT";

  public SecurityConfig {
    piiIdentifiers = Set.copyOf(piiIdentifiers);
  }

  /**
   * The salt for this run: the environment variable wins; the config's development salt is used
   * only when the environment has none.
   */
  public String resolveSalt(java.util.Map<String, String> environment) {
    String fromEnvironment = environment.get(SALT_ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    return insecureDevelopmentSalt.orElseThrow(
        () ->
            new ConfigException(
                "No hashing salt: set the environment variable "
                    + SALT_ENVIRONMENT_VARIABLE
                    + " (or, for demos only, security.insecure_development_salt in the config)"));
  }
}
