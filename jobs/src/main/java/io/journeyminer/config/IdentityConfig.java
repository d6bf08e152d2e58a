package io.journeyminer.config;

import java.util.Map;
import java.util.Set;

/**
 * Identity stitching settings (SPEC 3.1).
 *
 * @param maxDegree an identifier seen together with more distinct other identifiers than this is
 *     too common to be personal and links nobody
 * @param blocklist identifier values, by type, that never link customers (raw values; PII types
 *     are hashed before comparison)
 */
public record IdentityConfig(int maxDegree, Map<String, Set<String>> blocklist) {

  public static final int DEFAULT_MAX_DEGREE = 50;

  public IdentityConfig {
    if (maxDegree < 1) {
      throw new ConfigException("identity.max_degree must be at least 1, got " + maxDegree);
    }
    blocklist = Map.copyOf(blocklist);
  }
}
