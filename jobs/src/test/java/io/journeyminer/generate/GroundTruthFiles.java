package io.journeyminer.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code ground_truth/} back for tests. */
final class GroundTruthFiles {

  private GroundTruthFiles() {}

  static JsonNode defects(Path folder) throws IOException {
    return new ObjectMapper().readTree(folder.resolve("ground_truth/defects.json").toFile());
  }

  /** {@code type|raw value} to true customer. */
  static Map<String, String> identifiers(Path folder) throws IOException {
    Map<String, String> result = new HashMap<>();
    for (List<String> row : rows(folder.resolve("ground_truth/identifiers.csv"))) {
      String previous = result.put(row.get(0) + "|" + row.get(1), row.get(2));
      if (previous != null) {
        throw new IllegalStateException("Identifier listed twice: " + row);
      }
    }
    return result;
  }

  /** Rows without the header. */
  static List<List<String>> rows(Path csv) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    ExportScan.parseCsv(Files.readString(csv, StandardCharsets.UTF_8), ',', rows, new ArrayList<>());
    return rows.subList(1, rows.size());
  }
}
