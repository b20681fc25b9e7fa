package org.spatialssrl.model.lora;

/**
 * LoRA settings, with the released cold-start SFT's values as defaults: rank 128, alpha 256
 * (LLaMA-Factory's default of twice the rank), so the scaling is 2.0; dropout 0; plain (not
 * rank-stabilised) scaling.
 *
 * @param rank {@code r}
 * @param alpha {@code lora_alpha}
 * @param dropout dropout on the LoRA branch's input while training
 * @param rsLora scale by {@code alpha / sqrt(r)} instead of {@code alpha / r}
 */
public record LoraConfig(int rank, double alpha, double dropout, boolean rsLora) {
  /** The released values. */
  public static final LoraConfig RELEASED = new LoraConfig(128, 256, 0.0, false);

  /** Validates. */
  public LoraConfig {
    if (rank < 1) {
      throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
    }
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("LoRA alpha must be > 0, got " + alpha);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
    }
  }

  /**
   * The factor on {@code B A}.
   *
   * @return {@code alpha / r}, or {@code alpha / sqrt(r)} with rsLoRA
   */
  public double scaling() {
    return rsLora ? alpha / Math.sqrt(rank) : alpha / rank;
  }
}
