package org.spatialssrl.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.spatialssrl.model.qwen.RandomQwenCheckpoint;
import org.spatialssrl.model.safetensors.SafetensorsWriter;

/**
 * Writes a tiny random-weight Qwen2.5-VL-style checkpoint for tests: config, safetensors,
 * a byte-level tokenizer with ChatML special tokens, a chat template and a generation config.
 */
public final class TinyCheckpoint {
  /** The special tokens, at ids 256, 257, 258. */
  static final String[] SPECIALS = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};

  static final String TEMPLATE =
      "{% for message in messages %}{% if loop.first and message['role'] != 'system' %}"
          + "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}"
          + "<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}"
          + "{{ message['content'] }}{% else %}{% for c in message['content'] %}"
          + "{% if 'text' in c %}{{ c['text'] }}{% endif %}{% endfor %}{% endif %}<|im_end|>\n"
          + "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

  int hidden = 32;
  int layers = 2;
  int heads = 4;
  int kvHeads = 2;
  int intermediate = 48;
  int vocab = 262;
  boolean tied;
  boolean newNames;
  String dtype = "F32";
  long seed = 7;
  int[] mropeSection = {2, 1, 1};
  boolean sharded;
  String dropTensor;
  String badShapeTensor;

  private TinyCheckpoint() {}

  /**
   * The default shape: hidden 32, 2 layers, 4 heads / 2 KV heads, untied, F32, old names.
   *
   * @return a new description
   */
  public static TinyCheckpoint shape() {
    return new TinyCheckpoint();
  }

  TinyCheckpoint heads(int h, int kv) {
    heads = h;
    kvHeads = kv;
    return this;
  }

  TinyCheckpoint tied(boolean t) {
    tied = t;
    return this;
  }

  TinyCheckpoint newNames(boolean n) {
    newNames = n;
    return this;
  }

  TinyCheckpoint dtype(String d) {
    dtype = d;
    return this;
  }

  TinyCheckpoint seed(long s) {
    seed = s;
    return this;
  }

  TinyCheckpoint sharded(boolean s) {
    sharded = s;
    return this;
  }

  TinyCheckpoint drop(String name) {
    dropTensor = name;
    return this;
  }

  TinyCheckpoint badShape(String name) {
    badShapeTensor = name;
    return this;
  }

  /**
   * Writes the checkpoint into {@code dir}.
   *
   * @param dir the directory (created)
   * @return {@code dir}
   * @throws IOException when writing fails
   */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectMapper json = new ObjectMapper();
    int headDim = hidden / heads;
    ObjectNode cfg = json.createObjectNode();
    cfg.putArray("architectures").add("Qwen2_5_VLForConditionalGeneration");
    cfg.put("model_type", "qwen2_5_vl");
    cfg.put("hidden_size", hidden);
    cfg.put("intermediate_size", intermediate);
    cfg.put("num_hidden_layers", layers);
    cfg.put("num_attention_heads", heads);
    cfg.put("num_key_value_heads", kvHeads);
    cfg.put("rms_norm_eps", 1e-6);
    cfg.put("rope_theta", 10000.0);
    cfg.put("vocab_size", vocab);
    cfg.put("tie_word_embeddings", tied);
    cfg.put("eos_token_id", 258);
    ObjectNode rope = cfg.putObject("rope_scaling");
    rope.put("type", "mrope");
    ArrayNode sec = rope.putArray("mrope_section");
    int rest = headDim / 2;
    for (int i = 0; i < 3; i++) {
      int s = i < 2 ? Math.min(mropeSection[i], rest) : rest;
      sec.add(s);
      rest -= s;
    }
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), cfg);

    Random rng = new Random(seed);
    SafetensorsWriter w = new SafetensorsWriter();
    String lm = newNames ? "model.language_model." : "model.";
    int q = heads * headDim;
    int kv = kvHeads * headDim;
    add(w, rng, lm + "embed_tokens.weight", 0.5f, vocab, hidden);
    for (int i = 0; i < layers; i++) {
      String p = lm + "layers." + i + ".";
      addNorm(w, rng, p + "input_layernorm.weight", hidden);
      addNorm(w, rng, p + "post_attention_layernorm.weight", hidden);
      add(w, rng, p + "self_attn.q_proj.weight", 0.3f, q, hidden);
      add(w, rng, p + "self_attn.q_proj.bias", 0.3f, q);
      add(w, rng, p + "self_attn.k_proj.weight", 0.3f, kv, hidden);
      add(w, rng, p + "self_attn.k_proj.bias", 0.3f, kv);
      add(w, rng, p + "self_attn.v_proj.weight", 0.3f, kv, hidden);
      add(w, rng, p + "self_attn.v_proj.bias", 0.3f, kv);
      add(w, rng, p + "self_attn.o_proj.weight", 0.2f, hidden, q);
      add(w, rng, p + "mlp.gate_proj.weight", 0.2f, intermediate, hidden);
      add(w, rng, p + "mlp.up_proj.weight", 0.2f, intermediate, hidden);
      add(w, rng, p + "mlp.down_proj.weight", 0.2f, hidden, intermediate);
    }
    addNorm(w, rng, lm + "norm.weight", hidden);
    if (!tied) {
      add(w, rng, "lm_head.weight", 0.5f, vocab, hidden);
    }
    // A vision tower tensor under the matching scheme, ignored by the language model.
    add(w, rng, newNames ? "model.visual.merger.ln_q.weight" : "visual.merger.ln_q.weight", 1f, 4);
    if (sharded) {
      // Two shards (tensors alternate between them) and the index that maps names to files.
      SafetensorsWriter[] shards = {new SafetensorsWriter(), new SafetensorsWriter()};
      ObjectNode index = json.createObjectNode();
      index.putObject("metadata");
      ObjectNode map = index.putObject("weight_map");
      int i = 0;
      for (var e : w.tensors().entrySet()) {
        shards[i % 2].add(e.getKey(), e.getValue().shape(), e.getValue().data());
        map.put(e.getKey(), "model-0000" + (i % 2 + 1) + "-of-00002.safetensors");
        i++;
      }
      shards[0].write(dir.resolve("model-00001-of-00002.safetensors"), dtype);
      shards[1].write(dir.resolve("model-00002-of-00002.safetensors"), dtype);
      json.writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
    } else {
      w.write(dir.resolve("model.safetensors"), dtype);
    }

    RandomQwenCheckpoint.writeByteTokenizer(dir, java.util.List.of(SPECIALS));
    ObjectNode tc = json.createObjectNode();
    tc.put("eos_token", "<|im_end|>");
    tc.put("pad_token", "<|endoftext|>");
    tc.put("chat_template", TEMPLATE);
    json.writeValue(dir.resolve("tokenizer_config.json").toFile(), tc);
    ObjectNode gen = json.createObjectNode();
    gen.putArray("eos_token_id").add(258).add(256);
    gen.put("pad_token_id", 256);
    json.writeValue(dir.resolve("generation_config.json").toFile(), gen);
    return dir;
  }

  private void add(SafetensorsWriter w, Random rng, String name, float std, int... shape) {
    long n = 1;
    long[] s = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      n *= shape[i];
      s[i] = shape[i];
    }
    if (badShapeTensor != null && name.endsWith(badShapeTensor)) {
      s[0] += 1;
      n = n / shape[0] * s[0];
    }
    float[] d = new float[(int) n];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextGaussian() * std);
    }
    if (dropTensor != null && name.endsWith(dropTensor)) {
      return;
    }
    w.add(name, s, d);
  }

  private void addNorm(SafetensorsWriter w, Random rng, String name, int n) {
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = 1f + (float) (rng.nextGaussian() * 0.1);
    }
    if (dropTensor != null && name.endsWith(dropTensor)) {
      return;
    }
    w.add(name, new long[] {n}, d);
  }
}
