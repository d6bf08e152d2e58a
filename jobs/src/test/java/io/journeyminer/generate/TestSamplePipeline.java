package io.journeyminer.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeyminer.TestFiles;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.JourneyMap;
import io.journeyminer.config.PipelineConfig;
import io.journeyminer.config.SourceConfig;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed samples: their config loads, and their files hold exactly what the README says. */
class TestSamplePipeline {

  private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");
  private final Path samples = TestFiles.project().resolve("data-samples");

  @Test
  void configLoadsWithFiveStagesSixSourcesAndTwoConversions() {
    PipelineConfig config = ConfigLoader.load(samples.resolve("pipeline.yaml"));

    assertThat(config.journeyMap().stages())
        .extracting(JourneyMap.Stage::name)
        .containsExactly("awareness", "consideration", "intent", "purchase", "retention");
    assertThat(config.sources())
        .extracting(SourceConfig::name)
        .containsExactly(
            "crm_contacts", "crm_activities", "crm_opportunities", "web_events", "api_access_log", "pos_transactions");
    assertThat(config.journeyMap().conversions()).containsExactlyInAnyOrder("web_purchase", "store_purchase");
    assertThat(config.journeyMap().stageOf("store_purchase")).contains("purchase");
    assertThat(config.identity().blocklist()).containsEntry("loyalty_id", java.util.Set.of("GUEST-0000"));
    assertThat(config.identity().maxDegree()).isEqualTo(50);
    assertThat(config.analysis().segmentAttributes()).containsExactly("country");
    assertThat(config.security().insecureDevelopmentSalt()).isPresent();
    assertThat(config.asOf().map(io.journeyminer.config.AsOf::instant)).contains(AS_OF);
    // The warehouse is a directory URI ending in "/" whether or not it exists yet.
    assertThat(config.warehouse().toString())
        .isEqualTo(TestFiles.project().resolve("warehouse").toUri().toString().replaceFirst("/*$", "/"));
  }

  @Test
  void journeyMapListsExactlyTheTouchpointsTheGeneratorEmits() {
    JourneyMap map = ConfigLoader.load(samples.resolve("pipeline.yaml")).journeyMap();
    Map<String, String> expected = new HashMap<>();
    for (Touchpoint touchpoint : Touchpoint.values()) {
      expected.put(touchpoint.touchpointName(), touchpoint.stage().stageName());
    }
    assertThat(map.stageOfTouchpoint()).isEqualTo(expected);
  }

  @Test
  void everySourcePathMatchesItsFiles() throws IOException {
    PipelineConfig config = ConfigLoader.load(samples.resolve("pipeline.yaml"));
    Map<String, Long> filesPerSource = new HashMap<>();
    for (SourceConfig source : config.sources()) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source.path());
      try (Stream<Path> files = Files.walk(samples)) {
        filesPerSource.put(
            source.name(), files.filter(Files::isRegularFile).map(samples::relativize).filter(matcher::matches).count());
      }
    }
    assertThat(filesPerSource)
        .containsEntry("web_events", 60L)
        .containsEntry("crm_contacts", 1L)
        .containsEntry("crm_activities", 1L)
        .containsEntry("crm_opportunities", 1L)
        .containsEntry("api_access_log", 1L)
        .containsEntry("pos_transactions", 1L);
  }

  @Test
  void committedDefectCountsEqualAScanOfTheFiles() throws IOException {
    ExportScan scan = ExportScan.scan(samples, AS_OF);
    JsonNode defects = GroundTruthFiles.defects(samples);
    assertThat(scan.ambiguous).isEmpty();
    assertThat(scan.inexactDuplicates).isEmpty();
    for (Source source : Source.values()) {
      JsonNode written = defects.get(source.sourceName());
      for (String what : List.of("read", "accepted")) {
        assertThat(scan.count(source.sourceName(), what)).as(source.sourceName() + " " + what).isEqualTo(written.get(what).asLong());
      }
      for (Defect defect : Defect.values()) {
        assertThat(scan.count(source.sourceName(), defect.reason()))
            .as(source.sourceName() + " " + defect.reason())
            .isEqualTo(written.get(defect.reason()).asLong());
      }
    }
    assertThat(GroundTruthFiles.identifiers(samples).keySet()).isEqualTo(scan.identifierKeys());
  }

  @Test
  void readmeDefectTableEqualsDefectsJson() throws IOException {
    JsonNode defects = GroundTruthFiles.defects(samples);
    List<String> columns = List.of(
        "read", "accepted", "malformed_record", "bad_timestamp", "missing_identifier", "unmapped_touchpoint",
        "future_timestamp", "duplicates");
    Map<String, List<Long>> table = new HashMap<>();
    for (String line : Files.readAllLines(samples.resolve("README.md"))) {
      String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
      if (cells.length == columns.size() + 2 && defects.has(cells[1].replace("`", ""))) {
        table.put(cells[1].replace("`", ""), Arrays.stream(cells, 2, cells.length).map(Long::parseLong).toList());
      }
    }
    assertThat(table).hasSize(6);
    table.forEach(
        (source, counts) -> {
          for (int i = 0; i < columns.size(); i++) {
            assertThat(counts.get(i)).as(source + " " + columns.get(i)).isEqualTo(defects.get(source).get(columns.get(i)).asLong());
          }
        });
  }

  @Test
  void guestCardLinksMoreEmailsThanMaxDegreeAllows() throws IOException {
    PipelineConfig config = ConfigLoader.load(samples.resolve("pipeline.yaml"));
    List<String> guest = GroundTruthFiles.rows(samples.resolve("ground_truth/shared_identifiers.csv")).get(0);
    assertThat(guest.get(1)).isEqualTo("GUEST-0000");
    // Without the blocklist, max_degree alone would still stop the guest card from linking anyone.
    assertThat(Long.parseLong(guest.get(3))).isGreaterThan(config.identity().maxDegree());
  }
}
