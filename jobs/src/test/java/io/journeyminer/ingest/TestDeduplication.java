package io.journeyminer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyminer.SparkTestBase;
import io.journeyminer.config.ConfigLoader;
import io.journeyminer.config.PipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record exported again on a later day is counted once; its first copy is the one kept. */
class TestDeduplication extends SparkTestBase {

  @TempDir Path work;

  @Test
  void reExportedRecordsAreDuplicatesAcrossFiles() throws IOException {
    Path day1 = Files.createDirectories(work.resolve("exports/export_date=2026-02-01"));
    Path day2 = Files.createDirectories(work.resolve("exports/export_date=2026-02-02"));
    Files.writeString(day1.resolve("activities.csv"), "id,ts,contact,kind\n1,2026-02-01T09:00:00Z,c1,ad_click\n2,2026-02-01T10:00:00Z,c1,purchase\n");
    // The second day's export repeats record 2 (with a changed column order) and adds record 3 twice.
    Files.writeString(
        day2.resolve("activities.csv"),
        "kind,id,ts,contact\r\npurchase,2,2026-02-01T10:00:00Z,c1\r\nad_click,3,2026-02-02T08:00:00Z,c2\r\nad_click,3,2026-02-02T08:00:00Z,c2\r\n");
    String yaml =
        """
        warehouse: w
        journey_map:
          stages: [{name: awareness, touchpoints: [ad_click]}, {name: purchase, touchpoints: [purchase]}]
          conversions: [purchase]
        sources:
          - {name: crm, format: csv, path: "exports/*/activities.csv", key: [id], timestamp: {column: ts},
             identifiers: {crm_id: contact}, touchpoint: {column: kind}}
        """;
    // Source paths resolve against the config file's folder.
    PipelineConfig config = ConfigLoader.parse(work.resolve("p.yaml").toString(), work, yaml);
    Dataset<Row> classified = new IngestStep(spark, config, "salt", Instant.parse("2026-03-01T00:00:00Z")).classifyAll();

    Map<String, IngestStep.SourceCounts> counts = IngestStep.countRecords(classified, List.of("crm"));
    Map<String, Long> duplicates = IngestStep.duplicates(classified);
    List<Row> events = IngestStep.events(classified).orderBy("record_number", "file").collectAsList();

    assertThat(config.sources()).hasSize(1);
    assertThat(counts.get("crm").read()).isEqualTo(5);
    assertThat(duplicates).containsEntry("crm", 2L);
    assertThat(events).hasSize(3);
    Row purchase = events.stream().filter(e -> e.<String>getAs("touchpoint").equals("purchase")).findFirst().orElseThrow();
    assertThat(purchase.<String>getAs("file")).contains("export_date=2026-02-01");
    assertThat(purchase.<Long>getAs("record_number")).isEqualTo(2L);
    classified.unpersist();
  }
}
