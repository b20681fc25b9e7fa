package org.spatialssrl.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.ChatMessage.Part;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.qwen.QwenPolicy;

/** Properties of the vision path on a tiny random checkpoint the test writes. */
class TinyVisionModelTest {
  @TempDir static Path tmp;
  private static QwenModel model;
  private static QwenPolicy policy;

  @BeforeAll
  static void load() throws Exception {
    Path dir = TinyVisionCheckpoint.write(tmp.resolve("tiny-vl"), 2, 32, 2);
    model = QwenModel.builder().setModelDir(dir).build();
    policy = new QwenPolicy(model, ImageSource.builder().build());
  }

  @AfterAll
  static void close() {
    if (policy != null) {
      policy.close();
    }
  }

  private static ProcessedImage image(int w, int h, int seed) {
    return model.imageProcessor().process(RgbImage.of(TinyVisionCheckpoint.picture(w, h, seed)));
  }

  private static float maxDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    float d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }

  private static float[] encode(List<ProcessedImage> images, boolean full) {
    try (NDManager m = model.manager().newSubManager()) {
      return model.vision().forward(images, m, full).toFloatArray();
    }
  }

  @Test
  void windowAttentionEqualsFullAttentionWhenOneWindowCoversTheImage() {
    ProcessedImage small = image(112, 112, 1); // 8x8 patches: one 112-pixel window
    assertEquals(new ImageGrid(1, 8, 8), small.grid());
    assertTrue(maxDiff(encode(List.of(small), false), encode(List.of(small), true)) < 1e-5f);
    // With several windows the two differ, so the comparison above can fail.
    ProcessedImage large = image(224, 168, 1);
    assertTrue(maxDiff(encode(List.of(large), false), encode(List.of(large), true)) > 1e-3f);
  }

  @Test
  void attentionInHeadGroupsEqualsAllHeadsAtOnce() {
    ProcessedImage img = image(224, 168, 7);
    float[] together = encode(List.of(img), true);
    model.vision().setScoreBudget(1); // one head at a time
    try {
      assertTrue(maxDiff(together, encode(List.of(img), true)) < 1e-6f);
    } finally {
      model.vision().setScoreBudget(256L << 20);
    }
  }

  @Test
  void imagesEncodedTogetherEqualEachAlone() {
    ProcessedImage a = image(224, 168, 2);
    ProcessedImage b = image(84, 140, 3);
    float[] both = encode(List.of(a, b), false);
    float[] first = encode(List.of(a), false);
    float[] second = encode(List.of(b), false);
    assertEquals(first.length + second.length, both.length);
    assertTrue(maxDiff(first, java.util.Arrays.copyOfRange(both, 0, first.length)) < 1e-5f);
    assertTrue(maxDiff(second,
        java.util.Arrays.copyOfRange(both, first.length, both.length)) < 1e-5f);
  }

  @Test
  void float16ComputeStaysCloseToFloat32() throws Exception {
    ProcessedImage img = image(224, 168, 6);
    float[] full = encode(List.of(img), false);
    try (QwenModel half = QwenModel.builder().setModelDir(model.dir())
            .optComputeType(ai.djl.ndarray.types.DataType.FLOAT16).build();
        NDManager m = half.manager().newSubManager()) {
      float[] h = half.vision().forward(List.of(img), m).toType(
          ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
      float scale = 0;
      for (float v : full) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertTrue(maxDiff(full, h) < 0.02f * scale, "float16 differs by " + maxDiff(full, h));
    }
  }

  @Test
  void imageOrderInAPromptMatters() throws Exception {
    String a = TinyVisionCheckpoint.dataUrl(TinyVisionCheckpoint.picture(112, 84, 4));
    String b = TinyVisionCheckpoint.dataUrl(TinyVisionCheckpoint.picture(112, 84, 5));
    List<List<ChatMessage>> convs = List.of(
        conversation(a, b), conversation(b, a), conversation(a, b));
    MultimodalPrompt p = policy.prompt(convs.get(0));
    // Same size images: both orders give the same ids and positions; only the pixels differ.
    assertArrayEquals(p.ids(), policy.prompt(convs.get(1)).ids());
    List<float[]> lp = policy.logProbs(convs, List.of("yes", "yes", "yes"));
    assertTrue(maxDiff(lp.get(0), lp.get(1)) > 1e-4f, "swapping the images changes the scores");
    assertTrue(maxDiff(lp.get(0), lp.get(2)) < 1e-5f, "the same prompt scores the same");
    // n copies of a prompt share its images (encoded once) and, greedy, give the same reply.
    org.spatialssrl.model.generate.GenerationParams greedy =
        org.spatialssrl.model.generate.GenerationParams.builder().optMaxNewTokens(3)
            .optStopTokenIds(java.util.Set.of()).build();
    var two = policy.generate(List.of(convs.get(0)), 2, greedy).get(0);
    var one = policy.generate(List.of(convs.get(0)), 1, greedy).get(0);
    assertArrayEquals(one.get(0).tokenIds(), two.get(0).tokenIds());
    assertArrayEquals(one.get(0).tokenIds(), two.get(1).tokenIds());
  }

  @Test
  void localPathsNeedPermission() {
    List<ChatMessage> conv = List.of(new ChatMessage("user", null,
        List.of(new Part("image", null, tmp.resolve("x.png").toString()), new Part("text", "hi", null))));
    ImageInputException e = assertThrows(ImageInputException.class, () -> policy.prompt(conv));
    assertTrue(e.getMessage().contains("data: URL"), e.getMessage());
  }

  private static List<ChatMessage> conversation(String first, String second) {
    return List.of(new ChatMessage("user", null, List.of(
        new Part("text", "Picture 1: ", null), new Part("image", null, first),
        new Part("text", " Picture 2: ", null), new Part("image", null, second),
        new Part("text", " Are they the same?", null))));
  }
}
