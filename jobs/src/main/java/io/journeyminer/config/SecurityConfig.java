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
   * The salt for this run: the environment variable wins; the config's development salt (the
   * explicit opt-out for demos) is used only when the environment has none. A blank variable is an
   * error.
   */
  public String resolveSalt(java.util.Map<String, String> environment) {
    String fromEnvironment = environment.get(SALT_ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null && fromEnvironment.isBlank()) {
      // A blank salt would hash every identifier with a guessable key; never fall back silently.
      throw new ConfigException(
          "The environment variable " + SALT_ENVIRONMENT_VARIABLE + " is set but blank; set it to a secret or unset it");
    }
    if (fromEnvironment != null) {
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
