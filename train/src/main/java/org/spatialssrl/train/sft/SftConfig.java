package org.spatialssrl.train.sft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.spatialssrl.model.lora.LoraConfig;

/**
 * Every setting of a cold-start SFT run, with the release's values as defaults (TRAINING.md 2.1):
 * LoRA r 128 / alpha 256 / dropout 0 on the decoder's 7 projections, lr 1e-5 with a cosine
 * schedule and warm-up ratio 0.1, 5 epochs, micro-batches of 4 with 8 accumulation steps, AdamW
 * (0.9, 0.999, 1e-8) without weight decay (transformers' default), gradient clip 1.0, seed 42,
 * a checkpoint every 15 steps, images at most 262,144 pixels, sequences cut at 4,096 tokens.
 *
 * @param fullParameters train every decoder weight instead of a LoRA adapter (the vision tower
 *     and merger stay frozen, as LLaMA-Factory's defaults freeze them)
 * @param lora the adapter's settings
 * @param learningRate the peak learning rate
 * @param epochs passes over the data
 * @param maxSteps when positive, the run's number of optimizer steps instead of the epochs'
 *     (transformers' {@code max_steps}: the schedule spans it, the data repeats as needed)
 * @param batchSize examples per micro-batch
 * @param gradientAccumulation micro-batches per optimizer step
 * @param warmupRatio warm-up steps as a fraction of all steps (rounded up)
 * @param weightDecay AdamW's decoupled decay
 * @param maxGradNorm the global gradient clip
 * @param beta1 AdamW's first-moment decay
 * @param beta2 AdamW's second-moment decay
 * @param eps AdamW's epsilon
 * @param seed the seed of the data order and of the adapter's initialisation
 * @param saveSteps a checkpoint every this many steps (and at the end)
 * @param saveLimit how many recent checkpoints to keep besides the best, 0 for all
 * @param evalSteps validation every this many steps (and before the first and after the last)
 * @param evalSamples at most this many validation examples (taken in turn from each task), 0
 *     for all
 * @param evalBatchSize examples per validation batch
 * @param evalMaxNewTokens the longest validation reply
 * @param cutoffLen the longest sequence (prompt and reply) in tokens
 * @param minPixels the least pixels of an image before the processor
 * @param maxPixels the most pixels of an image before the processor
 */
public record SftConfig(
    boolean fullParameters, LoraConfig lora, double learningRate, int epochs, long maxSteps,
    int batchSize, int gradientAccumulation, double warmupRatio, double weightDecay,
    double maxGradNorm, double beta1, double beta2, double eps, long seed, int saveSteps,
    int saveLimit, int evalSteps, int evalSamples, int evalBatchSize, int evalMaxNewTokens,
    int cutoffLen, int minPixels, int maxPixels) {

  /** Validates. */
  public SftConfig {
    positive("epochs", epochs);
    positive("batch size", batchSize);
    positive("gradient accumulation", gradientAccumulation);
    positive("save steps", saveSteps);
    positive("eval steps", evalSteps);
    positive("eval batch size", evalBatchSize);
    positive("eval max new tokens", evalMaxNewTokens);
    positive("cutoff length", cutoffLen);
    if (maxSteps < 0 || saveLimit < 0 || evalSamples < 0) {
      throw new IllegalArgumentException("steps, save limit and eval samples must be >= 0");
    }
    if (!(learningRate >= 0) || !(weightDecay >= 0) || !(warmupRatio >= 0 && warmupRatio <= 1)) {
      throw new IllegalArgumentException("need lr >= 0, weight decay >= 0, warm-up ratio in [0, 1]");
    }
  }

  private static void positive(String what, long v) {
    if (v < 1) {
      throw new IllegalArgumentException(what + " must be >= 1, got " + v);
    }
  }

  /**
   * The released settings.
   *
   * @return a builder holding them
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings as JSON, for the run's {@code config.json}.
   *
   * @return an object with one entry per setting
   */
  public ObjectNode toJson() {
    return new ObjectMapper().valueToTree(this);
  }

  /** Builds an {@link SftConfig}; every setting starts at the release's value. */
  public static final class Builder {
    private boolean fullParameters;
    private LoraConfig lora = LoraConfig.RELEASED;
    private double learningRate = 1e-5;
    private int epochs = 5;
    private long maxSteps;
    private int batchSize = 4;
    private int gradientAccumulation = 8;
    private double warmupRatio = 0.1;
    private double weightDecay = 0.0;
    private double maxGradNorm = 1.0;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private long seed = 42;
    private int saveSteps = 15;
    private int saveLimit;
    private Integer evalSteps;
    private int evalSamples;
    private int evalBatchSize = 8;
    private int evalMaxNewTokens = 2048;
    private int cutoffLen = 4096;
    private int minPixels = 1024;
    private int maxPixels = 262_144;

    private Builder() {}

    /** @param v train all decoder weights instead of LoRA @return this builder */
    public Builder optFullParameters(boolean v) {
      fullParameters = v;
      return this;
    }

    /** @param v the LoRA settings @return this builder */
    public Builder optLora(LoraConfig v) {
      lora = v;
      return this;
    }

    /** @param v the peak learning rate (1e-5) @return this builder */
    public Builder optLearningRate(double v) {
      learningRate = v;
      return this;
    }

    /** @param v passes over the data (5) @return this builder */
    public Builder optEpochs(int v) {
      epochs = v;
      return this;
    }

    /** @param v optimizer steps of the run, 0 for the epochs' (0) @return this builder */
    public Builder optMaxSteps(long v) {
      maxSteps = v;
      return this;
    }

    /** @param v examples per micro-batch (4) @return this builder */
    public Builder optBatchSize(int v) {
      batchSize = v;
      return this;
    }

    /** @param v micro-batches per optimizer step (8) @return this builder */
    public Builder optGradientAccumulation(int v) {
      gradientAccumulation = v;
      return this;
    }

    /** @param v warm-up fraction (0.1) @return this builder */
    public Builder optWarmupRatio(double v) {
      warmupRatio = v;
      return this;
    }

    /** @param v AdamW weight decay (0) @return this builder */
    public Builder optWeightDecay(double v) {
      weightDecay = v;
      return this;
    }

    /** @param v gradient clip (1.0) @return this builder */
    public Builder optMaxGradNorm(double v) {
      maxGradNorm = v;
      return this;
    }

    /** @param b1 first-moment decay (0.9) @param b2 second-moment decay (0.999) @return this builder */
    public Builder optBetas(double b1, double b2) {
      beta1 = b1;
      beta2 = b2;
      return this;
    }

    /** @param v AdamW epsilon (1e-8) @return this builder */
    public Builder optEps(double v) {
      eps = v;
      return this;
    }

    /** @param v the seed (42, transformers' default) @return this builder */
    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    /** @param v checkpoint cadence in steps (15) @return this builder */
    public Builder optSaveSteps(int v) {
      saveSteps = v;
      return this;
    }

    /** @param v recent checkpoints kept besides the best, 0 for all (0) @return this builder */
    public Builder optSaveLimit(int v) {
      saveLimit = v;
      return this;
    }

    /** @param v validation cadence in steps (default: the save cadence) @return this builder */
    public Builder optEvalSteps(int v) {
      evalSteps = v;
      return this;
    }

    /** @param v validation examples used, 0 for all (0) @return this builder */
    public Builder optEvalSamples(int v) {
      evalSamples = v;
      return this;
    }

    /** @param v validation batch (8) @return this builder */
    public Builder optEvalBatchSize(int v) {
      evalBatchSize = v;
      return this;
    }

    /** @param v longest validation reply in tokens (2048) @return this builder */
    public Builder optEvalMaxNewTokens(int v) {
      evalMaxNewTokens = v;
      return this;
    }

    /** @param v longest sequence in tokens (4096) @return this builder */
    public Builder optCutoffLen(int v) {
      cutoffLen = v;
      return this;
    }

    /** @param min least pixels (1024) @param max most pixels (262144) @return this builder */
    public Builder optPixels(int min, int max) {
      minPixels = min;
      maxPixels = max;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public SftConfig build() {
      return new SftConfig(fullParameters, lora, learningRate, epochs, maxSteps, batchSize,
          gradientAccumulation, warmupRatio, weightDecay, maxGradNorm, beta1, beta2, eps, seed,
          saveSteps, saveLimit, evalSteps == null ? saveSteps : evalSteps, evalSamples,
          evalBatchSize, evalMaxNewTokens, cutoffLen, minPixels, maxPixels);
    }
  }
}
