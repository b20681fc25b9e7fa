package org.spatialssrl.task;

import java.util.Map;

/**
 * Settings of the relative 3D position task (SPEC 3.5), with the published values as defaults.
 *
 * @param block the side of a candidate block (15)
 * @param centreFraction how far a block centre may lie from the image centre, as a fraction of
 *     the height and of the width (0.45)
 * @param maxBlockRange the largest normalised max - min over a block's valid pixels (0.15)
 * @param depthSeparation far pairs: the smallest gap between the two depth ranges; near pairs:
 *     the largest spread of the two ranges together (0.25)
 * @param minDistanceDivisor the smallest image distance (far) or |dx| (near) is min(H, W) divided
 *     by this (8)
 * @param nearMaxDy near pairs: |dy| must be below this many pixels (30)
 * @param sameXMaxDx far pairs with |dx| up to this many pixels use the same-x options (150)
 * @param farProbability the chance of asking about a far pair when both kinds exist (0.5; the
 *     paper does not give the mix)
 * @param facingWeights relative weights of the four facings (reference code: 30/30/30/10; the
 *     paper says uniform)
 * @param marker how regions are marked
 */
public record PositionConfig(
    int block,
    double centreFraction,
    double maxBlockRange,
    double depthSeparation,
    double minDistanceDivisor,
    int nearMaxDy,
    int sameXMaxDx,
    double farProbability,
    Map<Facing, Double> facingWeights,
    MarkerStyle marker) {

  /** Validates and copies. */
  public PositionConfig {
    if (block < 1) {
      throw new IllegalArgumentException("block must be positive");
    }
    if (!(farProbability >= 0 && farProbability <= 1)) {
      throw new IllegalArgumentException("farProbability must be in [0, 1]");
    }
    facingWeights = Map.copyOf(facingWeights);
    double sum = 0;
    for (Facing f : Facing.values()) {
      double wgt = facingWeights.getOrDefault(f, 0.0);
      if (!(wgt >= 0)) {
        throw new IllegalArgumentException("facing weights must be >= 0");
      }
      sum += wgt;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("at least one facing needs a positive weight");
    }
  }

  /** A builder with the published defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Draws a facing with the configured weights.
   *
   * @param u a uniform number in [0, 1)
   * @return the facing
   */
  public Facing facing(double u) {
    double sum = 0;
    for (Facing f : Facing.values()) {
      sum += facingWeights.getOrDefault(f, 0.0);
    }
    double x = u * sum;
    Facing last = null;
    for (Facing f : Facing.values()) {
      double wgt = facingWeights.getOrDefault(f, 0.0);
      if (wgt > 0) {
        last = f;
        if (x < wgt) {
          return f;
        }
        x -= wgt;
      }
    }
    return last;
  }

  /** Builds {@link PositionConfig}s. */
  public static final class Builder {
    private int block = 15;
    private double centreFraction = 0.45;
    private double maxBlockRange = 0.15;
    private double depthSeparation = 0.25;
    private double minDistanceDivisor = 8;
    private int nearMaxDy = 30;
    private int sameXMaxDx = 150;
    private double farProbability = 0.5;
    private Map<Facing, Double> facingWeights =
        Map.of(Facing.LEFT, 30.0, Facing.RIGHT, 30.0, Facing.TOWARD, 30.0, Facing.AWAY, 10.0);
    private MarkerStyle marker = MarkerStyle.DEFAULT;

    private Builder() {}

    /**
     * Sets the block side.
     *
     * @param side pixels
     * @return this builder
     */
    public Builder optBlock(int side) {
      this.block = side;
      return this;
    }

    /**
     * Sets the depth thresholds.
     *
     * @param maxBlockRange largest range inside a block
     * @param separation far gap / near spread
     * @return this builder
     */
    public Builder optDepthThresholds(double maxBlockRange, double separation) {
      this.maxBlockRange = maxBlockRange;
      this.depthSeparation = separation;
      return this;
    }

    /**
     * Sets the share of far pairs.
     *
     * @param p probability of a far pair when both kinds exist
     * @return this builder
     */
    public Builder optFarProbability(double p) {
      this.farProbability = p;
      return this;
    }

    /**
     * Sets the facing weights (for example all equal, as the paper says).
     *
     * @param weights weight per facing; missing facings weigh 0
     * @return this builder
     */
    public Builder optFacingWeights(Map<Facing, Double> weights) {
      this.facingWeights = weights;
      return this;
    }

    /**
     * Sets the marker style.
     *
     * @param marker the style
     * @return this builder
     */
    public Builder optMarker(MarkerStyle marker) {
      this.marker = marker;
      return this;
    }

    /** Builds the configuration. */
    public PositionConfig build() {
      return new PositionConfig(block, centreFraction, maxBlockRange, depthSeparation,
          minDistanceDivisor, nearMaxDy, sameXMaxDx, farProbability, facingWeights, marker);
    }
  }
}
