package org.spatialssrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.reward.SpatialReward;

/** {@code ssrl sft-data} through the command line: options, files, exit codes. */
class SftDataCommandTest {
  @TempDir Path tmp;

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void convertsAGeneratedDatasetWithCapsAndName() throws Exception {
    Path data = tmp.resolve("data");
    assertEquals(0, GenerateCommandTest.run("generate", "--output", data.toString(), "--scenes", "2",
        "--tasks", "shuffle,flip,position", "--count", "9", "--threads", "1", "--quiet"));
    Path out = tmp.resolve("sft");
    assertEquals(0, GenerateCommandTest.run("sft-data", data.toString(), "--output", out.toString(),
        "--per-task", "2,shuffle=3", "--limit", "6", "--name", "coldstart", "--seed", "5", "--quiet"));
    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(out.resolve("train.jsonl"));
    assertEquals(6, lines.size()); // shuffle 3 + flip 2 + position 2, limited to 6: 2 + 2 + 2
    for (String line : lines) {
      JsonNode row = json.readTree(line);
      String reply = row.get("messages").get(1).get("content").asText();
      assertEquals(1.0, SpatialReward.released().score(reply, row.get("answer").asText()).overall());
    }
    JsonNode info = json.readTree(out.resolve("dataset_info.json").toFile());
    assertEquals("coldstart.json", info.get("coldstart").get("file_name").asText());
    assertEquals(6, json.readTree(out.resolve("coldstart.json").toFile()).size());
    assertTrue(Files.readString(out.resolve("README.md")).contains("with seed 5"));

    String err = stderrOf(() -> assertEquals(Ssrl.EXIT_INPUT, GenerateCommandTest.run("sft-data",
        tmp.resolve("missing").toString(), "--output", tmp.resolve("x").toString(), "--quiet")));
    assertTrue(err.contains("missing") && err.contains("no such dataset folder"), err);
    assertFalse(Files.exists(tmp.resolve("x")));
    err = stderrOf(() -> assertEquals(2, GenerateCommandTest.run("sft-data", data.toString(),
        "--output", tmp.resolve("x").toString(), "--per-task", "many")));
    assertTrue(err.contains("many"), err);
  }
}
