package io.journeyminer.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One deployment of journey-miner, parsed once from YAML (SPEC 2.3). Every layer below the CLI
 * receives these typed values, never raw maps.
 *
 * @param name a label for the deployment, shown in the manifest and report
 * @param configFile where the config was read from (for messages)
 * @param warehouse root of the output tables, resolved against the config file's folder
 * @param asOf the default {@code as_of} of a run when the command line gives none
 * @param security salt and PII settings
 * @param conformance the intended-journey model and the alignment budget
 * @param ingest limits on the records every source may hold
 * @param retention how long committed runs stay readable before {@code expire} removes their
 *     manifests and the files only they read (default 30 days)
 */
public record PipelineConfig(
    String name,
    String configFile,
    URI warehouse,
    Optional<AsOf> asOf,
    SecurityConfig security,
    IdentityConfig identity,
    JourneyRules journeys,
    AnalysisConfig analysis,
    JourneyMap journeyMap,
    ConformanceConfig conformance,
    List<SourceConfig> sources,
    IngestConfig ingest,
    Duration retention) {

  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  public PipelineConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(warehouse, "warehouse");
    asOf = Objects.requireNonNullElse(asOf, Optional.empty());
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(journeys, "journeys");
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(journeyMap, "journeyMap");
    Objects.requireNonNull(conformance, "conformance");
    sources = List.copyOf(sources);
    ingest = Objects.requireNonNullElse(ingest, IngestConfig.DEFAULTS);
    Objects.requireNonNull(retention, "retention");
  }

  /** The same deployment publishing into another warehouse. */
  public PipelineConfig withWarehouse(URI otherWarehouse) {
    return new PipelineConfig(name, configFile, otherWarehouse, asOf, security, identity, journeys, analysis, journeyMap, conformance, sources, ingest, retention);
  }

  /** The same deployment with every source's {@code max_reject_share} set to {@code share}. */
  public PipelineConfig withMaxRejectShare(double share) {
    List<SourceConfig> changed = sources.stream().map(source -> source.withMaxRejectShare(share)).toList();
    return new PipelineConfig(name, configFile, warehouse, asOf, security, identity, journeys, analysis, journeyMap, conformance, changed, ingest, retention);
  }

  /** Position of a source in the config: the first tie-break after {@code occurred_at}. */
  public int sourceOrder(String sourceName) {
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).name().equals(sourceName)) {
        return i;
      }
    }
    throw new IllegalArgumentException("Unknown source: " + sourceName);
  }
}
