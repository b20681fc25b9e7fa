package org.spatialssrl.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;

/**
 * The Qwen2 language model as Qwen2.5-VL uses it: token embeddings, RMSNorm, grouped-query
 * attention with q/k/v biases and multimodal rotary embeddings, SwiGLU MLP, tied or untied head.
 *
 * <p>The forward pass takes input embeddings and 3-axis position ids, so that a vision front end
 * only has to merge image features into the embeddings and supply the multimodal positions. For
 * text, all three axes carry the same position.
 *
 * <p>Arrays returned by the methods belong to the manager of the input array; weights belong to
 * the decoder's own manager, released by {@link #close()}.
 */
public final class QwenDecoder implements AutoCloseable {

  /** The additive attention bias for masked positions. */
  static final float MASKED = -1e30f;

  private record Layer(
      NDArray inputNorm, NDArray qkvWeight, NDArray qkvBias, NDArray oWeight,
      NDArray postNorm, NDArray gateUpWeight, NDArray downWeight) {}

  private final QwenTextConfig config;
  private final DataType computeType;
  private final NDManager manager;
  private final NDArray embedTokens;
  private final Layer[] layers;
  private final NDArray finalNorm;
  private final NDArray lmHead;
  private final NDArray[] invFreqSections;
  private final Map<String, NDArray> parameters;
  private volatile DecoderAdapter adapter;

  private QwenDecoder(
      QwenTextConfig config, DataType computeType, NDManager manager, NDArray embedTokens,
      Layer[] layers, NDArray finalNorm, NDArray lmHead, Map<String, NDArray> parameters) {
    this.config = config;
    this.computeType = computeType;
    this.manager = manager;
    this.embedTokens = embedTokens;
    this.layers = layers;
    this.finalNorm = finalNorm;
    this.lmHead = lmHead;
    this.parameters = Collections.unmodifiableMap(parameters);
    // inv_freq = 1 / theta^(arange(0, d, 2) / d), in float32 as the reference computes it.
    int d = config.headDim();
    NDArray exponent = manager.arange(0, d, 2).toType(DataType.FLOAT32, false).div((float) d);
    NDArray invFreq = manager.create((float) config.ropeTheta()).pow(exponent);
    invFreq = manager.ones(invFreq.getShape()).div(invFreq);
    int[] section = config.mropeSection();
    invFreqSections = new NDArray[section.length];
    int start = 0;
    for (int a = 0; a < section.length; a++) {
      invFreqSections[a] = invFreq.get(new NDIndex("{}:{}", start, start + section[a]));
      start += section[a];
    }
  }

  /**
   * Loads the language-model weights of a checkpoint. Both the original names
   * ({@code model.layers...}) and the newer ones ({@code model.language_model.layers...}) are
   * accepted; a missing or mis-shaped tensor raises an exception naming it.
   *
   * @param checkpoint the checkpoint's tensors
   * @param config the text configuration
   * @param computeType FLOAT32 or FLOAT16 (BF16 weights are widened exactly)
   * @param parent the manager under which the weights are allocated
   * @return the decoder
   */
  public static QwenDecoder load(
      SafetensorsCheckpoint checkpoint, QwenTextConfig config, DataType computeType,
      NDManager parent) {
    if (computeType == DataType.BFLOAT16) {
      // DJL 0.36's PyTorch JNI aborts the JVM on any conversion to bfloat16 (checked on
      // libtorch 2.7.1 CPU), so BF16 compute cannot be offered safely through DJL.
      throw new IllegalArgumentException(
          "BF16 compute is not available through DJL 0.36 (its PyTorch binding aborts on bfloat16"
              + " tensors); use FLOAT32, or FLOAT16 to halve the weight memory");
    }
    if (computeType != DataType.FLOAT32 && computeType != DataType.FLOAT16) {
      throw new IllegalArgumentException("compute type must be FLOAT32 or FLOAT16, not " + computeType);
    }
    String prefix = checkpoint.has("model.language_model.embed_tokens.weight")
        ? "model.language_model." : "model.";
    NDManager m = parent.newSubManager();
    try {
      Map<String, NDArray> params = new LinkedHashMap<>();
      long h = config.hiddenSize();
      long q = (long) config.numHeads() * config.headDim();
      long kv = (long) config.numKvHeads() * config.headDim();
      long inter = config.intermediateSize();
      java.util.function.BiFunction<String, long[], NDArray> w =
          (name, shape) -> checkpoint.load(m, prefix + name, shape, computeType);
      NDArray embed = w.apply("embed_tokens.weight", new long[] {config.vocabSize(), h});
      params.put("embed_tokens", embed);
      Layer[] layers = new Layer[config.numLayers()];
      for (int i = 0; i < layers.length; i++) {
        String p = "layers." + i + ".";
        NDArray qkvW = concat(m,
            w.apply(p + "self_attn.q_proj.weight", new long[] {q, h}),
            w.apply(p + "self_attn.k_proj.weight", new long[] {kv, h}),
            w.apply(p + "self_attn.v_proj.weight", new long[] {kv, h}));
        NDArray qkvB = concat(m,
            w.apply(p + "self_attn.q_proj.bias", new long[] {q}),
            w.apply(p + "self_attn.k_proj.bias", new long[] {kv}),
            w.apply(p + "self_attn.v_proj.bias", new long[] {kv}));
        NDArray gateUp = concat(m,
            w.apply(p + "mlp.gate_proj.weight", new long[] {inter, h}),
            w.apply(p + "mlp.up_proj.weight", new long[] {inter, h}));
        layers[i] = new Layer(
            w.apply(p + "input_layernorm.weight", new long[] {h}),
            qkvW, qkvB,
            w.apply(p + "self_attn.o_proj.weight", new long[] {h, q}),
            w.apply(p + "post_attention_layernorm.weight", new long[] {h}),
            gateUp,
            w.apply(p + "mlp.down_proj.weight", new long[] {h, inter}));
        params.put(p + "input_layernorm", layers[i].inputNorm());
        params.put(p + "self_attn.qkv_proj.weight", qkvW);
        params.put(p + "self_attn.qkv_proj.bias", qkvB);
        params.put(p + "self_attn.o_proj.weight", layers[i].oWeight());
        params.put(p + "post_attention_layernorm", layers[i].postNorm());
        params.put(p + "mlp.gate_up_proj.weight", gateUp);
        params.put(p + "mlp.down_proj.weight", layers[i].downWeight());
      }
      NDArray norm = w.apply("norm.weight", new long[] {h});
      params.put("norm", norm);
      NDArray head;
      if (config.tieWordEmbeddings()) {
        head = embed;
      } else {
        if (!checkpoint.has("lm_head.weight")) {
          throw new CheckpointException(
              "tensor lm_head.weight is missing from the checkpoint and tie_word_embeddings is false");
        }
        head = checkpoint.load(m, "lm_head.weight", new long[] {config.vocabSize(), h}, computeType);
        params.put("lm_head", head);
      }
      return new QwenDecoder(config, computeType, m, embed, layers, norm, head, params);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  private static NDArray concat(NDManager m, NDArray... parts) {
    NDArray out = ai.djl.ndarray.NDArrays.concat(new NDList(parts), 0);
    for (NDArray p : parts) {
      p.close();
    }
    out.attach(m);
    return out;
  }

  /**
   * The text configuration.
   *
   * @return the configuration
   */
  public QwenTextConfig config() {
    return config;
  }

  /**
   * The compute data type.
   *
   * @return FLOAT32 or FLOAT16
   */
  public DataType computeType() {
    return computeType;
  }

  /**
   * The weights by name, for a trainer that needs gradients ({@code setRequiresGradient}). The
   * attention q/k/v projections are stored fused ({@code qkv_proj}, rows q then k then v) and the
   * MLP gate/up projections too ({@code gate_up_proj}, rows gate then up).
   *
   * @return an unmodifiable map from name to weight
   */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /**
   * Attaches an adapter whose changes are added to the projections' outputs from now on (a LoRA
   * adapter), or removes it with null. Generation, scoring and training all see it.
   *
   * @param adapter the adapter, or null
   */
  public void setAdapter(DecoderAdapter adapter) {
    this.adapter = adapter;
  }

  /**
   * The attached adapter.
   *
   * @return the adapter, or null
   */
  public DecoderAdapter adapter() {
    return adapter;
  }

  /** A projection's output plus the adapter's change, if any. */
  private NDArray adapted(NDArray out, int layer, DecoderAdapter.Site site, NDArray input) {
    DecoderAdapter a = adapter;
    if (a == null) {
      return out;
    }
    NDArray d = a.delta(layer, site, input);
    return d == null ? out : out.add(d);
  }

  /**
   * Looks up token embeddings.
   *
   * @param ids token ids {@code (B, L)}, INT64
   * @return embeddings {@code (B, L, hidden)} in the compute type, in the manager of {@code ids}
   */
  public NDArray embed(NDArray ids) {
    return ids.getNDArrayInternal().embedding(ids, embedTokens, SparseFormat.DENSE).singletonOrThrow();
  }

  /**
   * Runs the decoder layers and the final norm.
   *
   * @param inputsEmbeds input embeddings {@code (B, L, hidden)}
   * @param positionIds positions {@code (3, B, L)} INT64 (temporal, height, width)
   * @param attentionBias additive bias {@code (B, 1, 1, L, past + L)} in the compute type: 0 where
   *     a query may attend to a key, a large negative value elsewhere
   * @param cache the cache to read from and append to, or null for a cache-free pass
   * @return the final hidden states {@code (B, L, hidden)}
   */
  public NDArray forward(NDArray inputsEmbeds, NDArray positionIds, NDArray attentionBias, KvCache cache) {
    NDArray[] cosSin = rotary(positionIds);
    NDManager owner = inputsEmbeds.getManager();
    NDArray x = inputsEmbeds;
    for (int i = 0; i < layers.length; i++) {
      Layer layer = layers[i];
      // Each layer's intermediates live in a manager of their own, released when the layer is
      // done (autograd keeps what backward needs); only the layer output stays.
      try (NDManager scratch = owner.newSubManager()) {
        x.tempAttach(scratch);
        NDArray attn = attention(i, layer, rmsNorm(x, layer.inputNorm()), cosSin, attentionBias, cache);
        NDArray h = x.add(attn);
        NDArray out = h.add(mlp(i, layer, rmsNorm(h, layer.postNorm())));
        out.attach(owner);
        x = out;
      }
    }
    return rmsNorm(x, finalNorm);
  }

  /**
   * The output head, in float32.
   *
   * @param hidden final hidden states {@code (..., hidden)}
   * @return logits {@code (..., vocab)} in FLOAT32
   */
  public NDArray logits(NDArray hidden) {
    NDArray logits = Linear.linear(hidden, lmHead).singletonOrThrow();
    return logits.getDataType() == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false);
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    return RmsNorm.apply(x, weight, config.rmsNormEps(), computeType);
  }

  /** Returns cos and sin {@code (B, 1, L, headDim)} in the compute type. */
  private NDArray[] rotary(NDArray positionIds) {
    NDArray pos = positionIds.toType(DataType.FLOAT32, false);
    NDList parts = new NDList(invFreqSections.length);
    for (int a = 0; a < invFreqSections.length; a++) {
      // (B, L, 1) * (F_a) -> (B, L, F_a)
      parts.add(pos.get(a).expandDims(-1).mul(invFreqSections[a]));
    }
    NDArray freqs = ai.djl.ndarray.NDArrays.concat(parts, -1);
    NDArray emb = freqs.concat(freqs, -1).expandDims(1);
    NDArray cos = emb.cos();
    NDArray sin = emb.sin();
    if (computeType != DataType.FLOAT32) {
      cos = cos.toType(computeType, false);
      sin = sin.toType(computeType, false);
    }
    return new NDArray[] {cos, sin};
  }

  private NDArray applyRotary(NDArray x, NDArray[] cosSin) {
    long half = config.headDim() / 2;
    NDArray x1 = x.get(new NDIndex("..., :{}", half));
    NDArray x2 = x.get(new NDIndex("..., {}:", half));
    NDArray rotated = x2.neg().concat(x1, -1);
    return x.mul(cosSin[0]).add(rotated.mul(cosSin[1]));
  }

  private NDArray attention(
      int index, Layer layer, NDArray x, NDArray[] cosSin, NDArray bias, KvCache cache) {
    Shape s = x.getShape();
    long b = s.get(0);
    long l = s.get(1);
    int hd = config.headDim();
    int nh = config.numHeads();
    int nkv = config.numKvHeads();
    NDArray qkv = adapted(Linear.linear(x, layer.qkvWeight(), layer.qkvBias()).singletonOrThrow(),
        index, DecoderAdapter.Site.QKV, x);
    long qw = (long) nh * hd;
    long kw = (long) nkv * hd;
    NDArray q = qkv.get(new NDIndex(":, :, :{}", qw)).reshape(b, l, nh, hd).transpose(0, 2, 1, 3);
    NDArray k = qkv.get(new NDIndex(":, :, {}:{}", qw, qw + kw)).reshape(b, l, nkv, hd)
        .transpose(0, 2, 1, 3);
    NDArray v = qkv.get(new NDIndex(":, :, {}:", qw + kw)).reshape(b, l, nkv, hd)
        .transpose(0, 2, 1, 3);
    q = applyRotary(q, cosSin);
    k = applyRotary(k, cosSin);
    if (cache != null) {
      NDArray[] kvAll = cache.append(index, k, v);
      k = kvAll[0];
      v = kvAll[1];
    }
    int group = config.groupSize();
    // Query heads h = kv * group + g share key/value head kv: view q as (B, kv, group * L, D) so
    // that both products are plain batched matrix products over (B, kv), without broadcasting.
    NDArray qg = q.reshape(b, nkv, group * l, hd).mul((float) (1.0 / Math.sqrt(hd)));
    NDArray scores = qg.matMul(k.transpose(0, 1, 3, 2));
    long t = k.getShape().get(2);
    scores = scores.reshape(b, nkv, group, l, t).add(bias);
    NDArray probs;
    if (computeType == DataType.FLOAT32) {
      probs = scores.softmax(-1);
    } else {
      probs = scores.toType(DataType.FLOAT32, false).softmax(-1).toType(computeType, false);
    }
    NDArray out = probs.reshape(b, nkv, group * l, t).matMul(v); // (B, kv, group * L, D)
    out = out.reshape(b, nh, l, hd).transpose(0, 2, 1, 3).reshape(b, l, qw);
    return adapted(Linear.linear(out, layer.oWeight()).singletonOrThrow(), index,
        DecoderAdapter.Site.O, out);
  }

  private NDArray mlp(int index, Layer layer, NDArray x) {
    NDArray gu = adapted(Linear.linear(x, layer.gateUpWeight()).singletonOrThrow(), index,
        DecoderAdapter.Site.GATE_UP, x);
    long inter = config.intermediateSize();
    NDArray gate = gu.get(new NDIndex("..., :{}", inter));
    NDArray up = gu.get(new NDIndex("..., {}:", inter));
    NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up);
    return adapted(Linear.linear(act, layer.downWeight()).singletonOrThrow(), index,
        DecoderAdapter.Site.DOWN, act);
  }

  @Override
  public void close() {
    manager.close();
  }
}
