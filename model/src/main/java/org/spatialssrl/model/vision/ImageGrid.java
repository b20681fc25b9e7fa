package org.spatialssrl.model.vision;

/**
 * The patch grid of one image ({@code image_grid_thw}): temporal patches, patch rows, patch
 * columns.
 *
 * @param t temporal patches (1 for an image)
 * @param h patch rows
 * @param w patch columns
 */
public record ImageGrid(int t, int h, int w) {

  /** Validates. */
  public ImageGrid {
    if (t <= 0 || h <= 0 || w <= 0) {
      throw new IllegalArgumentException("grid sizes must be positive: " + t + "x" + h + "x" + w);
    }
  }

  /**
   * The number of patches.
   *
   * @return {@code t * h * w}
   */
  public int patches() {
    return t * h * w;
  }

  /**
   * The number of language-model tokens after merging {@code merge x merge} patches.
   *
   * @param merge the spatial merge size
   * @return {@code t * (h / merge) * (w / merge)}
   */
  public int tokens(int merge) {
    return t * (h / merge) * (w / merge);
  }
}
