package org.spatialssrl.image;

/**
 * Size limits for input images.
 *
 * @param minSide the smallest width or height accepted
 * @param maxPixels the largest width x height accepted; checked from the header before any
 *     pixel is decoded, so a decompression bomb costs nothing
 */
public record ImageLimits(int minSide, long maxPixels) {
  /** The defaults: sides of at least 64 pixels, at most 64 megapixels. */
  public static final ImageLimits DEFAULT = new ImageLimits(64, 64L * 1024 * 1024);

  /** Validates the limits. */
  public ImageLimits {
    if (minSide < 1) {
      throw new IllegalArgumentException("minSide must be at least 1, got " + minSide);
    }
    if (maxPixels < (long) minSide * minSide) {
      throw new IllegalArgumentException("maxPixels " + maxPixels + " is below minSide^2");
    }
  }
}
