package org.spatialssrl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.model.generate.LogProbScorer;
import org.spatialssrl.model.qwen.QwenModel;

/** Reproduces the text-only case of the qwen-tiny-a fixture. */
class FixtureTextOnlyTest {
  private static QwenModel model;
  private static JsonNode textCase;

  @BeforeAll
  static void load() throws Exception {
    String root = System.getProperty("ssrl.fixtures");
    Path dir = root == null ? null : Path.of(root, "qwen-tiny-a");
    Assumptions.assumeTrue(
        dir != null && Files.isRegularFile(dir.resolve("cases.json")),
        "fixture qwen-tiny-a not found (system property ssrl.fixtures=" + root + "); skipping");
    for (JsonNode c : new ObjectMapper().readTree(dir.resolve("cases.json").toFile()).path("cases")) {
      if (c.path("name").asText().equals("text_only")) {
        textCase = c;
      }
    }
    model = QwenModel.builder().setModelDir(dir).build();
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  private static int[] ints(JsonNode arr) {
    int[] out = new int[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asInt();
    }
    return out;
  }

  private int[] promptIds() {
    List<ChatMessage> messages = ChatMessage.listFromJson(textCase.path("messages"));
    String prompt = model.chatPrompt(messages);
    assertEquals(textCase.path("prompt").asText(), prompt);
    return model.tokenizer().encode(prompt);
  }

  @Test
  void templateAndInputIdsMatch() {
    assertArrayEquals(ints(textCase.path("input_ids")), promptIds());
  }

  @Test
  void completionLogProbsMatch() {
    JsonNode completion = textCase.path("completion");
    int[] expectedIds = ints(completion.path("token_ids"));
    int[] textIds = model.tokenizer().encode(completion.path("text").asText());
    assertArrayEquals(
        java.util.Arrays.copyOf(expectedIds, expectedIds.length - 1), textIds,
        "completion text tokens");
    LogProbScorer scorer = new LogProbScorer(model.decoder(), model.manager(), model.padId());
    float[] lp = scorer.score(List.of(promptIds()), List.of(expectedIds)).get(0);
    JsonNode want = completion.path("logprobs");
    assertEquals(want.size(), lp.length);
    for (int i = 0; i < lp.length; i++) {
      assertEquals(want.get(i).asDouble(), lp[i], 1e-4, "logprob " + i);
    }
  }

  @Test
  void greedyTokensMatchWhileMarginIsClear() {
    JsonNode greedy = textCase.path("greedy");
    int[] want = ints(greedy.path("token_ids"));
    JsonNode margin = greedy.path("top1_top2_logit_margin");
    GenerationParams params = GenerationParams.builder()
        .optMaxNewTokens(want.length).optStopTokenIds(java.util.Set.of()).build();
    GenerationResult r = new Generator(model).generate(List.of(promptIds()), params).get(0);
    int[] got = r.tokenIds();
    assertEquals(want.length, got.length);
    int compared = 0;
    for (int i = 0; i < want.length; i++) {
      if (margin.get(i).asDouble() < 1e-3) {
        break; // a near-tie: later tokens may legitimately differ
      }
      assertEquals(want[i], got[i], "greedy token " + i);
      compared++;
    }
    assertTrue(compared >= 6, "compared " + compared + " tokens");
  }
}
