package org.spatialssrl.depth;

import java.util.Arrays;

/**
 * A per-pixel depth map with its validity mask, immutable. Depth is in metres or in relative
 * units (the tasks only compare and normalise it); larger means farther from the camera. A
 * pixel is valid when its mask says so and its depth is finite and positive: zero, negative,
 * NaN and infinite depth are always invalid.
 */
public final class DepthMap {
  private final int width;
  private final int height;
  private final float[] depth;
  private final boolean[] valid;
  private final int validCount;

  private DepthMap(int width, int height, float[] depth, boolean[] valid) {
    this.width = width;
    this.height = height;
    this.depth = depth;
    this.valid = valid;
    int n = 0;
    for (boolean v : valid) {
      n += v ? 1 : 0;
    }
    this.validCount = n;
  }

  /**
   * Creates a depth map.
   *
   * @param width width in pixels, at least 1
   * @param height height in pixels, at least 1
   * @param depth {@code width * height} depths in row-major order; copied
   * @param mask validity per pixel in row-major order, or {@code null} for "valid where the depth
   *     is finite and positive"; copied
   * @return the map
   * @throws IllegalArgumentException when the array lengths do not match the size
   */
  public static DepthMap of(int width, int height, float[] depth, boolean[] mask) {
    return create(width, height, depth, mask, true);
  }

  /**
   * As {@link #of}, but takes over the depth array instead of copying it: for the readers in
   * this package, whose freshly decoded arrays nobody else holds (saves a copy of every map).
   */
  static DepthMap adopt(int width, int height, float[] depth, boolean[] mask) {
    return create(width, height, depth, mask, false);
  }

  private static DepthMap create(
      int width, int height, float[] depth, boolean[] mask, boolean copy) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("depth size must be positive: " + width + "x" + height);
    }
    long n = (long) width * height;
    if (depth.length != n || (mask != null && mask.length != n)) {
      throw new IllegalArgumentException(
          "depth map of " + width + "x" + height + " needs " + n + " values, got " + depth.length
              + (mask == null ? "" : " depths and " + mask.length + " mask values"));
    }
    float[] d = copy ? depth.clone() : depth;
    boolean[] v = new boolean[d.length];
    for (int i = 0; i < d.length; i++) {
      v[i] = (mask == null || mask[i]) && d[i] > 0 && Float.isFinite(d[i]);
    }
    return new DepthMap(width, height, d, v);
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /**
   * The depth at a pixel (meaningful only where {@link #isValid} is true).
   *
   * @param x column
   * @param y row
   * @return the stored depth
   */
  public float depth(int x, int y) {
    return depth[y * width + x];
  }

  /**
   * Whether a pixel has a usable depth.
   *
   * @param x column
   * @param y row
   * @return true when valid
   */
  public boolean isValid(int x, int y) {
    return valid[y * width + x];
  }

  /** The number of valid pixels. */
  public int validCount() {
    return validCount;
  }

  /** A copy of the depths, row-major. */
  public float[] depths() {
    return depth.clone();
  }

  /** A copy of the validity mask, row-major. */
  public boolean[] mask() {
    return valid.clone();
  }

  /** Read-only access for hot loops in the task package; callers must not modify it. */
  public float[] rawDepths() {
    return depth;
  }

  /** Read-only access for hot loops in the task package; callers must not modify it. */
  public boolean[] rawMask() {
    return valid;
  }

  /**
   * This map at another size, resampled with nearest neighbour (the pixel whose centre is
   * closest), which never mixes depths across an edge.
   *
   * @param w new width
   * @param h new height
   * @return the resampled map (this map when the size is unchanged)
   */
  public DepthMap resizeNearest(int w, int h) {
    if (w == width && h == height) {
      return this;
    }
    int[] xs = new int[w];
    for (int x = 0; x < w; x++) {
      xs[x] = Math.min(width - 1, (int) Math.floor((x + 0.5) * width / w));
    }
    float[] d = new float[Math.multiplyExact(w, h)];
    boolean[] v = new boolean[d.length];
    for (int y = 0; y < h; y++) {
      int sy = Math.min(height - 1, (int) Math.floor((y + 0.5) * height / h));
      for (int x = 0; x < w; x++) {
        int s = sy * width + xs[x];
        d[y * w + x] = depth[s];
        v[y * w + x] = valid[s];
      }
    }
    return new DepthMap(w, h, d, v);
  }

  /**
   * This map aligned to an RGB image: unchanged when the sizes agree, resampled (nearest) when
   * the aspect ratios agree within one pixel, refused otherwise.
   *
   * @param w the RGB width
   * @param h the RGB height
   * @param file the depth file's name, for the message
   * @return the aligned map
   * @throws DepthFormatException with reason {@link DepthFormatException#SIZE_MISMATCH} when the
   *     aspect ratios differ
   */
  public DepthMap alignTo(int w, int h, String file) throws DepthFormatException {
    if (w == width && h == height) {
      return this;
    }
    // Same aspect when scaling the depth width to the RGB width predicts the RGB height within
    // one pixel (either direction, since rounding differs).
    double predictedH = (double) height * w / width;
    double predictedW = (double) width * h / height;
    if (Math.abs(predictedH - h) > 1 && Math.abs(predictedW - w) > 1) {
      throw new DepthFormatException(
          DepthFormatException.SIZE_MISMATCH,
          file + ": depth is " + width + "x" + height + " but the image is " + w + "x" + h
              + "; the aspect ratios differ, so the depth cannot be aligned (crop or resize one"
              + " of them so they cover the same view)");
    }
    return resizeNearest(w, h);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DepthMap m
        && m.width == width
        && m.height == height
        && Arrays.equals(m.depth, depth)
        && Arrays.equals(m.valid, valid);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(depth);
  }

  @Override
  public String toString() {
    return "DepthMap[" + width + "x" + height + ", " + validCount + " valid]";
  }
}
