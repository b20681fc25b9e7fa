package org.spatialssrl.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.generate.LogProbScorer;
import org.spatialssrl.model.qwen.QwenModel;

/**
 * All four cases of the fixture end to end through the model: input ids after expansion,
 * completion log-probabilities within 1e-4 (each alone and all four in one padded batch), and the
 * greedy tokens (all four rows generated together).
 */
class MultimodalFixtureTest {
  private static QwenModel model;
  private static List<JsonNode> cases;
  private static List<MultimodalPrompt> prompts;

  @BeforeAll
  static void load() throws Exception {
    Path dir = Fixture.dir();
    model = QwenModel.builder().setModelDir(dir).build();
    ImageSource images = ImageSource.builder().optRoot(dir).build();
    cases = new ArrayList<>();
    prompts = new ArrayList<>();
    for (JsonNode c : Fixture.cases()) {
      cases.add(c);
      prompts.add(model.prompt(ChatMessage.listFromJson(c.path("messages")), images));
    }
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  @Test
  void inputIdsMatch() {
    assertEquals(4, cases.size());
    for (int i = 0; i < cases.size(); i++) {
      assertArrayEquals(Fixture.ints(cases.get(i).path("input_ids")), prompts.get(i).ids(),
          cases.get(i).path("name").asText());
    }
  }

  @Test
  void logProbsMatchAloneAndBatched() {
    LogProbScorer scorer =
        new LogProbScorer(model.decoder(), model.vision(), model.manager(), model.padId());
    List<int[]> completions = new ArrayList<>();
    for (JsonNode c : cases) {
      completions.add(Fixture.ints(c.path("completion").path("token_ids")));
    }
    List<float[]> batched = scorer.scorePrompts(prompts, completions);
    for (int i = 0; i < cases.size(); i++) {
      String name = cases.get(i).path("name").asText();
      float[] alone = scorer.scorePrompts(List.of(prompts.get(i)), List.of(completions.get(i))).get(0);
      JsonNode want = cases.get(i).path("completion").path("logprobs");
      assertEquals(want.size(), alone.length, name);
      for (int j = 0; j < alone.length; j++) {
        assertEquals(want.get(j).asDouble(), alone[j], 1e-4, name + " logprob " + j);
        assertEquals(want.get(j).asDouble(), batched.get(i)[j], 1e-4, name + " batched logprob " + j);
      }
    }
  }

  @Test
  void greedyTokensMatchWhileMarginIsClear() {
    GenerationParams params = GenerationParams.builder()
        .optMaxNewTokens(16).optStopTokenIds(Set.of()).build();
    List<GenerationResult> out = new Generator(model).generatePrompts(prompts, params, null, () -> false);
    for (int i = 0; i < cases.size(); i++) {
      JsonNode greedy = cases.get(i).path("greedy");
      int[] want = Fixture.ints(greedy.path("token_ids"));
      int[] got = out.get(i).tokenIds();
      int compared = 0;
      for (int j = 0; j < want.length; j++) {
        if (greedy.path("top1_top2_logit_margin").get(j).asDouble() < 1e-3) {
          break;
        }
        assertEquals(want[j], got[j], cases.get(i).path("name").asText() + " greedy token " + j);
        compared++;
      }
      assertTrue(compared >= 4, cases.get(i).path("name").asText() + ": compared " + compared);
    }
  }
}
