package org.spatialssrl.cli.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.reward.RewardScore;
import org.spatialssrl.reward.SpatialReward;
import picocli.CommandLine;

/** The 430 released-function vectors through every front end: command, both endpoints, baseline. */
class RewardVectorsEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static RewardServer server;
  private static HttpTestClient client;

  @BeforeAll
  static void start() throws Exception {
    server = RewardServer.start(new RewardService(SpatialReward.released(), null), "127.0.0.1", 0, 4, 1 << 20);
    client = new HttpTestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void rewardCommandAgreesOnEveryCase(@TempDir Path tmp) throws Exception {
    List<JsonNode> cases = SharedVectors.cases();
    Path out = tmp.resolve("scores.jsonl");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    CommandLine cl = Ssrl.commandLine();
    cl.setOut(new PrintWriter(stdout));
    cl.setErr(new PrintWriter(stderr));
    int code = cl.execute("reward", "--responses", SharedVectors.file().toString(), "--output", out.toString());
    assertEquals(0, code, stderr.toString());
    List<String> lines = Files.readAllLines(out);
    assertEquals(cases.size(), lines.size());
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode got = JSON.readTree(lines.get(i));
      JsonNode want = cases.get(i);
      if (!got.get("id").equals(want.get("id")) || !score(want).equals(score(got))) {
        wrong.add("line " + (i + 1) + ": expected " + want + ", got " + got);
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertTrue(stdout.toString().contains("all"), stdout.toString());
    assertTrue(stdout.toString().contains(String.valueOf(cases.size())), stdout.toString());
  }

  @Test
  void scoreEndpointAgreesOnEveryCase() throws Exception {
    List<JsonNode> cases = SharedVectors.cases();
    List<Map<String, String>> batch = new ArrayList<>();
    for (JsonNode c : cases) {
      batch.add(Map.of("response", c.get("response").textValue(), "ground_truth", c.get("ground_truth").textValue()));
    }
    HttpTestClient.Reply reply = client.post("/score", batch);
    assertEquals(200, reply.status(), String.valueOf(reply.body()));
    assertEquals(cases.size(), reply.body().size());
    for (int i = 0; i < cases.size(); i++) {
      assertEquals(score(cases.get(i)), score(reply.body().get(i)), "case " + cases.get(i).get("id"));
    }
  }

  @Test
  void getRewardEndpointAgreesOnEveryCaseWithPromptsAndWithTheChatTemplate() throws Exception {
    List<JsonNode> cases = SharedVectors.cases();
    List<String> queries = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (JsonNode c : cases) {
      String prompt = "<|im_start|>user\nQuestion " + c.get("id") + "<|im_end|>\n<|im_start|>assistant\n";
      queries.add(prompt + c.get("response").textValue());
      prompts.add(prompt);
      labels.add(c.get("ground_truth").textValue());
    }
    Map<String, Object> withPrompts = new LinkedHashMap<>();
    withPrompts.put("query", queries);
    withPrompts.put("prompts", prompts);
    withPrompts.put("labels", labels);
    Map<String, Object> withoutPrompts = Map.of("query", queries, "labels", labels);
    for (Map<String, Object> request : List.of(withPrompts, withoutPrompts)) {
      HttpTestClient.Reply reply = client.post("/get_reward", request);
      assertEquals(200, reply.status(), String.valueOf(reply.body()));
      JsonNode rewards = reply.body().get("rewards");
      assertEquals(cases.size(), rewards.size());
      for (int i = 0; i < cases.size(); i++) {
        JsonNode c = cases.get(i);
        assertEquals(c.get("overall").asDouble(), rewards.get(i).asDouble(), "case " + c.get("id"));
        assertEquals(c.get("accuracy").asDouble(), reply.body().get("scores").get(i).asDouble());
        assertEquals(c.get("format").asDouble(), reply.body().get("extra_logs").get("format").get(i).asDouble());
      }
    }
  }

  @Test
  void regexBaselineAgreesOnEveryCase() throws Exception {
    for (JsonNode c : SharedVectors.cases()) {
      RewardScore got = RegexBaselineReward.score(c.get("response").textValue(), c.get("ground_truth").textValue());
      assertEquals(score(c), got, "case " + c.get("id"));
    }
  }

  private static RewardScore score(JsonNode n) {
    return new RewardScore(n.get("overall").asDouble(), n.get("format").asDouble(), n.get("accuracy").asDouble());
  }
}
