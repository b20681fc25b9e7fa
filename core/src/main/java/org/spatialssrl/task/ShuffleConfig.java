package org.spatialssrl.task;

import java.util.SplittableRandom;

/**
 * Settings of the shuffle task. The defaults reproduce the variant mix of the 16,028 released
 * shuffle samples: 4,000 plain 2x2, 4,028 masked 2x2, 4,991 horizontal strips (1x3 or 1x4),
 * 3,009 vertical strips (3x1 or 4x1); strips have 3 or 4 pieces with equal probability.
 *
 * @param weightGrid weight of plain 2x2
 * @param weightMaskedGrid weight of 2x2 with one white slot
 * @param weightHorizontalStrips weight of 1x3 / 1x4
 * @param weightVerticalStrips weight of 3x1 / 4x1
 * @param minPatchSide the smallest patch side accepted, in pixels
 * @param style how borders and labels are drawn
 */
public record ShuffleConfig(
    double weightGrid,
    double weightMaskedGrid,
    double weightHorizontalStrips,
    double weightVerticalStrips,
    int minPatchSide,
    PatchStyle style) {

  /** Validates the weights. */
  public ShuffleConfig {
    double sum = weightGrid + weightMaskedGrid + weightHorizontalStrips + weightVerticalStrips;
    if (weightGrid < 0 || weightMaskedGrid < 0 || weightHorizontalStrips < 0
        || weightVerticalStrips < 0 || !(sum > 0)) {
      throw new IllegalArgumentException("shuffle variant weights must be >= 0 with a positive sum");
    }
    if (minPatchSide < 1) {
      throw new IllegalArgumentException("minPatchSide must be at least 1");
    }
  }

  /** A builder with the release's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Draws a variant name with these weights. */
  String drawVariant(SplittableRandom rng) {
    double total = weightGrid + weightMaskedGrid + weightHorizontalStrips + weightVerticalStrips;
    double u = rng.nextDouble() * total;
    if ((u -= weightGrid) < 0) {
      return "2x2";
    }
    if ((u -= weightMaskedGrid) < 0) {
      return "2x2-masked";
    }
    if ((u -= weightHorizontalStrips) < 0) {
      return rng.nextBoolean() ? "1x3" : "1x4";
    }
    return rng.nextBoolean() ? "3x1" : "4x1";
  }

  /** Builds {@link ShuffleConfig}s. */
  public static final class Builder {
    private double weightGrid = 4000;
    private double weightMaskedGrid = 4028;
    private double weightHorizontalStrips = 4991;
    private double weightVerticalStrips = 3009;
    private int minPatchSide = 32;
    private PatchStyle style = PatchStyle.DEFAULT;

    private Builder() {}

    /**
     * Sets the four variant weights.
     *
     * @param grid plain 2x2
     * @param maskedGrid 2x2 with one white slot
     * @param horizontalStrips 1x3 / 1x4
     * @param verticalStrips 3x1 / 4x1
     * @return this builder
     */
    public Builder optWeights(
        double grid, double maskedGrid, double horizontalStrips, double verticalStrips) {
      this.weightGrid = grid;
      this.weightMaskedGrid = maskedGrid;
      this.weightHorizontalStrips = horizontalStrips;
      this.weightVerticalStrips = verticalStrips;
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
    public ShuffleConfig build() {
      return new ShuffleConfig(
          weightGrid, weightMaskedGrid, weightHorizontalStrips, weightVerticalStrips, minPatchSide,
          style);
    }
  }
}
