package org.spatialssrl.model.vision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;
import org.spatialssrl.model.TinyCheckpoint;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;
import org.spatialssrl.model.safetensors.SafetensorsWriter;

/**
 * A tiny random Qwen2.5-VL checkpoint for tests: the language model of {@link TinyCheckpoint}
 * (hidden 32, byte tokenizer) plus a vision tower (hidden 32, 2 heads, 2 blocks, full attention
 * in block 1, window 112), the vision special tokens and the Qwen2.5-VL chat template.
 */
public final class TinyVisionCheckpoint {
  /** {@code <|vision_start|>}, {@code <|vision_end|>}, {@code <|image_pad|>}. */
  static final int VISION_START = 259;
  static final int VISION_END = 260;
  static final int IMAGE_PAD = 261;

  static final String TEMPLATE =
      "{% for message in messages %}{% if loop.first and message['role'] != 'system' %}"
          + "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}"
          + "<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}"
          + "{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}"
          + "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}"
          + "<|vision_start|><|image_pad|><|vision_end|>{% elif 'text' in content %}"
          + "{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}"
          + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

  private TinyVisionCheckpoint() {}

  /**
   * Writes the checkpoint: hidden 32 language model, a vision tower with full attention in its
   * last block, F32.
   *
   * @param dir the directory (created)
   * @param depth vision blocks
   * @param hidden vision width
   * @param heads vision heads
   * @return {@code dir}
   * @throws IOException when writing fails
   */
  public static Path write(Path dir, int depth, int hidden, int heads) throws IOException {
    TinyCheckpoint.shape().write(dir);
    addVision(dir, depth, hidden, heads, hidden * 3 / 2, new int[] {depth - 1}, "F32", 200704);
    return dir;
  }

  /**
   * Turns a checkpoint written by {@link TinyCheckpoint} (or in its layout) into a vision-language
   * one: a vision tower with random weights in further shards (8 blocks per shard), the vision
   * entries of {@code config.json}, the vision special tokens (ids 259 to 261), the Qwen2.5-VL chat
   * template and a {@code preprocessor_config.json}.
   *
   * @param dir the checkpoint directory with a single {@code model.safetensors}
   * @param depth vision blocks
   * @param hidden vision width
   * @param heads vision heads
   * @param inter vision MLP width
   * @param fullAttention the full-attention blocks
   * @param dtype the stored type ({@code F32} or {@code BF16})
   * @param maxPixels the processor's {@code max_pixels}
   * @throws IOException when writing fails
   */
  public static void addVision(Path dir, int depth, int hidden, int heads, int inter,
      int[] fullAttention, String dtype, int maxPixels) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode cfg = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
    int textHidden = cfg.path("hidden_size").asInt();
    cfg.put("vision_start_token_id", VISION_START);
    cfg.put("vision_end_token_id", VISION_END);
    cfg.put("image_token_id", IMAGE_PAD);
    ObjectNode v = cfg.putObject("vision_config");
    v.put("depth", depth);
    v.put("hidden_size", hidden);
    v.put("intermediate_size", inter);
    v.put("num_heads", heads);
    v.put("out_hidden_size", textHidden);
    v.put("patch_size", 14);
    v.put("spatial_merge_size", 2);
    v.put("temporal_patch_size", 2);
    v.put("window_size", 112);
    ArrayNode full = v.putArray("fullatt_block_indexes");
    for (int b : fullAttention) {
      full.add(b);
    }
    json.writeValue(dir.resolve("config.json").toFile(), cfg);

    // The language model's file becomes the first shard; the vision weights follow.
    int shards = 1 + (depth + 7) / 8;
    java.util.function.IntFunction<String> shardName =
        k -> String.format("model-%05d-of-%05d.safetensors", k, shards);
    Files.move(dir.resolve("model.safetensors"), dir.resolve(shardName.apply(1)));
    ObjectNode index = json.createObjectNode();
    index.putObject("metadata");
    ObjectNode map = index.putObject("weight_map");
    for (String name : SafetensorsCheckpoint.readHeader(dir.resolve(shardName.apply(1))).keySet()) {
      map.put(name, shardName.apply(1));
    }
    Random rng = new Random(11);
    for (int shard = 2; shard <= shards; shard++) {
      SafetensorsWriter w = new SafetensorsWriter();
      if (shard == 2) {
        add(w, rng, "visual.patch_embed.proj.weight", 0.05f, 0, hidden, 3, 2, 14, 14);
      }
      for (int i = (shard - 2) * 8; i < Math.min(depth, (shard - 1) * 8); i++) {
        String p = "visual.blocks." + i + ".";
        add(w, rng, p + "norm1.weight", 0.1f, 1, hidden);
        add(w, rng, p + "norm2.weight", 0.1f, 1, hidden);
        add(w, rng, p + "attn.qkv.weight", 0.3f, 0, 3 * hidden, hidden);
        add(w, rng, p + "attn.qkv.bias", 0.1f, 0, 3 * hidden);
        add(w, rng, p + "attn.proj.weight", 0.2f, 0, hidden, hidden);
        add(w, rng, p + "attn.proj.bias", 0.1f, 0, hidden);
        add(w, rng, p + "mlp.gate_proj.weight", 0.2f, 0, inter, hidden);
        add(w, rng, p + "mlp.gate_proj.bias", 0.1f, 0, inter);
        add(w, rng, p + "mlp.up_proj.weight", 0.2f, 0, inter, hidden);
        add(w, rng, p + "mlp.up_proj.bias", 0.1f, 0, inter);
        add(w, rng, p + "mlp.down_proj.weight", 0.2f, 0, hidden, inter);
        add(w, rng, p + "mlp.down_proj.bias", 0.1f, 0, hidden);
      }
      if (shard == shards) {
        add(w, rng, "visual.merger.ln_q.weight", 0.1f, 1, hidden);
        add(w, rng, "visual.merger.mlp.0.weight", 0.1f, 0, 4 * hidden, 4 * hidden);
        add(w, rng, "visual.merger.mlp.0.bias", 0.1f, 0, 4 * hidden);
        add(w, rng, "visual.merger.mlp.2.weight", 0.3f, 0, textHidden, 4 * hidden);
        add(w, rng, "visual.merger.mlp.2.bias", 0.1f, 0, textHidden);
      }
      w.write(dir.resolve(shardName.apply(shard)), dtype);
      for (String name : w.tensors().keySet()) {
        map.put(name, shardName.apply(shard));
      }
    }
    json.writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);

    // The vision special tokens and the multimodal chat template.
    ObjectNode tok = (ObjectNode) json.readTree(dir.resolve("tokenizer.json").toFile());
    ArrayNode added = (ArrayNode) tok.get("added_tokens");
    String[] names = {"<|vision_start|>", "<|vision_end|>", "<|image_pad|>"};
    for (int i = 0; i < names.length; i++) {
      ObjectNode a = added.addObject();
      a.put("id", VISION_START + i);
      a.put("content", names[i]);
      a.put("single_word", false);
      a.put("lstrip", false);
      a.put("rstrip", false);
      a.put("normalized", false);
      a.put("special", true);
    }
    json.writeValue(dir.resolve("tokenizer.json").toFile(), tok);
    ObjectNode tc = (ObjectNode) json.readTree(dir.resolve("tokenizer_config.json").toFile());
    tc.put("chat_template", TEMPLATE);
    json.writeValue(dir.resolve("tokenizer_config.json").toFile(), tc);
    ObjectNode pre = json.createObjectNode();
    pre.put("min_pixels", 3136);
    pre.put("max_pixels", maxPixels);
    json.writeValue(dir.resolve("preprocessor_config.json").toFile(), pre);
  }

  private static void add(SafetensorsWriter w, Random rng, String name, float std, float mean, int... shape) {
    long n = 1;
    long[] s = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      n *= shape[i];
      s[i] = shape[i];
    }
    float[] d = new float[(int) n];
    for (int i = 0; i < d.length; i++) {
      d[i] = mean + (float) (rng.nextGaussian() * std);
    }
    w.add(name, s, d);
  }

  /**
   * A synthetic test picture: a colour gradient with a filled square whose place depends on the
   * seed.
   *
   * @param width width
   * @param height height
   * @param seed varies the picture
   * @return the picture
   */
  public static BufferedImage picture(int width, int height, int seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random rng = new Random(seed);
    int sx = rng.nextInt(Math.max(1, width / 2));
    int sy = rng.nextInt(Math.max(1, height / 2));
    int col = rng.nextInt(0xFFFFFF);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean in = x >= sx && x < sx + width / 3 && y >= sy && y < sy + height / 3;
        int rgb = in ? col : ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | (seed * 40 & 0xFF);
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  /**
   * A picture as a PNG data URL.
   *
   * @param img the picture
   * @return {@code data:image/png;base64,...}
   * @throws IOException when encoding fails
   */
  public static String dataUrl(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
