package org.spatialssrl.cli.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.eval.backend.StubChatServer;

/**
 * {@code kill -9} in the middle of {@code ssrl eval}, then a rerun: every item is answered
 * exactly once in the cache and the reports equal those of an uninterrupted run.
 */
class KillAndResumeTest {
  @TempDir Path tmp;

  @Test
  void aKilledRunResumesToTheSameReport() throws Exception {
    Path input = EvalCommandsTest.spatialEval(tmp.resolve("bench"), 120);
    try (StubChatServer stub = new StubChatServer(8, 40, req -> {
      String text = req.path("messages").get(0).path("content").get(1).path("text").asText();
      int n = Integer.parseInt(text.replaceAll("(?s).*thing (\\d+).*", "$1"));
      return StubChatServer.Reply.of("<think>hmm</think>\\boxed{" + (n % 5 == 0 ? "B" : "A") + "}");
    })) {
      List<String> args = List.of("eval", "--benchmark", "spatialeval", "--input", input.toString(), "--endpoint",
          stub.url(), "--model", "stub", "--concurrency", "4", "--quiet");
      Path killed = tmp.resolve("killed");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
          "org.spatialssrl.cli.Ssrl"));
      cmd.addAll(args);
      cmd.addAll(List.of("--output", killed.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
      Path cache = killed.resolve("spatialeval/predictions.jsonl");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && p.isAlive() && lines(cache) < 30) {
        Thread.sleep(5);
      }
      assertTrue(p.isAlive(), "the child finished before it could be killed: " + Files.readString(tmp.resolve("child.log")));
      p.destroyForcibly(); // SIGKILL
      p.waitFor(10, TimeUnit.SECONDS);
      int before = lines(cache);
      assertTrue(before >= 30 && before < 120, "killed after " + before + " lines");

      List<String> rerun = new ArrayList<>(args);
      rerun.addAll(List.of("--output", killed.toString()));
      assertEquals(0, EvalCommandsTest.run(rerun.toArray(String[]::new)).code());
      List<String> whole = new ArrayList<>(args);
      whole.addAll(List.of("--output", tmp.resolve("whole").toString()));
      assertEquals(0, EvalCommandsTest.run(whole.toArray(String[]::new)).code());

      Map<String, Integer> answered = new HashMap<>();
      ObjectMapper json = new ObjectMapper();
      for (String line : Files.readAllLines(cache)) {
        JsonNode n = json.readTree(line);
        assertTrue(n.path("error").isNull(), line);
        answered.merge(n.path("item_id").asText(), 1, Integer::sum);
      }
      assertEquals(120, answered.size());
      assertTrue(answered.values().stream().allMatch(c -> c == 1), "every item answered exactly once");
      for (String f : new String[] {"report.json", "report.md", "spatialeval/scores.jsonl", "spatialeval/summary.json"}) {
        assertEquals(Files.readString(tmp.resolve("whole").resolve(f)), Files.readString(killed.resolve(f)), f);
      }
    }
  }

  private static int lines(Path f) throws Exception {
    if (!Files.exists(f)) {
      return 0;
    }
    byte[] b = Files.readAllBytes(f);
    int n = 0;
    for (byte x : b) {
      n += x == '\n' ? 1 : 0;
    }
    return n;
  }
}
