package org.spatialssrl.cli.reward;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Locates and reads {@code ../shared/vectors/reward_cases.jsonl}; skips the test when absent. */
final class SharedVectors {

  private SharedVectors() {}

  /** Returns the vectors file, or skips the calling test with a message. */
  static Path file() {
    String fixtures = System.getProperty("ssrl.fixtures");
    assumeTrue(fixtures != null, "system property ssrl.fixtures is not set; run through Maven");
    Path file = Path.of(fixtures).resolve("../vectors/reward_cases.jsonl").normalize();
    assumeTrue(Files.isRegularFile(file), "reward vectors absent at " + file + "; skipping");
    return file;
  }

  /** Returns every case as parsed JSON, in file order. */
  static List<JsonNode> cases() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file())) {
      if (!line.isBlank()) {
        out.add(json.readTree(line));
      }
    }
    return out;
  }
}
