package org.spatialssrl.model.qwen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.spatialssrl.model.hf.HfJson;
import org.spatialssrl.model.hf.HfWeights;
import org.spatialssrl.model.safetensors.SafetensorsWriter.Values;

/**
 * Creates a random-weight Qwen2.5-VL-shaped checkpoint directory, for tests, benchmarks and
 * learning experiments that need a real model layout but no download: {@code config.json} (with
 * a {@code vision_config} unless vision is off), weights under the released names, a byte-level
 * tokenizer (one token per byte, GPT-2 byte order, no merges) with the ChatML and vision special
 * tokens, the Qwen2.5-VL chat template, {@code generation_config.json} and
 * {@code preprocessor_config.json}.
 *
 * <p>Token ids: bytes 0-255, then {@code <|endoftext|>} 256, {@code <|im_start|>} 257,
 * {@code <|im_end|>} 258, {@code <|vision_start|>} 259, {@code <|vision_end|>} 260,
 * {@code <|image_pad|>} 261 (vocabulary 262). Weights are drawn as transformers initialises
 * Qwen2.5-VL (normal with {@code initializer_range}, zero biases, unit norms), seeded.
 */
public final class RandomQwenCheckpoint {
  /** The special tokens, from id 256 on. */
  public static final List<String> SPECIAL_TOKENS = List.of(
      "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>",
      "<|image_pad|>");

  /** Qwen2.5-VL's chat template (the released {@code chat_template.json}). */
  public static final String CHAT_TEMPLATE =
      "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}"
          + "{% for message in messages %}{% if loop.first and message['role'] != 'system' %}"
          + "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}"
          + "<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}"
          + "{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}"
          + "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}"
          + "{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}Picture "
          + "{{ image_count.value }}: {% endif %}<|vision_start|><|image_pad|><|vision_end|>"
          + "{% elif content['type'] == 'video' or 'video' in content %}"
          + "{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}Video "
          + "{{ video_count.value }}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>"
          + "{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n"
          + "{% endif %}{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

  private final Builder b;

  private RandomQwenCheckpoint(Builder b) {
    this.b = b;
  }

  /**
   * Starts a builder: hidden 128, 4 layers, 4 heads / 2 KV heads, MLP 256, untied; vision tower
   * of 2 blocks, hidden 64, 2 heads, full attention in the last; F32; seed 1; images up to
   * 50,176 pixels (224 x 224, 64 tokens).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The shape and content of a random checkpoint. */
  public static final class Builder {
    private int hidden = 128;
    private int layers = 4;
    private int heads = 4;
    private int kvHeads = 2;
    private int intermediate = 256;
    private boolean tied;
    private boolean vision = true;
    private int visionDepth = 2;
    private int visionHidden = 64;
    private int visionHeads = 2;
    private int visionIntermediate = 128;
    private int minPixels = 3136;
    private int maxPixels = 224 * 224;
    private String dtype = "F32";
    private double initializerRange = 0.02;
    private long seed = 1;
    private long maxShardBytes = HfWeights.DEFAULT_MAX_SHARD_BYTES;

    private Builder() {}

    /**
     * The language model's shape.
     *
     * @param hidden width
     * @param layers decoder layers
     * @param heads query heads
     * @param kvHeads key/value heads
     * @param intermediate MLP width
     * @return this builder
     */
    public Builder optText(int hidden, int layers, int heads, int kvHeads, int intermediate) {
      this.hidden = hidden;
      this.layers = layers;
      this.heads = heads;
      this.kvHeads = kvHeads;
      this.intermediate = intermediate;
      return this;
    }

    /**
     * Whether the output head reuses the embeddings (default false, as the 7B).
     *
     * @param tied true to tie
     * @return this builder
     */
    public Builder optTied(boolean tied) {
      this.tied = tied;
      return this;
    }

    /**
     * The vision tower's shape (full attention in its last block).
     *
     * @param depth blocks
     * @param hidden width (a multiple of 4 times the heads)
     * @param heads heads
     * @param intermediate MLP width
     * @return this builder
     */
    public Builder optVision(int depth, int hidden, int heads, int intermediate) {
      this.vision = true;
      this.visionDepth = depth;
      this.visionHidden = hidden;
      this.visionHeads = heads;
      this.visionIntermediate = intermediate;
      return this;
    }

    /**
     * A text-only checkpoint (no vision tower, no {@code vision_config}).
     *
     * @return this builder
     */
    public Builder optNoVision() {
      this.vision = false;
      return this;
    }

    /**
     * The image processor's pixel bounds ({@code preprocessor_config.json}).
     *
     * @param min least pixels
     * @param max most pixels
     * @return this builder
     */
    public Builder optPixels(int min, int max) {
      this.minPixels = min;
      this.maxPixels = max;
      return this;
    }

    /**
     * The stored weight type: F32 (default), BF16 or F16.
     *
     * @param dtype the type
     * @return this builder
     */
    public Builder optDtype(String dtype) {
      HfWeights.torchDtypeOf(dtype);
      this.dtype = dtype;
      return this;
    }

    /**
     * The standard deviation of the weights (default 0.02, Qwen's {@code initializer_range}).
     *
     * @param std the deviation
     * @return this builder
     */
    public Builder optInitializerRange(double std) {
      this.initializerRange = std;
      return this;
    }

    /**
     * The seed of the weights (default 1).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The largest weight shard (default 5 GB).
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder optMaxShardBytes(long bytes) {
      this.maxShardBytes = bytes;
      return this;
    }

    /**
     * Builds the description.
     *
     * @return the checkpoint description
     */
    public RandomQwenCheckpoint build() {
      if (hidden % heads != 0 || heads % kvHeads != 0 || (hidden / heads) % 8 != 0) {
        throw new IllegalArgumentException(
            "need hidden divisible by heads, heads by KV heads, and a head width divisible by 8");
      }
      return new RandomQwenCheckpoint(this);
    }
  }

  /** The vocabulary size (256 bytes and the special tokens). */
  public static int vocabSize() {
    return 256 + SPECIAL_TOKENS.size();
  }

  /**
   * The number of parameters the checkpoint holds.
   *
   * @return the count
   */
  public long parameterCount() {
    long n = 0;
    for (HfWeights.Tensor t : tensors()) {
      long c = 1;
      for (long s : t.shape()) {
        c *= s;
      }
      n += c;
    }
    return n;
  }

  /**
   * Writes the checkpoint.
   *
   * @param dir the directory (created)
   * @return {@code dir}
   * @throws IOException when writing fails
   */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectMapper json = new ObjectMapper();
    writeJson(dir.resolve("config.json"), config(json));
    HfWeights.write(dir, tensors(), b.maxShardBytes);
    writeByteTokenizer(dir, SPECIAL_TOKENS);
    ObjectNode tc = json.createObjectNode();
    tc.put("eos_token", "<|im_end|>");
    tc.put("pad_token", "<|endoftext|>");
    tc.put("padding_side", "left");
    tc.put("model_max_length", 32768);
    tc.put("chat_template", CHAT_TEMPLATE);
    tc.put("tokenizer_class", "Qwen2Tokenizer");
    writeJson(dir.resolve("tokenizer_config.json"), tc);
    ObjectNode gen = json.createObjectNode();
    gen.put("bos_token_id", 256);
    gen.putArray("eos_token_id").add(258).add(256);
    gen.put("pad_token_id", 256);
    gen.put("do_sample", false);
    writeJson(dir.resolve("generation_config.json"), gen);
    if (b.vision) {
      ObjectNode pre = json.createObjectNode();
      pre.put("image_processor_type", "Qwen2VLImageProcessor");
      pre.put("processor_class", "Qwen2_5_VLProcessor");
      pre.put("min_pixels", b.minPixels);
      pre.put("max_pixels", b.maxPixels);
      pre.put("patch_size", 14);
      pre.put("temporal_patch_size", 2);
      pre.put("merge_size", 2);
      pre.put("do_resize", true);
      pre.put("do_rescale", true);
      pre.put("do_normalize", true);
      pre.put("do_convert_rgb", true);
      pre.put("rescale_factor", 1.0 / 255);
      pre.putArray("image_mean").add(0.48145466).add(0.4578275).add(0.40821073);
      pre.putArray("image_std").add(0.26862954).add(0.26130258).add(0.27577711);
      writeJson(dir.resolve("preprocessor_config.json"), pre);
    }
    return dir;
  }

  private static void writeJson(Path file, ObjectNode node) throws IOException {
    Files.writeString(file, HfJson.dumps(node) + "\n", StandardCharsets.UTF_8);
  }

  private ObjectNode config(ObjectMapper json) {
    int headDim = b.hidden / b.heads;
    ObjectNode cfg = json.createObjectNode();
    cfg.putArray("architectures").add("Qwen2_5_VLForConditionalGeneration");
    cfg.put("model_type", "qwen2_5_vl");
    cfg.put("hidden_act", "silu");
    cfg.put("hidden_size", b.hidden);
    cfg.put("intermediate_size", b.intermediate);
    cfg.put("num_hidden_layers", b.layers);
    cfg.put("num_attention_heads", b.heads);
    cfg.put("num_key_value_heads", b.kvHeads);
    cfg.put("max_position_embeddings", 32768);
    cfg.put("max_window_layers", b.layers);
    cfg.put("rms_norm_eps", 1e-6);
    cfg.put("rope_theta", 1000000.0);
    cfg.put("attention_dropout", 0.0);
    cfg.put("initializer_range", b.initializerRange);
    cfg.put("use_cache", true);
    cfg.put("use_sliding_window", false);
    cfg.put("sliding_window", 32768);
    cfg.put("vocab_size", vocabSize());
    cfg.put("tie_word_embeddings", b.tied);
    cfg.put("torch_dtype", HfWeights.torchDtypeOf(b.dtype));
    cfg.put("bos_token_id", 256);
    cfg.put("eos_token_id", 258);
    cfg.put("pad_token_id", 256);
    // The 7B's split of the rotary frequencies (16, 24, 24 of 64), scaled to this head width.
    int freqs = headDim / 2;
    int t = freqs / 4;
    int hh = (freqs - t) / 2;
    ObjectNode rope = cfg.putObject("rope_scaling");
    rope.put("type", "mrope");
    rope.put("rope_type", "default");
    rope.putArray("mrope_section").add(t).add(hh).add(freqs - t - hh);
    if (b.vision) {
      cfg.put("vision_start_token_id", 259);
      cfg.put("vision_end_token_id", 260);
      cfg.put("image_token_id", 261);
      ObjectNode v = cfg.putObject("vision_config");
      v.put("depth", b.visionDepth);
      v.put("hidden_size", b.visionHidden);
      v.put("intermediate_size", b.visionIntermediate);
      v.put("num_heads", b.visionHeads);
      v.put("in_chans", 3);
      v.put("out_hidden_size", b.hidden);
      v.put("patch_size", 14);
      v.put("spatial_patch_size", 14);
      v.put("spatial_merge_size", 2);
      v.put("temporal_patch_size", 2);
      v.put("window_size", 112);
      v.put("tokens_per_second", 2);
      v.put("hidden_act", "silu");
      ArrayNode full = v.putArray("fullatt_block_indexes");
      full.add(b.visionDepth - 1);
    }
    return cfg;
  }

  /** The tensors in transformers' order, each drawn from its own seeded stream. */
  private List<HfWeights.Tensor> tensors() {
    List<HfWeights.Tensor> out = new ArrayList<>();
    int headDim = b.hidden / b.heads;
    int q = b.heads * headDim;
    int kv = b.kvHeads * headDim;
    int v = vocabSize();
    normal(out, "model.embed_tokens.weight", v, b.hidden);
    for (int i = 0; i < b.layers; i++) {
      String p = "model.layers." + i + ".";
      ones(out, p + "input_layernorm.weight", b.hidden);
      normal(out, p + "self_attn.q_proj.weight", q, b.hidden);
      zeros(out, p + "self_attn.q_proj.bias", q);
      normal(out, p + "self_attn.k_proj.weight", kv, b.hidden);
      zeros(out, p + "self_attn.k_proj.bias", kv);
      normal(out, p + "self_attn.v_proj.weight", kv, b.hidden);
      zeros(out, p + "self_attn.v_proj.bias", kv);
      normal(out, p + "self_attn.o_proj.weight", b.hidden, q);
      ones(out, p + "post_attention_layernorm.weight", b.hidden);
      normal(out, p + "mlp.gate_proj.weight", b.intermediate, b.hidden);
      normal(out, p + "mlp.up_proj.weight", b.intermediate, b.hidden);
      normal(out, p + "mlp.down_proj.weight", b.hidden, b.intermediate);
    }
    ones(out, "model.norm.weight", b.hidden);
    if (!b.tied) {
      normal(out, "lm_head.weight", v, b.hidden);
    }
    if (b.vision) {
      int h = b.visionHidden;
      int in = b.visionIntermediate;
      normal(out, "visual.patch_embed.proj.weight", h, 3, 2, 14, 14);
      for (int i = 0; i < b.visionDepth; i++) {
        String p = "visual.blocks." + i + ".";
        ones(out, p + "norm1.weight", h);
        ones(out, p + "norm2.weight", h);
        normal(out, p + "attn.qkv.weight", 3 * h, h);
        zeros(out, p + "attn.qkv.bias", 3 * h);
        normal(out, p + "attn.proj.weight", h, h);
        zeros(out, p + "attn.proj.bias", h);
        normal(out, p + "mlp.gate_proj.weight", in, h);
        zeros(out, p + "mlp.gate_proj.bias", in);
        normal(out, p + "mlp.up_proj.weight", in, h);
        zeros(out, p + "mlp.up_proj.bias", in);
        normal(out, p + "mlp.down_proj.weight", h, in);
        zeros(out, p + "mlp.down_proj.bias", h);
      }
      ones(out, "visual.merger.ln_q.weight", h);
      normal(out, "visual.merger.mlp.0.weight", 4 * h, 4 * h);
      zeros(out, "visual.merger.mlp.0.bias", 4 * h);
      normal(out, "visual.merger.mlp.2.weight", b.hidden, 4 * h);
      zeros(out, "visual.merger.mlp.2.bias", b.hidden);
    }
    return out;
  }

  private void normal(List<HfWeights.Tensor> out, String name, int... shape) {
    long[] s = longs(shape);
    long seed = org.spatialssrl.seed.Seeds.derive(b.seed, name);
    double std = b.initializerRange;
    out.add(new HfWeights.Tensor(name, s, b.dtype, sink -> {
      SplittableRandom rng = new SplittableRandom(seed);
      float[] chunk = new float[count(s) < 1 << 20 ? (int) count(s) : 1 << 20];
      for (long done = 0; done < count(s); ) {
        int n = (int) Math.min(chunk.length, count(s) - done);
        for (int i = 0; i < n; i++) {
          chunk[i] = (float) (gaussian(rng) * std);
        }
        sink.accept(java.nio.FloatBuffer.wrap(chunk, 0, n));
        done += n;
      }
    }));
  }

  /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian on Java 17). */
  private static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private void ones(List<HfWeights.Tensor> out, String name, int n) {
    float[] d = new float[n];
    java.util.Arrays.fill(d, 1f);
    out.add(new HfWeights.Tensor(name, new long[] {n}, b.dtype, Values.of(d)));
  }

  private void zeros(List<HfWeights.Tensor> out, String name, int n) {
    out.add(new HfWeights.Tensor(name, new long[] {n}, b.dtype, Values.of(new float[n])));
  }

  private static long[] longs(int[] shape) {
    long[] s = new long[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape[i];
    }
    return s;
  }

  private static long count(long[] shape) {
    long n = 1;
    for (long x : shape) {
      n *= x;
    }
    return n;
  }

  /**
   * Writes a byte-level BPE {@code tokenizer.json} without merges (token id = byte value, in
   * GPT-2's byte-to-unicode order) and the given special tokens from id 256 on.
   *
   * @param dir the directory
   * @param specials the special tokens, in id order
   * @throws IOException when writing fails
   */
  public static void writeByteTokenizer(Path dir, List<String> specials) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode tok = json.createObjectNode();
    tok.put("version", "1.0");
    tok.putNull("truncation");
    tok.putNull("padding");
    ArrayNode added = tok.putArray("added_tokens");
    for (int i = 0; i < specials.size(); i++) {
      ObjectNode a = added.addObject();
      a.put("id", 256 + i);
      a.put("content", specials.get(i));
      a.put("single_word", false);
      a.put("lstrip", false);
      a.put("rstrip", false);
      a.put("normalized", false);
      a.put("special", true);
    }
    tok.putObject("normalizer").put("type", "NFC");
    ObjectNode pre = tok.putObject("pre_tokenizer");
    pre.put("type", "ByteLevel");
    pre.put("add_prefix_space", false);
    pre.put("trim_offsets", false);
    pre.put("use_regex", true);
    ObjectNode post = tok.putObject("post_processor");
    post.put("type", "ByteLevel");
    post.put("add_prefix_space", false);
    post.put("trim_offsets", false);
    post.put("use_regex", false);
    ObjectNode dec = tok.putObject("decoder");
    dec.put("type", "ByteLevel");
    dec.put("add_prefix_space", false);
    dec.put("trim_offsets", false);
    dec.put("use_regex", false);
    ObjectNode model = tok.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    int[] byteToUnicode = gpt2Bytes();
    for (int bt = 0; bt < 256; bt++) {
      vocab.put(new String(Character.toChars(byteToUnicode[bt])), bt);
    }
    model.putArray("merges");
    json.writeValue(dir.resolve("tokenizer.json").toFile(), tok);
  }

  /** GPT-2's byte-to-unicode table. */
  private static int[] gpt2Bytes() {
    int[] map = new int[256];
    boolean[] printable = new boolean[256];
    for (int c = '!'; c <= '~'; c++) {
      printable[c] = true;
    }
    for (int c = 0xA1; c <= 0xAC; c++) {
      printable[c] = true;
    }
    for (int c = 0xAE; c <= 0xFF; c++) {
      printable[c] = true;
    }
    int n = 0;
    for (int c = 0; c < 256; c++) {
      map[c] = printable[c] ? c : 256 + n++;
    }
    return map;
  }
}
