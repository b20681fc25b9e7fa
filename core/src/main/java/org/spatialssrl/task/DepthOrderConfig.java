package org.spatialssrl.task;

import java.util.List;

/**
 * Settings of the regional depth ordering task (SPEC 3.4), with the paper's values as defaults.
 *
 * @param lowPercentile the percentile of valid depth mapped to 0 (paper: 0.5)
 * @param highPercentile the percentile mapped to 1 (paper: 99.5)
 * @param bands the three normalised-depth bands, nearest first, each {low, high}
 * @param window the window side of a region (paper: 25)
 * @param maxRange the largest normalised max - min inside a window, exclusive (paper: 0.15)
 * @param fallbackWindow the window side used in a band with no valid primary window (paper: 11)
 * @param fallbackMaxRange its range limit (paper: 0.2)
 * @param minGap the smallest gap, exclusive, between the farthest pixel of a nearer region and
 *     the nearest pixel of the next region (paper: 0.05)
 * @param marker how regions are marked
 */
public record DepthOrderConfig(
    double lowPercentile,
    double highPercentile,
    List<double[]> bands,
    int window,
    double maxRange,
    int fallbackWindow,
    double fallbackMaxRange,
    double minGap,
    MarkerStyle marker) {

  /** Validates and copies. */
  public DepthOrderConfig {
    if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100)) {
      throw new IllegalArgumentException("percentiles must satisfy 0 <= low < high <= 100");
    }
    if (bands.size() != 3) {
      throw new IllegalArgumentException("exactly three bands are needed, got " + bands.size());
    }
    bands = bands.stream().map(double[]::clone).toList();
    for (double[] b : bands) {
      if (b.length != 2 || !(b[0] <= b[1])) {
        throw new IllegalArgumentException("a band is {low, high} with low <= high");
      }
    }
    if (window < 1 || fallbackWindow < 1 || window % 2 == 0 || fallbackWindow % 2 == 0) {
      throw new IllegalArgumentException("window sides must be odd and positive");
    }
  }

  /** A builder with the paper's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link DepthOrderConfig}s. */
  public static final class Builder {
    private double lowPercentile = 0.5;
    private double highPercentile = 99.5;
    private List<double[]> bands =
        List.of(new double[] {0.0, 0.3}, new double[] {0.35, 0.65}, new double[] {0.7, 1.0});
    private int window = 25;
    private double maxRange = 0.15;
    private int fallbackWindow = 11;
    private double fallbackMaxRange = 0.2;
    private double minGap = 0.05;
    private MarkerStyle marker = MarkerStyle.DEFAULT;

    private Builder() {}

    /**
     * Sets the normalisation percentiles.
     *
     * @param low mapped to 0
     * @param high mapped to 1
     * @return this builder
     */
    public Builder optPercentiles(double low, double high) {
      this.lowPercentile = low;
      this.highPercentile = high;
      return this;
    }

    /**
     * Sets the three bands, nearest first.
     *
     * @param bands {low, high} each
     * @return this builder
     */
    public Builder optBands(List<double[]> bands) {
      this.bands = bands;
      return this;
    }

    /**
     * Sets the primary window.
     *
     * @param side odd window side
     * @param range exclusive range limit
     * @return this builder
     */
    public Builder optWindow(int side, double range) {
      this.window = side;
      this.maxRange = range;
      return this;
    }

    /**
     * Sets the fallback window.
     *
     * @param side odd window side
     * @param range exclusive range limit
     * @return this builder
     */
    public Builder optFallbackWindow(int side, double range) {
      this.fallbackWindow = side;
      this.fallbackMaxRange = range;
      return this;
    }

    /**
     * Sets the gap between neighbouring regions.
     *
     * @param gap exclusive normalised gap
     * @return this builder
     */
    public Builder optMinGap(double gap) {
      this.minGap = gap;
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
    public DepthOrderConfig build() {
      return new DepthOrderConfig(lowPercentile, highPercentile, bands, window, maxRange,
          fallbackWindow, fallbackMaxRange, minGap, marker);
    }
  }
}
