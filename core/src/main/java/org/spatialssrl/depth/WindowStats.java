package org.spatialssrl.depth;

/**
 * Minimum and maximum over every k x k window of a grid, in time linear in the pixel count
 * whatever k is (van Herk / Gil-Werman: block prefix and suffix extrema, three comparisons per
 * pixel and pass), plus the number of flagged pixels in each window from a summed-area table.
 *
 * <p>Results are indexed by the window's top-left corner: entry {@code y * outWidth() + x} covers
 * columns {@code x..x+k-1} and rows {@code y..y+k-1}.
 */
public final class WindowStats {
  private final int k;
  private final int outWidth;
  private final int outHeight;
  private final float[] min;
  private final float[] max;
  private final int[] flagged;

  private WindowStats(int k, int ow, int oh, float[] min, float[] max, int[] flagged) {
    this.k = k;
    this.outWidth = ow;
    this.outHeight = oh;
    this.min = min;
    this.max = max;
    this.flagged = flagged;
  }

  /**
   * Computes the statistics. Values at flagged pixels are ignored by the extrema (a window of
   * flagged pixels only has min +inf and max -inf).
   *
   * @param values row-major values
   * @param flags row-major flags (for example "invalid")
   * @param width grid width
   * @param height grid height
   * @param k window side, 1..min(width, height)
   * @return the statistics
   */
  public static WindowStats compute(float[] values, boolean[] flags, int width, int height, int k) {
    if (k < 1 || k > width || k > height) {
      throw new IllegalArgumentException("window " + k + " does not fit " + width + "x" + height);
    }
    float[] lo = new float[values.length];
    float[] hi = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      boolean f = flags[i];
      lo[i] = f ? Float.POSITIVE_INFINITY : values[i];
      hi[i] = f ? Float.POSITIVE_INFINITY : -values[i];
    }
    float[] mn = slidingMin(lo, width, height, k);
    float[] mx = slidingMin(hi, width, height, k);
    for (int i = 0; i < mx.length; i++) {
      mx[i] = -mx[i];
    }
    int ow = width - k + 1;
    int oh = height - k + 1;
    // Summed-area table of flags, (width + 1) x (height + 1).
    int[] sat = new int[(width + 1) * (height + 1)];
    for (int y = 0; y < height; y++) {
      int run = 0;
      for (int x = 0; x < width; x++) {
        run += flags[y * width + x] ? 1 : 0;
        sat[(y + 1) * (width + 1) + x + 1] = sat[y * (width + 1) + x + 1] + run;
      }
    }
    int[] cnt = new int[ow * oh];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int a = y * (width + 1) + x;
        int b = (y + k) * (width + 1) + x;
        cnt[y * ow + x] = sat[b + k] - sat[b] - sat[a + k] + sat[a];
      }
    }
    return new WindowStats(k, ow, oh, mn, mx, cnt);
  }

  /** Minimum over k x k windows: rows first, then columns, each pass linear. */
  private static float[] slidingMin(float[] src, int w, int h, int k) {
    int ow = w - k + 1;
    int oh = h - k + 1;
    float[] rows = new float[ow * h];
    float[] g = new float[w];
    float[] s = new float[w];
    for (int y = 0; y < h; y++) {
      int base = y * w;
      for (int x = 0; x < w; x++) {
        float v = src[base + x];
        g[x] = (x % k == 0) ? v : Math.min(g[x - 1], v);
      }
      for (int x = w - 1; x >= 0; x--) {
        float v = src[base + x];
        s[x] = (x % k == k - 1 || x == w - 1) ? v : Math.min(s[x + 1], v);
      }
      int ob = y * ow;
      for (int x = 0; x < ow; x++) {
        rows[ob + x] = Math.min(s[x], g[x + k - 1]);
      }
    }
    // Columns, processed a whole row at a time so memory is read sequentially.
    float[] gc = new float[ow * h];
    float[] sc = new float[ow * h];
    for (int y = 0; y < h; y++) {
      int b = y * ow;
      if (y % k == 0) {
        System.arraycopy(rows, b, gc, b, ow);
      } else {
        for (int x = 0; x < ow; x++) {
          gc[b + x] = Math.min(gc[b - ow + x], rows[b + x]);
        }
      }
    }
    for (int y = h - 1; y >= 0; y--) {
      int b = y * ow;
      if (y % k == k - 1 || y == h - 1) {
        System.arraycopy(rows, b, sc, b, ow);
      } else {
        for (int x = 0; x < ow; x++) {
          sc[b + x] = Math.min(sc[b + ow + x], rows[b + x]);
        }
      }
    }
    float[] out = new float[ow * oh];
    for (int y = 0; y < oh; y++) {
      int a = y * ow;
      int c = (y + k - 1) * ow;
      for (int x = 0; x < ow; x++) {
        out[a + x] = Math.min(sc[a + x], gc[c + x]);
      }
    }
    return out;
  }

  /** The window side. */
  public int window() {
    return k;
  }

  /** Number of window positions per row. */
  public int outWidth() {
    return outWidth;
  }

  /** Number of window positions per column. */
  public int outHeight() {
    return outHeight;
  }

  /**
   * The minimum over unflagged pixels of the window at a top-left corner.
   *
   * @param x left column
   * @param y top row
   * @return the minimum, +inf when all are flagged
   */
  public float min(int x, int y) {
    return min[y * outWidth + x];
  }

  /**
   * The maximum over unflagged pixels of the window at a top-left corner.
   *
   * @param x left column
   * @param y top row
   * @return the maximum, -inf when all are flagged
   */
  public float max(int x, int y) {
    return max[y * outWidth + x];
  }

  /**
   * The number of flagged pixels in the window at a top-left corner.
   *
   * @param x left column
   * @param y top row
   * @return the count
   */
  public int flagged(int x, int y) {
    return flagged[y * outWidth + x];
  }
}
