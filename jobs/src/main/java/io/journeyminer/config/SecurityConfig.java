package io.journeyminer.config;

import java.util.Optional;
import java.util.Set;

/**
 * How personal identifiers are protected.
 *
 * @param insecureDevelopmentSalt a salt written in the config itself; only for samples and demos,
 *     the real salt comes from {@code JOURNEY_MINER_SALT}
 * @param piiIdentifiers identifier types that are normalised and hashed (default email, phone)
 * @param defaultPhoneRegion ISO 3166 region (upper case) of phone numbers written without a
 *     country code; without it only numbers with one become E.164
 */
public record SecurityConfig(Optional<String> insecureDevelopmentSalt, Set<String> piiIdentifiers, Optional<String> defaultPhoneRegion) {

  /** The warning {@code validate} and a run print when phones are read without a region. */
  public static final String NO_PHONE_REGION_WARNING =
      "warning: security.default_phone_region is not set: phone numbers written without a country code"
          + " cannot be made E.164, are kept as their digits and counted as sources[].phone_unparseable;"
          + " set it to the ISO 3166 region of your customers' numbers (e.g. US, DE)";

  public static final String SALT_ENVIRONMENT_VARIABLE = "JOURNEY_MINER_SALT";

  public SecurityConfig {
    piiIdentifiers = Set.copyOf(piiIdentifiers);
  }

  public SecurityConfig(Optional<String> insecureDevelopmentSalt, Set<String> piiIdentifiers) {
    this(insecureDevelopmentSalt, piiIdentifiers, Optional.empty());
  }

  /** How this deployment normalises identifier values (its phone region). */
  public io.journeyminer.ingest.IdentifierNormalizer identifierNormalizer() {
    return new io.journeyminer.ingest.IdentifierNormalizer(defaultPhoneRegion);
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
