package org.spatialssrl.task;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the crop task.
 *
 * @param sideFraction the crop side as a fraction of the shorter image side (paper: 0.5)
 * @param methods the distractor methods to draw 3 from (paper: all 5)
 * @param minDistractorDifference the smallest mean absolute difference (0..255) between the true
 *     crop and a distractor; below it the options are ambiguous and the draw is rejected
 * @param minSide the smallest crop side accepted, in pixels
 */
public record CropConfig(
    double sideFraction, List<DistractorMethod> methods, double minDistractorDifference,
    int minSide) {

  /** Validates the settings. */
  public CropConfig {
    methods = List.copyOf(methods);
    if (methods.size() < 3 || Set.copyOf(methods).size() != methods.size()) {
      throw new IllegalArgumentException("the crop task needs at least 3 distinct distractor methods");
    }
    if (!(sideFraction > 0 && sideFraction <= 1)) {
      throw new IllegalArgumentException("sideFraction must be in (0, 1]");
    }
  }

  /** A builder with the paper's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link CropConfig}s. */
  public static final class Builder {
    private double sideFraction = 0.5;
    private List<DistractorMethod> methods = List.copyOf(EnumSet.allOf(DistractorMethod.class));
    private double minDistractorDifference = 8.0;
    private int minSide = 32;

    private Builder() {}

    /**
     * Sets the distractor methods.
     *
     * @param methods at least three distinct methods
     * @return this builder
     */
    public Builder optMethods(List<DistractorMethod> methods) {
      this.methods = methods;
      return this;
    }

    /**
     * Sets the ambiguity threshold.
     *
     * @param difference mean absolute difference, 0..255
     * @return this builder
     */
    public Builder optMinDistractorDifference(double difference) {
      this.minDistractorDifference = difference;
      return this;
    }

    /**
     * Sets the crop side fraction.
     *
     * @param fraction fraction of the shorter side
     * @return this builder
     */
    public Builder optSideFraction(double fraction) {
      this.sideFraction = fraction;
      return this;
    }

    /** Builds the configuration. */
    public CropConfig build() {
      return new CropConfig(sideFraction, methods, minDistractorDifference, minSide);
    }
  }
}
