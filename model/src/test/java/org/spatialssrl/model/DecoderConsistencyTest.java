package org.spatialssrl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.generate.LogProbScorer;
import org.spatialssrl.model.qwen.DecoderInputs;
import org.spatialssrl.model.qwen.KvCache;
import org.spatialssrl.model.qwen.QwenDecoder;
import org.spatialssrl.model.qwen.QwenModel;

/**
 * On tiny random models of several shapes: cached decoding equals a full forward pass, and a
 * left-padded batch equals each prompt alone.
 */
class DecoderConsistencyTest {
  @TempDir Path tmp;

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("untied-gqa2", TinyCheckpoint.shape().heads(4, 2).tied(false)),
        Arguments.of("tied-gqa4", TinyCheckpoint.shape().heads(4, 1).tied(true)),
        Arguments.of("untied-mha-newnames", TinyCheckpoint.shape().heads(2, 2).newNames(true)));
  }

  private static int[] randomIds(Random rng, int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = rng.nextInt(256);
    }
    return ids;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void cachedDecodingEqualsFullForward(String name, TinyCheckpoint shape) throws Exception {
    try (QwenModel model = QwenModel.builder().setModelDir(shape.write(tmp.resolve(name))).build();
        NDManager m = model.manager().newSubManager()) {
      QwenDecoder d = model.decoder();
      int[] seq = randomIds(new Random(1), 12);
      int vocab = d.config().vocabSize();
      float[] full = forward(m, d, seq, 0, seq.length, null);
      for (int capacity : new int[] {0, seq.length}) { // growing, then preallocated
        try (KvCache cache = new KvCache(m, d.config().numLayers(), capacity)) {
          String what = name + (capacity == 0 ? " growing" : " preallocated");
          int prefill = 5;
          float[] first = forward(m, d, seq, 0, prefill, cache);
          assertClose(java.util.Arrays.copyOf(full, prefill * vocab), first, 1e-4f, what + " prefill");
          for (int t = prefill; t < seq.length; t++) {
            float[] step = forward(m, d, seq, t, t + 1, cache);
            float[] want = java.util.Arrays.copyOfRange(full, t * vocab, (t + 1) * vocab);
            assertClose(want, step, 1e-4f, what + " step " + t);
          }
          assertEquals(seq.length, cache.length());
        }
      }
    }
  }

  /** Logits for tokens [from, to) of one sequence, with positions from..to-1. */
  private static float[] forward(NDManager parent, QwenDecoder d, int[] seq, int from, int to, KvCache cache) {
    try (NDManager m = parent.newSubManager()) {
      long[] ids = new long[to - from];
      long[] pos = new long[to - from];
      for (int i = from; i < to; i++) {
        ids[i - from] = seq[i];
        pos[i - from] = i;
      }
      boolean[][] valid = {new boolean[to]};
      java.util.Arrays.fill(valid[0], true);
      NDArray h = d.forward(
          d.embed(m.create(ids, new Shape(1, to - from))),
          DecoderInputs.repeat3(m, pos, 1, to - from),
          DecoderInputs.causalBias(m, valid, to, to - from, d.computeType()), cache);
      return d.logits(h).toFloatArray();
    }
  }

  static void assertClose(float[] want, float[] got, float tol, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      assertTrue(Math.abs(want[i] - got[i]) <= tol,
          what + " [" + i + "]: expected " + want[i] + " got " + got[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void rowsThatStopEarlyLeaveTheBatchWithoutChangingTheOthers(String name, TinyCheckpoint shape)
      throws Exception {
    try (QwenModel model = QwenModel.builder().setModelDir(shape.write(tmp.resolve(name))).build()) {
      Random rng = new Random(5);
      List<int[]> prompts = List.of(randomIds(rng, 4), randomIds(rng, 7), randomIds(rng, 5));
      Generator gen = new Generator(model);
      GenerationParams free = GenerationParams.builder()
          .optMaxNewTokens(10).optStopTokenIds(java.util.Set.of()).build();
      // Stop on the third token of the middle row: it ends early, the others go on.
      int stop = gen.generate(List.of(prompts.get(1)), free).get(0).tokenIds()[2];
      GenerationParams params = GenerationParams.builder()
          .optMaxNewTokens(10).optStopTokenIds(java.util.Set.of(stop)).build();
      List<GenerationResult> batch = gen.generate(prompts, params);
      assertTrue(batch.get(1).tokenIds().length <= 3, name + ": the middle row stops early");
      boolean someRowContinues = false;
      for (int r = 0; r < prompts.size(); r++) {
        GenerationResult alone = gen.generate(List.of(prompts.get(r)), params).get(0);
        assertArrayEquals(alone.tokenIds(), batch.get(r).tokenIds(), name + " row " + r);
        assertEquals(alone.finishReason(), batch.get(r).finishReason());
        someRowContinues |= batch.get(r).tokenIds().length > 3;
      }
      assertTrue(someRowContinues, name + ": a row outlives the stopped one");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void leftPaddedBatchEqualsSinglePrompts(String name, TinyCheckpoint shape) throws Exception {
    try (QwenModel model = QwenModel.builder().setModelDir(shape.write(tmp.resolve(name))).build()) {
      Random rng = new Random(3);
      List<int[]> prompts = List.of(randomIds(rng, 3), randomIds(rng, 9), randomIds(rng, 6));
      List<int[]> completions = List.of(randomIds(rng, 4), randomIds(rng, 2), randomIds(rng, 5));
      GenerationParams greedy = GenerationParams.builder()
          .optMaxNewTokens(8).optStopTokenIds(java.util.Set.of()).build();
      Generator gen = new Generator(model);
      List<GenerationResult> batch = gen.generate(prompts, greedy);
      LogProbScorer scorer = new LogProbScorer(model.decoder(), model.manager(), model.padId());
      List<float[]> batchLp = scorer.score(prompts, completions);
      for (int r = 0; r < prompts.size(); r++) {
        GenerationResult alone = gen.generate(List.of(prompts.get(r)), greedy).get(0);
        assertArrayEquals(alone.tokenIds(), batch.get(r).tokenIds(), name + " row " + r);
        float[] aloneLp = scorer.score(List.of(prompts.get(r)), List.of(completions.get(r))).get(0);
        assertClose(aloneLp, batchLp.get(r), 1e-4f, name + " logprobs row " + r);
      }
    }
  }
}
