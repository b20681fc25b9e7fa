package org.spatialssrl.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;
import org.spatialssrl.model.safetensors.SafetensorsWriter;

/**
 * AdamW as {@code torch.optim.AdamW} computes it, with one state (first and second moments) per
 * parameter and decoupled weight decay on every parameter (no parameter groups, as both released
 * stages run it). For update {@code t = 1, 2, ...} with gradient {@code g}:
 *
 * <pre>
 *   p &lt;- p (1 - lr wd)
 *   m &lt;- m + (1 - beta1)(g - m)              (torch's lerp, = beta1 m + (1 - beta1) g)
 *   v &lt;- beta2 v + (1 - beta2) g^2
 *   p &lt;- p - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>{@link #step(double)} is the whole released optimizer step: global L2 gradient clip, the
 * update (or nothing when the norm is not finite), then the gradients zeroed either way. The
 * moments live in float32 under the optimizer's own manager; {@link #save} and {@link #load}
 * keep them exactly for {@code --resume}.
 */
public final class AdamW implements AutoCloseable {
  private final Map<String, NDArray> params;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final double maxGradNorm;
  private final NDManager manager;
  private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
  private long steps;

  private AdamW(Builder b, Map<String, NDArray> params) {
    if (params.isEmpty()) {
      throw new IllegalArgumentException("AdamW needs at least one parameter");
    }
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.eps = b.eps;
    this.weightDecay = b.weightDecay;
    this.maxGradNorm = b.maxGradNorm;
    this.manager = params.values().iterator().next().getManager().newSubManager();
    for (Map.Entry<String, NDArray> e : this.params.entrySet()) {
      NDArray p = e.getValue();
      if (p.getDataType() != DataType.FLOAT32) {
        throw new IllegalArgumentException(
            "parameter " + e.getKey() + " is " + p.getDataType()
                + "; train with float32 master weights (--precision float32)");
      }
      moments.put(e.getKey(), new NDArray[] {
        manager.zeros(p.getShape(), DataType.FLOAT32), manager.zeros(p.getShape(), DataType.FLOAT32)});
    }
  }

  /**
   * Starts a builder with the released GRPO settings: betas (0.9, 0.999), eps 1e-8, weight
   * decay 0.01, gradient clip 1.0.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of AdamW. */
  public static final class Builder {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double weightDecay = 0.01;
    private double maxGradNorm = 1.0;

    private Builder() {}

    /**
     * The moment decay rates (default 0.9, 0.999).
     *
     * @param beta1 first moment
     * @param beta2 second moment
     * @return this builder
     */
    public Builder optBetas(double beta1, double beta2) {
      if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
      }
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /**
     * The denominator's epsilon (default 1e-8).
     *
     * @param eps epsilon
     * @return this builder
     */
    public Builder optEps(double eps) {
      if (!(eps >= 0)) {
        throw new IllegalArgumentException("eps must be >= 0, got " + eps);
      }
      this.eps = eps;
      return this;
    }

    /**
     * Decoupled weight decay (default 0.01, GRPO; 0 is transformers' default, the SFT stage).
     *
     * @param weightDecay the decay
     * @return this builder
     */
    public Builder optWeightDecay(double weightDecay) {
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
      }
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * The global L2 gradient-norm clip of {@link #step} (default 1.0; 0 or less: no clip, the
     * norm is still computed and a non-finite one still skips the step).
     *
     * @param maxGradNorm the clip
     * @return this builder
     */
    public Builder optMaxGradNorm(double maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    /**
     * Creates the optimizer for the given parameters (float32 arrays that require gradients).
     *
     * @param params the trainable parameters by name, in a fixed order
     * @return the optimizer
     */
    public AdamW build(Map<String, NDArray> params) {
      return new AdamW(this, params);
    }
  }

  /**
   * The parameters this optimizer updates.
   *
   * @return an unmodifiable map by name
   */
  public Map<String, NDArray> parameters() {
    return params;
  }

  /**
   * The number of updates applied so far ({@code t} of the last update; skipped steps do not
   * count, as torch never calls the optimizer for them).
   *
   * @return the count
   */
  public long updates() {
    return steps;
  }

  /**
   * One released optimizer step: clips the gradients to the global norm, applies
   * {@link #update} when the norm is finite (skips it otherwise), and zeroes the gradients.
   *
   * @param lr the learning rate
   * @return the norm and whether the step was skipped
   */
  public StepResult step(double lr) {
    double norm = maxGradNorm > 0
        ? Gradients.clipGlobalNorm(params.values(), maxGradNorm) : Gradients.globalNorm(params.values());
    boolean skipped = !Double.isFinite(norm);
    if (!skipped) {
      update(lr);
    }
    Gradients.zero(params.values());
    return new StepResult(lr, norm, skipped);
  }

  /**
   * Applies one AdamW update with the current gradients, without clipping or zeroing them.
   *
   * @param lr the learning rate
   */
  public void update(double lr) {
    steps++;
    double bc1 = 1 - Math.pow(beta1, steps);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, steps));
    float decay = (float) (1 - lr * weightDecay);
    float stepSize = (float) (lr / bc1);
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      NDArray p = e.getValue();
      NDArray[] mv = moments.get(e.getKey());
      try (NDManager scratch = manager.newSubManager()) {
        NDArray g = p.getGradient();
        g.attach(scratch);
        if (weightDecay != 0) {
          p.muli(decay);
        }
        mv[0].addi(g.sub(mv[0]).muli((float) (1 - beta1)));
        mv[1].muli((float) beta2).addi(g.mul(g).muli((float) (1 - beta2)));
        NDArray denom = mv[1].sqrt();
        denom.attach(scratch);
        denom.divi((float) bc2Sqrt).addi((float) eps);
        NDArray delta = mv[0].div(denom);
        delta.attach(scratch);
        p.subi(delta.muli(stepSize));
      }
    }
  }

  /**
   * Writes the moments and the update count to a safetensors file ({@code <name>.exp_avg},
   * {@code <name>.exp_avg_sq}, F32; metadata {@code step} and the settings).
   *
   * @param file the file
   * @throws IOException when writing fails
   */
  public void save(Path file) throws IOException {
    SafetensorsWriter w = new SafetensorsWriter();
    w.metadata("format", "pt").metadata("step", Long.toString(steps))
        .metadata("betas", beta1 + "," + beta2).metadata("eps", Double.toString(eps))
        .metadata("weight_decay", Double.toString(weightDecay));
    for (Map.Entry<String, NDArray[]> e : moments.entrySet()) {
      long[] shape = e.getValue()[0].getShape().getShape();
      w.add(e.getKey() + ".exp_avg", shape, "F32", SafetensorsWriter.Values.of(e.getValue()[0]));
      w.add(e.getKey() + ".exp_avg_sq", shape, "F32", SafetensorsWriter.Values.of(e.getValue()[1]));
    }
    w.write(file, "F32");
  }

  /**
   * Restores the moments and update count written by {@link #save} for the same parameters.
   *
   * @param file the file
   * @throws IllegalArgumentException when the file holds other parameters or shapes
   */
  public void load(Path file) {
    SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.openFile(file);
    Map<String, String> meta = SafetensorsCheckpoint.readMetadata(file);
    if (!meta.containsKey("step") || ckpt.tensors().size() != 2 * moments.size()) {
      throw new IllegalArgumentException(
          file + " holds the optimizer state of " + ckpt.tensors().size() / 2
              + " parameters, this run trains " + moments.size());
    }
    for (Map.Entry<String, NDArray[]> e : moments.entrySet()) {
      long[] shape = e.getValue()[0].getShape().getShape();
      for (int k = 0; k < 2; k++) {
        String name = e.getKey() + (k == 0 ? ".exp_avg" : ".exp_avg_sq");
        if (!ckpt.has(name) || !Arrays.equals(ckpt.tensors().get(name).shape(), shape)) {
          throw new IllegalArgumentException(
              file + " has no state " + name + " of shape " + Arrays.toString(shape));
        }
        NDArray loaded = ckpt.load(manager, name, shape, DataType.FLOAT32);
        e.getValue()[k].close();
        e.getValue()[k] = loaded;
      }
    }
    steps = Long.parseLong(meta.get("step"));
  }

  @Override
  public void close() {
    manager.close();
  }
}
