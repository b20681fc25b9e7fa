package org.spatialssrl.model.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.ChatMessage.Part;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.vision.ImageSource;
import org.spatialssrl.model.vision.MultimodalPrompt;
import org.spatialssrl.model.vision.ProcessedImage;
import org.spatialssrl.model.vision.RgbImage;
import org.spatialssrl.model.vision.TinyVisionCheckpoint;

/**
 * The vision benchmark of docs/BENCHMARKS.md: the 0.5B-class language model of
 * {@link DecoderBenchmark} with a vision tower of the released size (32 blocks, hidden 1280, 16
 * heads, intermediate 3420, full attention in blocks 7, 15, 23, 31), random BF16 weights,
 * float32 compute. Not a test: run by hand, see docs/BENCHMARKS.md.
 *
 * <p>Arguments: the checkpoint directory (written on first use, about 2.3 GB).
 */
public final class VisionBenchmark {
  private VisionBenchmark() {}

  /**
   * Runs the benchmark and prints one JSON object.
   *
   * @param args the checkpoint directory
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-vl");
    if (!Files.isRegularFile(dir.resolve("model.safetensors.index.json"))) {
      DecoderBenchmark.writeCheckpoint(dir);
      TinyVisionCheckpoint.addVision(dir, 32, 1280, 16, 3420, new int[] {7, 15, 23, 31}, "BF16",
          12845056);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    long t0 = System.nanoTime();
    try (QwenModel model = QwenModel.builder().setModelDir(dir).build()) {
      out.put("load_s", (System.nanoTime() - t0) / 1e9);
      out.put("threads", JniUtils.getNumThreads());
      // Warm-up on a small image, then one timed tower pass per size.
      tower(model, model.imageProcessor().process(
          RgbImage.of(TinyVisionCheckpoint.picture(224, 224, 1))));
      for (int[] wh : new int[][] {{448, 448}, {640, 480}, {1024, 768}}) {
        ProcessedImage p = model.imageProcessor().process(
            RgbImage.of(TinyVisionCheckpoint.picture(wh[0], wh[1], 1)));
        String key = wh[0] + "x" + wh[1];
        out.put(key + "_patches", p.grid().patches());
        out.put(key + "_tower_s", tower(model, p));
      }
      // Time to first token of an ask-style request (one 640x480 image, question with the format
      // prompt, greedy): image decoding and processing, tower, prefill, first token.
      String url = TinyVisionCheckpoint.dataUrl(TinyVisionCheckpoint.picture(640, 480, 2));
      List<ChatMessage> messages = List.of(new ChatMessage("user", null, List.of(
          new Part("image", null, url),
          new Part("text", org.spatialssrl.task.Prompts.withFormatPrompt(
              "Which object is closer to the camera?"), null))));
      // One new token: the generation's time is the time to the first token.
      GenerationParams params = GenerationParams.builder().optMaxNewTokens(1)
          .optStopTokenIds(Set.of()).build();
      long s = System.nanoTime();
      MultimodalPrompt prompt = model.prompt(messages, ImageSource.builder().build());
      new Generator(model).generatePrompts(List.of(prompt), params, null, () -> false);
      out.put("ask_640x480_first_token_s", (System.nanoTime() - s) / 1e9);
      out.put("ask_640x480_prompt_tokens", prompt.ids().length);
    }
    out.put("peak_rss_mib", DecoderBenchmark.peakRssMib());
    System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
  }

  private static double tower(QwenModel model, ProcessedImage p) {
    long s = System.nanoTime();
    try (NDManager m = model.manager().newSubManager()) {
      model.vision().forward(List.of(p), m).toFloatArray();
    }
    return (System.nanoTime() - s) / 1e9;
  }
}
