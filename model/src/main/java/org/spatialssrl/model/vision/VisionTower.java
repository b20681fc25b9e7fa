package org.spatialssrl.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spatialssrl.model.qwen.RmsNorm;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;

/**
 * The Qwen2.5-VL vision tower ({@code Qwen2_5_VisionTransformerPretrainedModel}): patch
 * embedding, 2D rotary embeddings, blocks of RMSNorm, window or full self-attention and SwiGLU
 * MLP, the 2x2 patch merger, and the inverse of the window reordering, so that the output rows
 * follow the images' merged tokens in reading order.
 *
 * <p>Window attention runs all windows of a block as one batched product (windows shorter than
 * the longest are padded and masked).
 */
public final class VisionTower implements AutoCloseable {
  private static final float MASKED = -1e30f;
  /** The default for the most bytes of float32 attention scores computed at once. */
  private static final long SCORE_BYTES = 256L << 20;

  private record Block(
      NDArray norm1, NDArray qkvW, NDArray qkvB, NDArray projW, NDArray projB, NDArray norm2,
      NDArray gateUpW, NDArray gateUpB, NDArray downW, NDArray downB) {}

  private final VisionConfig config;
  private final DataType computeType;
  private final NDManager manager;
  private final NDArray patchEmbed;
  private final Block[] blocks;
  private final NDArray mergerNorm;
  private final NDArray mergerW1;
  private final NDArray mergerB1;
  private final NDArray mergerW2;
  private final NDArray mergerB2;
  private final NDArray invFreq;
  private final Map<String, NDArray> parameters;
  private volatile long scoreBytes = SCORE_BYTES;

  private VisionTower(
      VisionConfig config, DataType computeType, NDManager manager, NDArray patchEmbed,
      Block[] blocks, NDArray[] merger, Map<String, NDArray> parameters) {
    this.config = config;
    this.computeType = computeType;
    this.manager = manager;
    this.patchEmbed = patchEmbed;
    this.blocks = blocks;
    this.mergerNorm = merger[0];
    this.mergerW1 = merger[1];
    this.mergerB1 = merger[2];
    this.mergerW2 = merger[3];
    this.mergerB2 = merger[4];
    this.parameters = Collections.unmodifiableMap(parameters);
    // VisionRotaryEmbedding(head_dim / 2): inv_freq = 1 / 10000^(arange(0, dim, 2) / dim), float32.
    int dim = config.headDim() / 2;
    NDArray exponent = manager.arange(0, dim, 2).toType(DataType.FLOAT32, false).div((float) dim);
    NDArray f = manager.create(10000f).pow(exponent);
    this.invFreq = manager.ones(f.getShape()).div(f);
  }

  /**
   * Whether a checkpoint holds vision weights.
   *
   * @param checkpoint the checkpoint
   * @return true when a patch embedding is present under either naming scheme
   */
  public static boolean present(SafetensorsCheckpoint checkpoint) {
    return checkpoint.has("visual.patch_embed.proj.weight")
        || checkpoint.has("model.visual.patch_embed.proj.weight");
  }

  /**
   * Loads the vision weights ({@code visual.*} or {@code model.visual.*}).
   *
   * @param checkpoint the checkpoint
   * @param config the vision configuration
   * @param computeType FLOAT32 or FLOAT16
   * @param parent the manager under which the weights are allocated
   * @return the tower
   * @throws org.spatialssrl.model.CheckpointException naming a missing or mis-shaped tensor
   */
  public static VisionTower load(
      SafetensorsCheckpoint checkpoint, VisionConfig config, DataType computeType, NDManager parent) {
    if (computeType != DataType.FLOAT32 && computeType != DataType.FLOAT16) {
      throw new IllegalArgumentException("compute type must be FLOAT32 or FLOAT16, not " + computeType);
    }
    String prefix = checkpoint.has("model.visual.patch_embed.proj.weight") ? "model.visual." : "visual.";
    NDManager m = parent.newSubManager();
    try {
      Map<String, NDArray> params = new LinkedHashMap<>();
      long h = config.hiddenSize();
      long inter = config.intermediateSize();
      java.util.function.BiFunction<String, long[], NDArray> w =
          (name, shape) -> checkpoint.load(m, prefix + name, shape, computeType);
      int ps = config.patchSize();
      NDArray conv = w.apply("patch_embed.proj.weight",
          new long[] {h, config.inChannels(), config.temporalPatchSize(), ps, ps});
      // A convolution with stride = kernel over (C, T, P, P) patches is a product with the
      // flattened kernel.
      NDArray patch = conv.reshape(h, config.patchDim()).duplicate();
      conv.close();
      params.put("patch_embed.proj.weight", patch);
      Block[] blocks = new Block[config.depth()];
      for (int i = 0; i < blocks.length; i++) {
        String p = "blocks." + i + ".";
        NDArray gateUp = fuse(
            w.apply(p + "mlp.gate_proj.weight", new long[] {inter, h}),
            w.apply(p + "mlp.up_proj.weight", new long[] {inter, h}));
        NDArray gateUpB = fuse(
            w.apply(p + "mlp.gate_proj.bias", new long[] {inter}),
            w.apply(p + "mlp.up_proj.bias", new long[] {inter}));
        blocks[i] = new Block(
            w.apply(p + "norm1.weight", new long[] {h}),
            w.apply(p + "attn.qkv.weight", new long[] {3 * h, h}),
            w.apply(p + "attn.qkv.bias", new long[] {3 * h}),
            w.apply(p + "attn.proj.weight", new long[] {h, h}),
            w.apply(p + "attn.proj.bias", new long[] {h}),
            w.apply(p + "norm2.weight", new long[] {h}),
            gateUp, gateUpB,
            w.apply(p + "mlp.down_proj.weight", new long[] {h, inter}),
            w.apply(p + "mlp.down_proj.bias", new long[] {h}));
        Block b = blocks[i];
        params.put(p + "norm1.weight", b.norm1());
        params.put(p + "attn.qkv.weight", b.qkvW());
        params.put(p + "attn.qkv.bias", b.qkvB());
        params.put(p + "attn.proj.weight", b.projW());
        params.put(p + "attn.proj.bias", b.projB());
        params.put(p + "norm2.weight", b.norm2());
        params.put(p + "mlp.gate_up_proj.weight", gateUp);
        params.put(p + "mlp.gate_up_proj.bias", gateUpB);
        params.put(p + "mlp.down_proj.weight", b.downW());
        params.put(p + "mlp.down_proj.bias", b.downB());
      }
      long mh = h * config.spatialMergeSize() * config.spatialMergeSize();
      String[] mergerNames = {
        "merger.ln_q.weight", "merger.mlp.0.weight", "merger.mlp.0.bias", "merger.mlp.2.weight",
        "merger.mlp.2.bias"};
      long[][] mergerShapes = {
        {h}, {mh, mh}, {mh}, {config.outHiddenSize(), mh}, {config.outHiddenSize()}};
      NDArray[] merger = new NDArray[mergerNames.length];
      for (int i = 0; i < merger.length; i++) {
        merger[i] = w.apply(mergerNames[i], mergerShapes[i]);
        params.put(mergerNames[i], merger[i]);
      }
      return new VisionTower(config, computeType, m, patch, blocks, merger, params);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** Concatenates along the first axis and releases the parts. */
  private static NDArray fuse(NDArray a, NDArray b) {
    NDArray out = a.concat(b, 0);
    a.close();
    b.close();
    return out;
  }

  /**
   * Sets how many bytes of float32 attention scores one step may hold (default 256 MiB); heads
   * are processed in groups that fit. For tests and memory-constrained runs.
   *
   * @param bytes the budget
   */
  void setScoreBudget(long bytes) {
    this.scoreBytes = bytes;
  }

  /**
   * The configuration.
   *
   * @return the vision configuration
   */
  public VisionConfig config() {
    return config;
  }

  /**
   * The weights by name, for a trainer that needs gradients: checkpoint names without the
   * {@code visual.} prefix, except that the patch embedding is flattened to
   * {@code (hidden, patchDim)} and the MLP gate/up projections are fused
   * ({@code mlp.gate_up_proj}, rows gate then up).
   *
   * @return an unmodifiable map
   */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /**
   * Encodes images.
   *
   * @param images the processed images
   * @param m the manager that owns the result
   * @return {@code (sum of merged tokens, outHiddenSize)} in the compute type, the images' tokens
   *     one after another in reading order
   */
  public NDArray forward(List<ProcessedImage> images, NDManager m) {
    return forward(images, m, false);
  }

  /**
   * Encodes images, optionally with full attention in every block (for tests: with one window
   * covering each image, window and full attention must agree).
   *
   * @param images the processed images
   * @param m the manager that owns the result
   * @param fullEverywhere use full attention in all blocks
   * @return the merged tokens, as {@link #forward(List, NDManager)}
   */
  public NDArray forward(List<ProcessedImage> images, NDManager m, boolean fullEverywhere) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to encode");
    }
    List<ImageGrid> grids = new ArrayList<>();
    int rows = 0;
    for (ProcessedImage p : images) {
      if (p.rowWidth() != config.patchDim()) {
        throw new IllegalArgumentException(
            "pixel rows have " + p.rowWidth() + " values, the tower takes " + config.patchDim());
      }
      grids.add(p.grid());
      rows += p.grid().patches();
    }
    float[] pixels = new float[rows * config.patchDim()];
    int off = 0;
    for (ProcessedImage p : images) {
      System.arraycopy(p.pixelValues(), 0, pixels, off, p.pixelValues().length);
      off += p.pixelValues().length;
    }
    int unit = config.spatialMergeSize() * config.spatialMergeSize();
    WindowLayout layout = WindowLayout.of(grids, config.spatialMergeSize(), config.mergedWindow());
    NDArray out;
    try (NDManager scratch = m.newSubManager()) {
      NDArray px = scratch.create(pixels, new Shape(rows, config.patchDim()));
      if (computeType != DataType.FLOAT32) {
        px = px.toType(computeType, false);
      }
      NDArray x = Linear.linear(px, patchEmbed).singletonOrThrow();
      long h = config.hiddenSize();
      x = gatherRows(x.reshape(rows / unit, unit * h), layout.windowIndex(), scratch).reshape(rows, h);
      NDArray[] cosSin = rotary(layout, scratch);
      Segments windows = Segments.of(layout.windowSegments());
      Segments full = Segments.of(layout.imageSegments());
      for (int i = 0; i < blocks.length; i++) {
        Segments seg = fullEverywhere || config.fullAttention(i) ? full : windows;
        try (NDManager layer = scratch.newSubManager()) {
          x.tempAttach(layer);
          Block b = blocks[i];
          NDArray y = x.add(attention(b, rmsNorm(x, b.norm1()), cosSin, seg, layer));
          NDArray z = y.add(mlp(b, rmsNorm(y, b.norm2())));
          z.attach(scratch);
          x = z;
        }
      }
      NDArray merged = rmsNorm(x, mergerNorm).reshape(rows / unit, unit * h);
      NDArray hid = Linear.linear(merged, mergerW1, mergerB1).singletonOrThrow();
      hid = Activation.gelu(hid);
      NDArray proj = Linear.linear(hid, mergerW2, mergerB2).singletonOrThrow();
      out = gatherRows(proj, layout.inverseIndex(), scratch);
      out.attach(m);
    }
    return out;
  }

  /** Rows of {@code x} at {@code index}, owned by {@code m}. */
  private static NDArray gatherRows(NDArray x, int[] index, NDManager m) {
    long[] idx = new long[index.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = index[i];
    }
    return gather(x, idx, m);
  }

  /** Rows of {@code x} at {@code index} (an embedding lookup, so gradients flow), owned by {@code m}. */
  private static NDArray gather(NDArray x, long[] index, NDManager m) {
    NDArray ids = m.create(index);
    NDArray out = ids.getNDArrayInternal().embedding(ids, x, SparseFormat.DENSE).singletonOrThrow();
    out.attach(m);
    return out;
  }

  /**
   * Attention segments laid out as a padded batch: the row of each padded slot, the padded slot
   * of each row, and the key mask (null when all segments have the same length).
   */
  private record Segments(int count, int maxLen, long[] gather, long[] scatter, float[] keyBias) {

    static Segments of(int[] bounds) {
      int count = bounds.length - 1;
      int maxLen = 0;
      boolean uniform = true;
      for (int s = 0; s < count; s++) {
        int len = bounds[s + 1] - bounds[s];
        uniform &= s == 0 || len == maxLen;
        maxLen = Math.max(maxLen, len);
      }
      if (uniform) {
        return new Segments(count, maxLen, null, null, null);
      }
      long[] gather = new long[count * maxLen];
      long[] scatter = new long[bounds[count]];
      float[] bias = new float[count * maxLen];
      for (int s = 0; s < count; s++) {
        int len = bounds[s + 1] - bounds[s];
        for (int j = 0; j < maxLen; j++) {
          gather[s * maxLen + j] = j < len ? bounds[s] + j : 0;
          bias[s * maxLen + j] = j < len ? 0f : MASKED;
          if (j < len) {
            scatter[bounds[s] + j] = (long) s * maxLen + j;
          }
        }
      }
      return new Segments(count, maxLen, gather, scatter, bias);
    }

    boolean uniform() {
      return gather == null;
    }
  }

  private NDArray[] rotary(WindowLayout layout, NDManager m) {
    int n = layout.rowPos().length;
    NDArray rowPos = m.create(layout.rowPos()).toType(DataType.FLOAT32, false).reshape(n, 1);
    NDArray colPos = m.create(layout.colPos()).toType(DataType.FLOAT32, false).reshape(n, 1);
    NDArray freqs = rowPos.mul(invFreq).concat(colPos.mul(invFreq), 1); // (N, headDim / 2)
    NDArray emb = freqs.concat(freqs, 1).reshape(n, 1, config.headDim());
    return new NDArray[] {emb.cos(), emb.sin()};
  }

  private NDArray applyRotary(NDArray x, NDArray[] cosSin) {
    // In float32, as the reference does.
    NDArray xf = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    long half = config.headDim() / 2;
    NDArray x1 = xf.get(new NDIndex("..., :{}", half));
    NDArray x2 = xf.get(new NDIndex("..., {}:", half));
    NDArray r = xf.mul(cosSin[0]).add(x2.neg().concat(x1, -1).mul(cosSin[1]));
    return computeType == DataType.FLOAT32 ? r : r.toType(computeType, false);
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    return RmsNorm.apply(x, weight, config.rmsNormEps(), computeType);
  }

  private NDArray attention(Block b, NDArray x, NDArray[] cosSin, Segments seg, NDManager m) {
    long n = x.getShape().get(0);
    int heads = config.numHeads();
    int hd = config.headDim();
    long h = config.hiddenSize();
    NDArray qkv = Linear.linear(x, b.qkvW(), b.qkvB()).singletonOrThrow().reshape(n, 3, heads, hd);
    NDArray q = applyRotary(qkv.get(new NDIndex(":, 0")), cosSin);
    NDArray k = applyRotary(qkv.get(new NDIndex(":, 1")), cosSin);
    NDArray v = qkv.get(new NDIndex(":, 2"));
    int s = seg.count();
    int len = seg.maxLen();
    NDArray packed = NDArrays.concat(new NDList(q, k, v), 1).reshape(n, 3 * h);
    if (!seg.uniform()) {
      packed = gather(packed, seg.gather(), m);
    }
    // (S, L, 3, heads, hd) -> (3, S, heads, L, hd)
    NDArray qkvS = packed.reshape(s, len, 3, heads, hd).transpose(2, 0, 3, 1, 4);
    NDArray bias = seg.uniform() ? null : m.create(seg.keyBias(), new Shape(s, 1, 1, len));
    // Heads in groups whose float32 scores stay under scoreBytes (a full-attention block over a
    // large image would otherwise hold heads x N^2 scores at once).
    long perHead = 4L * s * len * len;
    int group = (int) Math.max(1, Math.min(heads, scoreBytes / Math.max(1, perHead)));
    NDList outs = new NDList();
    for (int h0 = 0; h0 < heads; h0 += group) {
      int h1 = Math.min(heads, h0 + group);
      try (NDManager part = m.newSubManager()) {
        NDArray chunk = group == heads ? qkvS : qkvS.get(new NDIndex(":, :, {}:{}", h0, h1));
        chunk.tempAttach(part);
        NDArray o = attend(chunk, bias, hd);
        o.attach(m);
        outs.add(o);
      }
    }
    NDArray o = (outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 1))
        .transpose(0, 2, 1, 3).reshape((long) s * len, h);
    if (!seg.uniform()) {
      o = gather(o, seg.scatter(), m);
    }
    return Linear.linear(o, b.projW(), b.projB()).singletonOrThrow();
  }

  /** Softmax attention of {@code qkv (3, S, heads, L, hd)}; returns {@code (S, heads, L, hd)}. */
  private NDArray attend(NDArray qkv, NDArray keyBias, int hd) {
    NDArray qs = qkv.get(0).mul((float) (1.0 / Math.sqrt(hd)));
    NDArray scores = qs.matMul(qkv.get(1).transpose(0, 1, 3, 2));
    if (scores.getDataType() != DataType.FLOAT32) {
      scores = scores.toType(DataType.FLOAT32, false);
    }
    if (keyBias != null) {
      scores = scores.add(keyBias);
    }
    NDArray probs = scores.softmax(-1);
    if (computeType != DataType.FLOAT32) {
      probs = probs.toType(computeType, false);
    }
    return probs.matMul(qkv.get(2));
  }

  private NDArray mlp(Block b, NDArray x) {
    NDArray gu = Linear.linear(x, b.gateUpW(), b.gateUpB()).singletonOrThrow();
    long inter = config.intermediateSize();
    NDArray gate = gu.get(new NDIndex("..., :{}", inter));
    NDArray up = gu.get(new NDIndex("..., {}:", inter));
    return Linear.linear(gate.mul(Activation.sigmoid(gate)).mul(up), b.downW(), b.downB())
        .singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }
}
