package io.journeyminer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TestConfigLoader {

  private static final Path BASE = Path.of("/configs");

  static final String VALID =
      """
      name: retail
      warehouse: out/warehouse
      as_of: 2026-03-01
      security: {insecure_development_salt: dev-salt}
      identity: {max_degree: 20, blocklist: {loyalty_id: [GUEST]}}
      journeys: {inactivity_timeout: 14d, split_after_conversion: false, future_tolerance: 2h}
      analysis: {min_journeys: 10, time_decay_half_life: 3d, segment_attributes: [country]}
      journey_map:
        stages:
          - {name: awareness, touchpoints: [ad_click]}
          - {name: purchase, touchpoints: [web_purchase]}
        conversions: [web_purchase]
      sources:
        - name: web
          format: json
          path: web/*.ndjson
          key: [messageId]
          timestamp: {column: timestamp}
          identifiers: {cookie: anonymousId, email: "context.traits.email"}
          touchpoint:
            rules:
              - {column: event, equals: "Order Completed", touchpoint: web_purchase}
              - {column: "context.page.path", matches: "^/ads/", touchpoint: ad_click}
          channel: {value: web}
      """;

  @Test
  void parsesEveryKeyIntoTypedValues() {
    PipelineConfig config = ConfigLoader.parse("pipeline.yaml", BASE, VALID);

    assertThat(config.warehouse().getPath()).isEqualTo("/configs/out/warehouse/");
    assertThat(config.asOf()).get().extracting(AsOf::runDate).isEqualTo(LocalDate.parse("2026-03-01"));
    assertThat(config.asOf().get().instant()).hasToString("2026-03-02T00:00:00Z");
    assertThat(config.identity().maxDegree()).isEqualTo(20);
    assertThat(config.identity().blocklist()).containsEntry("loyalty_id", java.util.Set.of("GUEST"));
    assertThat(config.journeys().inactivityTimeout()).isEqualTo(Duration.ofDays(14));
    assertThat(config.journeys().splitAfterConversion()).isFalse();
    assertThat(config.journeys().futureTolerance()).isEqualTo(Duration.ofHours(2));
    assertThat(config.analysis().minJourneys()).isEqualTo(10);
    assertThat(config.analysis().timeDecayHalfLife()).isEqualTo(Duration.ofDays(3));
    assertThat(config.journeyMap().stageOfTouchpoint()).containsEntry("ad_click", "awareness");
    SourceConfig web = config.sources().get(0);
    assertThat(web.format()).isEqualTo(SourceFormat.JSON);
    assertThat(web.identifiers()).containsOnlyKeys("cookie", "email");
    assertThat(web.touchpoint()).isInstanceOf(SourceConfig.TouchpointMapping.Rules.class);
    assertThat(((SourceConfig.TouchpointMapping.Rules) web.touchpoint()).rules()).hasSize(2);
    assertThat(web.channel()).contains(new SourceConfig.ValueSpec.Constant("web"));
    assertThat(web.maxRejectShare()).isEqualTo(SourceConfig.DEFAULT_MAX_REJECT_SHARE);
  }

  @Test
  void reportsEveryProblemWithFileKeyPathAndExpectation() {
    String broken =
        VALID
            .replace("max_degree: 20", "max_degree: many")
            .replace("format: json", "format: xml")
            .replace("inactivity_timeout: 14d", "inactivity_timeout: soon")
            .replace("name: retail", "name: retail\ncolour: blue")
            .replace("matches: \"^/ads/\"", "matches: \"([\"")
            .replace("conversions: [web_purchase]", "conversions: [store_purchase]");

    assertThatThrownBy(() -> ConfigLoader.parse("pipeline.yaml", BASE, broken))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e -> {
              ConfigException error = (ConfigException) e;
              assertThat(error.problems()).hasSize(6);
              assertThat(error.getMessage()).startsWith("6 problems in pipeline.yaml");
              assertThat(error.problems())
                  .anySatisfy(p -> assertThat(p).startsWith("identity.max_degree: expected a whole number, found \"many\""))
                  .anySatisfy(p -> assertThat(p).startsWith("sources[0].format: expected one of csv, json, parquet, clf, xes"))
                  .anySatisfy(p -> assertThat(p).startsWith("journeys.inactivity_timeout: expected a duration"))
                  .anySatisfy(p -> assertThat(p).startsWith("colour: expected one of the known keys"))
                  .anySatisfy(p -> assertThat(p).startsWith("sources[0].touchpoint.rules[1].matches: expected a valid regular expression"))
                  .anySatisfy(p -> assertThat(p).contains("journey_map.conversions: expected touchpoints listed in a stage"));
            });
  }

  @Test
  void stageOptionsParseAndAreChecked() {
    String withOptions =
        VALID.replace(
            "- {name: awareness, touchpoints: [ad_click]}",
            "- {name: awareness, touchpoints: [ad_click], optional: true, exclude: [web_purchase], within: 7d}\n"
                + "    - {name: retention, touchpoints: [support_chat], after_conversion: true}");
    JourneyMap map = ConfigLoader.parse("pipeline.yaml", BASE, withOptions).journeyMap();

    JourneyMap.Stage awareness = map.stages().get(0);
    assertThat(awareness.optional()).isTrue();
    assertThat(awareness.exclude()).containsExactly("web_purchase");
    assertThat(awareness.within()).contains(Duration.ofDays(7));
    assertThat(map.stages().get(1).afterConversion()).isTrue();
    assertThat(map.stages().get(2).optional()).isFalse();
    assertThat(map.stages().get(2).within()).isEmpty();

    String broken =
        withOptions.replace("within: 7d", "within: 0d").replace("exclude: [web_purchase]", "exclude: [ad_click]")
            .replace("- {name: purchase, touchpoints: [web_purchase]}", "- {name: purchase, touchpoints: [web_purchase], after_conversion: true}");
    assertThatThrownBy(() -> ConfigLoader.parse("pipeline.yaml", BASE, broken))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("journey_map.stages[0].within")
        .hasMessageContaining("journey_map.stages[0].exclude")
        .hasMessageContaining("journey_map.stages[2].after_conversion");
  }

  @Test
  void conformanceDefaultsToTheJourneyMapAndResolvesAModelPath() {
    PipelineConfig defaults = ConfigLoader.parse("pipeline.yaml", BASE, VALID);
    assertThat(defaults.conformance().enabled()).isTrue();
    assertThat(defaults.conformance().model()).isEmpty();
    assertThat(defaults.conformance().maxExpandedStates()).isEqualTo(1_000_000L);

    PipelineConfig configured =
        ConfigLoader.parse("pipeline.yaml", BASE, VALID.replace("sources:", "conformance: {model: models/intended.bpmn, max_expanded_states: 5000, enabled: false}\nsources:"));
    assertThat(configured.conformance().model()).contains(Path.of("/configs/models/intended.bpmn").toString());
    assertThat(configured.conformance().maxExpandedStates()).isEqualTo(5_000L);
    assertThat(configured.conformance().enabled()).isFalse();

    assertThatThrownBy(() -> ConfigLoader.parse("pipeline.yaml", BASE, VALID.replace("sources:", "conformance: {model: intended.vsdx, max_expanded_states: 0}\nsources:")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("conformance.model: expected a .bpmn or .pnml file, found \"intended.vsdx\"")
        .hasMessageContaining("conformance.max_expanded_states: expected a whole number of at least 1, found 0");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    String noSources = VALID.substring(0, VALID.indexOf("sources:"));

    assertThatThrownBy(() -> ConfigLoader.parse("p.yaml", BASE, noSources))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources: expected a non-empty list of sources, found nothing (the key is missing)");
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertThatThrownBy(() -> ConfigLoader.parse("p.yaml", BASE, "name: [unclosed\nsources: 1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("p.yaml")
        .hasMessageContaining("line");
  }

  @Test
  void saltComesFromTheEnvironmentBeforeTheConfig() {
    SecurityConfig security = new SecurityConfig(java.util.Optional.of("dev"), java.util.Set.of("email"));
    assertThat(security.resolveSalt(java.util.Map.of("JOURNEY_MINER_SALT", "secret"))).isEqualTo("secret");
    assertThat(security.resolveSalt(java.util.Map.of())).isEqualTo("dev");
    SecurityConfig none = new SecurityConfig(java.util.Optional.empty(), java.util.Set.of("email"));
    assertThatThrownBy(() -> none.resolveSalt(java.util.Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JOURNEY_MINER_SALT");
  }

  @Test
  void phoneRegionIsCheckedAndItsAbsenceWarnedAboutOnlyWhenPhonesAreRead() {
    String withPhones = VALID.replace("email: \"context.traits.email\"}", "email: \"context.traits.email\", phone: phone}");
    assertThat(ConfigLoader.parse("p.yaml", BASE, withPhones).phoneRegionWarning())
        .hasValueSatisfying(warning -> assertThat(warning).contains("security.default_phone_region").contains("phone_unparseable"));
    assertThat(ConfigLoader.parse("p.yaml", BASE, VALID).phoneRegionWarning()).isEmpty();
    PipelineConfig german =
        ConfigLoader.parse("p.yaml", BASE, withPhones.replace("{insecure_development_salt: dev-salt}", "{insecure_development_salt: dev-salt, default_phone_region: de}"));
    assertThat(german.security().defaultPhoneRegion()).contains("DE");
    assertThat(german.phoneRegionWarning()).isEmpty();
    assertThatThrownBy(
            () -> ConfigLoader.parse("p.yaml", BASE, VALID.replace("{insecure_development_salt: dev-salt}", "{insecure_development_salt: dev-salt, default_phone_region: Germany}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.default_phone_region: expected an ISO 3166 region code")
        .hasMessageContaining("\"GERMANY\"");
  }

  @Test
  void sourceFilterIsKeptAndMayNotBeEmpty() {
    String filtered = VALID.replace("    key: [messageId]", "    filter: \"event <> 'Bot Hit'\"\n    key: [messageId]");
    SourceConfig web = ConfigLoader.parse("p.yaml", BASE, filtered).sources().get(0);
    assertThat(web.filter()).contains("event <> 'Bot Hit'");
    assertThat(web.expressions()).containsEntry("filter", "event <> 'Bot Hit'");
    assertThatThrownBy(() -> ConfigLoader.parse("p.yaml", BASE, VALID.replace("    key: [messageId]", "    filter: \"\"\n    key: [messageId]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources[0].filter: expected a Spark SQL predicate");
  }
}
