package org.spatialssrl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.generate.LogProbScorer;
import org.spatialssrl.model.qwen.QwenModel;

/** Sampling, stops, streaming and gradients on a tiny random model. */
class GenerationTest {
  @TempDir static Path tmp;
  private static QwenModel model;
  private static int[] prompt;

  @BeforeAll
  static void load() throws Exception {
    model = QwenModel.builder().setModelDir(TinyCheckpoint.shape().write(tmp.resolve("m"))).build();
    prompt = model.tokenizer().encode(model.chatPrompt(List.of(ChatMessage.of("user", "Hello there"))));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static GenerationParams.Builder sampling(long seed) {
    return GenerationParams.builder().optMaxNewTokens(12).optTemperature(1.5).optTopP(0.95)
        .optSeed(seed).optStopTokenIds(Set.of());
  }

  @Test
  void seededSamplingIsReproducibleAndSeedDependent() {
    Generator gen = new Generator(model);
    List<int[]> three = List.of(prompt, prompt, prompt);
    List<GenerationResult> a = gen.generate(three, sampling(42).build());
    List<GenerationResult> b = gen.generate(three, sampling(42).build());
    List<GenerationResult> c = gen.generate(three, sampling(43).build());
    for (int r = 0; r < 3; r++) {
      assertArrayEquals(a.get(r).tokenIds(), b.get(r).tokenIds());
    }
    assertNotEquals(a.get(0).text(), a.get(1).text(), "rows draw from different streams");
    assertNotEquals(a.get(0).text(), c.get(0).text(), "another seed gives another sample");
    // A row does not depend on the rows around it.
    GenerationResult first = gen.generate(List.of(prompt), sampling(42).build()).get(0);
    assertArrayEquals(a.get(0).tokenIds(), first.tokenIds());
  }

  @Test
  void topKOneIsGreedy() {
    Generator gen = new Generator(model);
    GenerationResult greedy = gen.generate(List.of(prompt),
        GenerationParams.builder().optMaxNewTokens(10).optStopTokenIds(Set.of()).build()).get(0);
    GenerationResult k1 = gen.generate(List.of(prompt), sampling(5).optTopK(1).optMaxNewTokens(10).build()).get(0);
    assertArrayEquals(greedy.tokenIds(), k1.tokenIds());
    assertEquals("length", greedy.finishReason());
    assertEquals(10, greedy.tokenIds().length);
  }

  @Test
  void stopTokensAndStopStringsEndSequences() {
    Generator gen = new Generator(model);
    GenerationResult free = gen.generate(List.of(prompt), sampling(9).optMaxNewTokens(16).build()).get(0);
    int[] ids = free.tokenIds();
    // Stop at the token generated third: the same sample ends there, keeping the stop token.
    GenerationResult stopped = gen.generate(List.of(prompt),
        sampling(9).optMaxNewTokens(16).optStopTokenIds(Set.of(ids[2])).build()).get(0);
    int firstHit = 0;
    while (ids[firstHit] != ids[2]) {
      firstHit++;
    }
    assertArrayEquals(java.util.Arrays.copyOf(ids, firstHit + 1), stopped.tokenIds());
    assertEquals("stop", stopped.finishReason());
    // A stop string cuts the text before it; streamed pieces add up to the final text.
    String text = free.text();
    assertTrue(text.length() >= 4, "sample text too short: " + text);
    String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
    List<String> pieces = new ArrayList<>();
    GenerationResult cut = gen.generate(List.of(prompt),
        sampling(9).optMaxNewTokens(16).optStopStrings(List.of(stop)).build(),
        (row, delta) -> pieces.add(delta), () -> false).get(0);
    assertEquals(text.substring(0, text.indexOf(stop)), cut.text());
    assertEquals("stop", cut.finishReason());
    assertEquals(cut.text(), String.join("", pieces));
    assertFalse(cut.text().contains(stop));
  }

  @Test
  void cancellationEndsUnfinishedRows() {
    int[] calls = {0};
    GenerationResult r = new Generator(model).generate(List.of(prompt), sampling(1).build(), null,
        () -> ++calls[0] >= 3).get(0);
    assertEquals("cancelled", r.finishReason());
    assertEquals(3, r.tokenIds().length);
  }

  @Test
  void logProbsCarryGradientsWhenAsked() {
    LogProbScorer scorer = new LogProbScorer(model.decoder(), model.manager(), model.padId());
    NDArray head = model.decoder().parameters().get("lm_head");
    try (NDManager m = model.manager().newSubManager()) {
      head.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray lp = scorer.scoreTensor(m, List.of(prompt), List.of(new int[] {72, 105}));
        assertEquals(DataType.FLOAT32, lp.getDataType());
        gc.backward(lp.sum());
      }
      float[] g = head.getGradient().toFloatArray();
      double norm = 0;
      for (float x : g) {
        norm += x * x;
      }
      assertTrue(norm > 0, "lm_head received no gradient");
    } finally {
      head.setRequiresGradient(false);
    }
    // Without gradients the numbers are the same.
    float[] plain = scorer.score(List.of(prompt), List.of(new int[] {72, 105})).get(0);
    assertEquals(2, plain.length);
    assertTrue(plain[0] < 0 && plain[1] < 0);
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> GenerationParams.builder().optTopP(0).build());
    assertThrows(IllegalArgumentException.class, () -> GenerationParams.builder().optTemperature(-1).build());
    assertThrows(IllegalArgumentException.class,
        () -> new Generator(model).generate(List.of(new int[0]), GenerationParams.builder().build()));
  }
}
