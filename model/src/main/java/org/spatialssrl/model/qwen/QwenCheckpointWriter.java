package org.spatialssrl.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spatialssrl.io.AtomicDirectory;
import org.spatialssrl.model.hf.HfConfigFiles;
import org.spatialssrl.model.hf.HfWeights;
import org.spatialssrl.model.safetensors.SafetensorsWriter.Values;
import org.spatialssrl.model.vision.VisionConfig;
import org.spatialssrl.model.vision.VisionTower;

/**
 * Saves a loaded {@link QwenModel}, with its current (for example trained) weights, as a Hugging
 * Face Qwen2.5-VL checkpoint directory that {@code QwenModel}, transformers and vLLM load: the
 * released tensor names ({@code model.layers.N...}, {@code visual...}, {@code lm_head.weight}),
 * q/k/v and gate/up written as separate projections again, the patch embedding in its
 * convolution shape, weights sharded above the shard size, and the source directory's
 * configuration, tokenizer, chat template and processor files.
 */
public final class QwenCheckpointWriter {
  private final String dtype;
  private final long maxShardBytes;
  private final WeightDelta delta;

  /**
   * A change added to the decoder's projection weights as they are written (a LoRA merge).
   */
  @FunctionalInterface
  public interface WeightDelta {
    /**
     * The change of one projection weight, or null for none.
     *
     * @param layer the decoder layer
     * @param projection {@code q_proj}, {@code k_proj}, {@code v_proj}, {@code o_proj},
     *     {@code gate_proj}, {@code up_proj} or {@code down_proj}
     * @param weight the current weight {@code (out, in)}
     * @return a float32 array of the weight's shape, or null; the writer closes it
     */
    NDArray delta(int layer, String projection, NDArray weight);
  }

  private QwenCheckpointWriter(Builder b) {
    this.dtype = b.dtype;
    this.maxShardBytes = b.maxShardBytes;
    this.delta = b.delta;
  }

  /**
   * Starts a builder: the checkpoint's own weight type ({@code torch_dtype}), 5 GB shards.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of the writer. */
  public static final class Builder {
    private String dtype;
    private long maxShardBytes = HfWeights.DEFAULT_MAX_SHARD_BYTES;
    private WeightDelta delta;

    private Builder() {}

    /**
     * The stored weight type: {@code F32}, {@code BF16} or {@code F16}; null (default) for the
     * source's {@code torch_dtype}. Use F32 for checkpoints a run resumes from.
     *
     * @param dtype the type
     * @return this builder
     */
    public Builder optDtype(String dtype) {
      this.dtype = dtype;
      return this;
    }

    /**
     * The largest shard (default 5 GB).
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder optMaxShardBytes(long bytes) {
      this.maxShardBytes = bytes;
      return this;
    }

    /**
     * Adds a change to the decoder projections as they are written (a LoRA merge).
     *
     * @param delta the change
     * @return this builder
     */
    public Builder optWeightDelta(WeightDelta delta) {
      this.delta = delta;
      return this;
    }

    /**
     * Builds the writer.
     *
     * @return the writer
     */
    public QwenCheckpointWriter build() {
      return new QwenCheckpointWriter(this);
    }
  }

  /**
   * Writes the checkpoint atomically (a temporary sibling renamed when complete).
   *
   * @param model the model
   * @param out the new directory (absent or empty)
   * @throws IOException when writing fails or {@code out} has content
   */
  public void write(QwenModel model, Path out) throws IOException {
    AtomicDirectory.create(out, dir -> writeInto(model, dir));
  }

  /**
   * Writes the checkpoint's files into an existing directory (for callers that make the
   * directory atomic themselves, such as a trainer's checkpoint with its own state files).
   *
   * @param model the model
   * @param dir the directory
   * @throws IOException when writing fails
   */
  public void writeInto(QwenModel model, Path dir) throws IOException {
    String type = dtype != null ? dtype : HfWeights.dtypeOf(model.config().torchDtype());
    HfConfigFiles.copy(model.dir(), dir, HfWeights.torchDtypeOf(type));
    HfWeights.write(dir, tensors(model, type, delta), maxShardBytes);
  }

  /**
   * The tensors of a model under their released names, in the order transformers stores them.
   *
   * @param model the model
   * @param dtype the stored type
   * @param delta a change added to the decoder projections, or null
   * @return the tensors (their values are read from the model while writing)
   */
  public static List<HfWeights.Tensor> tensors(QwenModel model, String dtype, WeightDelta delta) {
    List<HfWeights.Tensor> out = new ArrayList<>();
    QwenTextConfig c = model.config();
    Map<String, NDArray> p = model.decoder().parameters();
    long h = c.hiddenSize();
    long q = (long) c.numHeads() * c.headDim();
    long kv = (long) c.numKvHeads() * c.headDim();
    long inter = c.intermediateSize();
    add(out, "model.embed_tokens.weight", p.get("embed_tokens"), dtype);
    for (int i = 0; i < c.numLayers(); i++) {
      String n = "layers." + i + ".";
      String m = "model." + n;
      NDArray qkv = p.get(n + "self_attn.qkv_proj.weight");
      NDArray qkvB = p.get(n + "self_attn.qkv_proj.bias");
      add(out, m + "input_layernorm.weight", p.get(n + "input_layernorm"), dtype);
      projection(out, m + "self_attn.q_proj.weight", qkv, 0, q, dtype, delta, i, "q_proj");
      rows(out, m + "self_attn.q_proj.bias", qkvB, 0, q, dtype);
      projection(out, m + "self_attn.k_proj.weight", qkv, q, q + kv, dtype, delta, i, "k_proj");
      rows(out, m + "self_attn.k_proj.bias", qkvB, q, q + kv, dtype);
      projection(out, m + "self_attn.v_proj.weight", qkv, q + kv, q + 2 * kv, dtype, delta, i, "v_proj");
      rows(out, m + "self_attn.v_proj.bias", qkvB, q + kv, q + 2 * kv, dtype);
      NDArray o = p.get(n + "self_attn.o_proj.weight");
      projection(out, m + "self_attn.o_proj.weight", o, 0, h, dtype, delta, i, "o_proj");
      add(out, m + "post_attention_layernorm.weight", p.get(n + "post_attention_layernorm"), dtype);
      NDArray gu = p.get(n + "mlp.gate_up_proj.weight");
      projection(out, m + "mlp.gate_proj.weight", gu, 0, inter, dtype, delta, i, "gate_proj");
      projection(out, m + "mlp.up_proj.weight", gu, inter, 2 * inter, dtype, delta, i, "up_proj");
      NDArray down = p.get(n + "mlp.down_proj.weight");
      projection(out, m + "mlp.down_proj.weight", down, 0, h, dtype, delta, i, "down_proj");
    }
    add(out, "model.norm.weight", p.get("norm"), dtype);
    if (!c.tieWordEmbeddings()) {
      add(out, "lm_head.weight", p.get("lm_head"), dtype);
    }
    VisionTower tower = model.vision();
    if (tower != null) {
      vision(out, tower, dtype);
    }
    return out;
  }

  private static void vision(List<HfWeights.Tensor> out, VisionTower tower, String dtype) {
    VisionConfig vc = tower.config();
    Map<String, NDArray> p = tower.parameters();
    long h = vc.hiddenSize();
    long inter = vc.intermediateSize();
    // The patch embedding is held flattened to (hidden, C*T*P*P); the values are in the
    // convolution kernel's C order already.
    out.add(new HfWeights.Tensor("visual.patch_embed.proj.weight",
        new long[] {h, vc.inChannels(), vc.temporalPatchSize(), vc.patchSize(), vc.patchSize()},
        dtype, Values.of(p.get("patch_embed.proj.weight"))));
    for (int i = 0; i < vc.depth(); i++) {
      String n = "blocks." + i + ".";
      for (String name : new String[] {"norm1.weight", "norm2.weight", "attn.qkv.weight",
          "attn.qkv.bias", "attn.proj.weight", "attn.proj.bias"}) {
        add(out, "visual." + n + name, p.get(n + name), dtype);
      }
      NDArray gu = p.get(n + "mlp.gate_up_proj.weight");
      NDArray guB = p.get(n + "mlp.gate_up_proj.bias");
      rows(out, "visual." + n + "mlp.gate_proj.weight", gu, 0, inter, dtype);
      rows(out, "visual." + n + "mlp.gate_proj.bias", guB, 0, inter, dtype);
      rows(out, "visual." + n + "mlp.up_proj.weight", gu, inter, 2 * inter, dtype);
      rows(out, "visual." + n + "mlp.up_proj.bias", guB, inter, 2 * inter, dtype);
      add(out, "visual." + n + "mlp.down_proj.weight", p.get(n + "mlp.down_proj.weight"), dtype);
      add(out, "visual." + n + "mlp.down_proj.bias", p.get(n + "mlp.down_proj.bias"), dtype);
    }
    for (String name : new String[] {"merger.ln_q.weight", "merger.mlp.0.weight",
        "merger.mlp.0.bias", "merger.mlp.2.weight", "merger.mlp.2.bias"}) {
      add(out, "visual." + name, p.get(name), dtype);
    }
  }

  private static void add(List<HfWeights.Tensor> out, String name, NDArray a, String dtype) {
    out.add(new HfWeights.Tensor(name, a.getShape().getShape(), dtype, Values.of(a)));
  }

  /** Rows {@code [from, to)} of a fused array, as a tensor of its own. */
  private static void rows(
      List<HfWeights.Tensor> out, String name, NDArray fused, long from, long to, String dtype) {
    projection(out, name, fused, from, to, dtype, null, -1, null);
  }

  private static void projection(List<HfWeights.Tensor> out, String name, NDArray fused,
      long from, long to, String dtype, WeightDelta delta, int layer, String projection) {
    long[] shape = fused.getShape().getShape().clone();
    boolean whole = from == 0 && to == shape[0];
    shape[0] = to - from;
    out.add(new HfWeights.Tensor(name, shape, dtype, sink -> {
      NDArray part = whole ? fused : fused.get(new NDIndex("{}:{}", from, to));
      NDArray d = delta == null ? null : delta.delta(layer, projection, part);
      try {
        if (d == null) {
          Values.of(part).emit(sink);
        } else {
          // In float32, then rounded once to the stored type.
          try (NDArray merged = d.add(part)) {
            Values.of(merged).emit(sink);
          }
        }
      } finally {
        if (d != null) {
          d.close();
        }
        if (!whole) {
          part.close();
        }
      }
    }));
  }
}
