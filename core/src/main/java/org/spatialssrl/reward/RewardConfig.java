package org.spatialssrl.reward;

/**
 * Immutable settings of {@link SpatialReward}.
 *
 * <p>{@link #released()} is the reward of the Spatial-SSRL release: {@code overall = 0.9 *
 * accuracy + 0.1 * format}, no partial credit, format required. The research options are off
 * unless asked for through the {@link Builder}.
 */
public final class RewardConfig {

  /** The release's format weight (EasyR1 {@code format_weight}). */
  public static final double RELEASED_FORMAT_WEIGHT = 0.1;

  private static final RewardConfig RELEASED = builder().build();

  private final double accuracyWeight;
  private final double formatWeight;
  private final boolean permutationCredit;
  private final double permutationCreditFactor;
  private final boolean formatFree;

  private RewardConfig(Builder b) {
    this.formatWeight = b.formatWeight;
    // EasyR1 computes (1 - format_weight) * accuracy; keep the same double when not overridden.
    this.accuracyWeight = Double.isNaN(b.accuracyWeight) ? 1 - b.formatWeight : b.accuracyWeight;
    this.permutationCredit = b.permutationCredit;
    this.permutationCreditFactor = b.permutationCreditFactor;
    this.formatFree = b.formatFree;
  }

  /** Returns the released reward's settings. */
  public static RewardConfig released() {
    return RELEASED;
  }

  /** Returns a builder starting from the released settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the weight of the accuracy term (default {@code 1 - formatWeight}, that is 0.9). */
  public double accuracyWeight() {
    return accuracyWeight;
  }

  /** Returns the weight of the format term (default 0.1). */
  public double formatWeight() {
    return formatWeight;
  }

  /**
   * Returns whether a wrong permutation answer earns partial credit: the share of positions right,
   * times {@link #permutationCreditFactor()} (as Visual Jigsaw does). Off in the release.
   */
  public boolean permutationCredit() {
    return permutationCredit;
  }

  /** Returns the factor that scales partial credit (meaningful only when it is on). */
  public double permutationCreditFactor() {
    return permutationCreditFactor;
  }

  /**
   * Returns whether the format is left out of the reward: {@code overall = accuracy}, the format
   * still being reported. Off in the release.
   */
  public boolean formatFree() {
    return formatFree;
  }

  /** Returns whether these settings are exactly the released reward's. */
  public boolean isReleased() {
    return equals(RELEASED);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RewardConfig c
        && Double.compare(c.accuracyWeight, accuracyWeight) == 0
        && Double.compare(c.formatWeight, formatWeight) == 0
        && c.permutationCredit == permutationCredit
        && Double.compare(c.permutationCreditFactor, permutationCreditFactor) == 0
        && c.formatFree == formatFree;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        accuracyWeight, formatWeight, permutationCredit, permutationCreditFactor, formatFree);
  }

  @Override
  public String toString() {
    return "RewardConfig[accuracyWeight=" + accuracyWeight + ", formatWeight=" + formatWeight
        + ", permutationCredit=" + permutationCredit
        + (permutationCredit ? " (factor " + permutationCreditFactor + ")" : "")
        + ", formatFree=" + formatFree + "]";
  }

  /** Builds a {@link RewardConfig}; every setting starts at the released value. */
  public static final class Builder {
    /** Default partial-credit factor used when partial credit is switched on without one. */
    public static final double DEFAULT_PERMUTATION_CREDIT_FACTOR = 0.2;

    private double accuracyWeight = Double.NaN;
    private double formatWeight = RELEASED_FORMAT_WEIGHT;
    private boolean permutationCredit;
    private double permutationCreditFactor = DEFAULT_PERMUTATION_CREDIT_FACTOR;
    private boolean formatFree;

    private Builder() {}

    /**
     * Sets the format weight; unless {@link #accuracyWeight(double)} is also set, the accuracy
     * weight becomes {@code 1 - weight}, as EasyR1's {@code format_weight} does.
     *
     * @param weight a finite, non-negative weight
     * @return this builder
     * @throws IllegalArgumentException if the weight is negative or not finite
     */
    public Builder formatWeight(double weight) {
      this.formatWeight = checkWeight("formatWeight", weight);
      return this;
    }

    /**
     * Sets the accuracy weight explicitly.
     *
     * @param weight a finite, non-negative weight
     * @return this builder
     * @throws IllegalArgumentException if the weight is negative or not finite
     */
    public Builder accuracyWeight(double weight) {
      this.accuracyWeight = checkWeight("accuracyWeight", weight);
      return this;
    }

    /**
     * Switches partial credit for permutation answers on, with the given factor.
     *
     * @param factor the credit for an answer with every position right but not equal (0..1)
     * @return this builder
     * @throws IllegalArgumentException if the factor is outside [0, 1]
     */
    public Builder permutationCredit(double factor) {
      if (!(factor >= 0 && factor <= 1)) {
        throw new IllegalArgumentException(
            "permutation credit factor must be in [0, 1], got " + factor);
      }
      this.permutationCredit = true;
      this.permutationCreditFactor = factor;
      return this;
    }

    /**
     * Switches the format-free mode on or off.
     *
     * @param on whether {@code overall} is the accuracy alone
     * @return this builder
     */
    public Builder formatFree(boolean on) {
      this.formatFree = on;
      return this;
    }

    /** Returns the configuration. */
    public RewardConfig build() {
      if (!Double.isNaN(accuracyWeight) || formatWeight <= 1) {
        return new RewardConfig(this);
      }
      throw new IllegalArgumentException(
          "formatWeight " + formatWeight + " exceeds 1 and leaves a negative accuracy weight;"
              + " set accuracyWeight explicitly");
    }

    private static double checkWeight(String name, double w) {
      if (!Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException(name + " must be finite and >= 0, got " + w);
      }
      return w;
    }
  }
}
