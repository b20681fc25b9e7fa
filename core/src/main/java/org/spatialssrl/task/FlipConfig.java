package org.spatialssrl.task;

/**
 * Settings of the flip task.
 *
 * @param verticalProbability probability of a vertical flip (the paper: 0.5)
 * @param minFlipDifference the smallest mean absolute difference (0..255 per channel) between
 *     the patch and its flip; below it the flip is not recoverable from pixels and the draw is
 *     rejected
 * @param minPatchSide the smallest patch side accepted, in pixels
 * @param style how borders and labels are drawn
 */
public record FlipConfig(
    double verticalProbability, double minFlipDifference, int minPatchSide, PatchStyle style) {

  /** Validates the settings. */
  public FlipConfig {
    if (!(verticalProbability >= 0 && verticalProbability <= 1)) {
      throw new IllegalArgumentException("verticalProbability must be in [0, 1]");
    }
    if (minFlipDifference < 0) {
      throw new IllegalArgumentException("minFlipDifference must be >= 0");
    }
  }

  /** A builder with the paper's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link FlipConfig}s. */
  public static final class Builder {
    private double verticalProbability = 0.5;
    private double minFlipDifference = 8.0;
    private int minPatchSide = 32;
    private PatchStyle style = PatchStyle.DEFAULT;

    private Builder() {}

    /**
     * Sets the probability of a vertical flip.
     *
     * @param p probability
     * @return this builder
     */
    public Builder optVerticalProbability(double p) {
      this.verticalProbability = p;
      return this;
    }

    /**
     * Sets the symmetry threshold.
     *
     * @param difference mean absolute difference, 0..255
     * @return this builder
     */
    public Builder optMinFlipDifference(double difference) {
      this.minFlipDifference = difference;
      return this;
    }

    /**
     * Sets the smallest patch side.
     *
     * @param pixels pixels
     * @return this builder
     */
    public Builder optMinPatchSide(int pixels) {
      this.minPatchSide = pixels;
      return this;
    }

    /**
     * Sets the drawing style.
     *
     * @param style the style
     * @return this builder
     */
    public Builder optStyle(PatchStyle style) {
      this.style = style;
      return this;
    }

    /** Builds the configuration. */
    public FlipConfig build() {
      return new FlipConfig(verticalProbability, minFlipDifference, minPatchSide, style);
    }
  }
}
