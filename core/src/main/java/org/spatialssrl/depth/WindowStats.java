package org.spatialssrl.depth;

/**
 * Minimum and maximum over every k x k window of a grid, in time linear in the pixel count
 * whatever k is (van Herk / Gil-Werman: block prefix and suffix extrema, three comparisons per
 * pixel and pass), plus the number of flagged pixels in each window from running sums.
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
   * flagged pixels only has min +inf and max -inf). Values at unflagged pixels must not be NaN;
   * extrema are found with plain comparisons, so the sign of a zero extremum is unspecified when
   * a window holds both -0.0 and +0.0.
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
    int ow = width - k + 1;
    int oh = height - k + 1;
    // Pass 1, along rows: extrema and flag counts of every 1 x k run, min and max together so
    // the values and flags are read once.
    float[] rowMin = new float[ow * height];
    float[] rowMax = new float[ow * height];
    int[] rowCount = new int[ow * height];
    float[] preMin = new float[width];
    float[] preMax = new float[width];
    float[] sufMin = new float[width];
    float[] sufMax = new float[width];
    for (int y = 0; y < height; y++) {
      int base = y * width;
      // Prefix and suffix extrema inside blocks of k columns (van Herk / Gil-Werman): a run
      // starting at x spans the suffix of x's block and the prefix of the next block.
      for (int b0 = 0; b0 < width; b0 += k) {
        int b1 = Math.min(width, b0 + k);
        float mn = Float.POSITIVE_INFINITY;
        float mx = Float.NEGATIVE_INFINITY;
        for (int x = b0; x < b1; x++) {
          if (!flags[base + x]) {
            float v = values[base + x];
            mn = v < mn ? v : mn;
            mx = v > mx ? v : mx;
          }
          preMin[x] = mn;
          preMax[x] = mx;
        }
        mn = Float.POSITIVE_INFINITY;
        mx = Float.NEGATIVE_INFINITY;
        for (int x = b1 - 1; x >= b0; x--) {
          if (!flags[base + x]) {
            float v = values[base + x];
            mn = v < mn ? v : mn;
            mx = v > mx ? v : mx;
          }
          sufMin[x] = mn;
          sufMax[x] = mx;
        }
      }
      int ob = y * ow;
      int run = 0;
      for (int x = 0; x < k; x++) {
        run += flags[base + x] ? 1 : 0;
      }
      for (int x = 0; x < ow; x++) {
        float a = sufMin[x];
        float b = preMin[x + k - 1];
        rowMin[ob + x] = a < b ? a : b;
        a = sufMax[x];
        b = preMax[x + k - 1];
        rowMax[ob + x] = a > b ? a : b;
        rowCount[ob + x] = run;
        if (x + 1 < ow) {
          run += (flags[base + x + k] ? 1 : 0) - (flags[base + x] ? 1 : 0);
        }
      }
    }
    // Pass 2, along columns, the same block scheme over whole rows (read sequentially): for
    // each block of k rows, suffix extrema of the block (k rows kept) and a running prefix of
    // the next block.
    float[] mn = new float[ow * oh];
    float[] mx = new float[ow * oh];
    float[] blockMin = new float[k * ow];
    float[] blockMax = new float[k * ow];
    float[] runMin = new float[ow];
    float[] runMax = new float[ow];
    for (int y0 = 0; y0 < oh; y0 += k) {
      // rows y0 .. y0 + k - 1 all exist because y0 <= oh - 1 = height - k
      System.arraycopy(rowMin, (y0 + k - 1) * ow, blockMin, (k - 1) * ow, ow);
      System.arraycopy(rowMax, (y0 + k - 1) * ow, blockMax, (k - 1) * ow, ow);
      for (int j = k - 2; j >= 0; j--) {
        int s = (y0 + j) * ow;
        int d = j * ow;
        for (int x = 0; x < ow; x++) {
          float a = blockMin[d + ow + x];
          float b = rowMin[s + x];
          blockMin[d + x] = a < b ? a : b;
          a = blockMax[d + ow + x];
          b = rowMax[s + x];
          blockMax[d + x] = a > b ? a : b;
        }
      }
      System.arraycopy(blockMin, 0, mn, y0 * ow, ow);
      System.arraycopy(blockMax, 0, mx, y0 * ow, ow);
      int yEnd = Math.min(oh, y0 + k);
      // window at row y = y0 + j (j >= 1): block suffix from j, plus rows y0 + k .. y + k - 1
      for (int y = y0 + 1; y < yEnd; y++) {
        int s = (y + k - 1) * ow;
        int d = (y - y0) * ow;
        int o = y * ow;
        if (y == y0 + 1) {
          System.arraycopy(rowMin, s, runMin, 0, ow);
          System.arraycopy(rowMax, s, runMax, 0, ow);
        } else {
          for (int x = 0; x < ow; x++) {
            float a = runMin[x];
            float b = rowMin[s + x];
            runMin[x] = a < b ? a : b;
            a = runMax[x];
            b = rowMax[s + x];
            runMax[x] = a > b ? a : b;
          }
        }
        for (int x = 0; x < ow; x++) {
          float a = blockMin[d + x];
          float b = runMin[x];
          mn[o + x] = a < b ? a : b;
          a = blockMax[d + x];
          b = runMax[x];
          mx[o + x] = a > b ? a : b;
        }
      }
    }
    // Flag counts: a running sum of the row counts down each column.
    int[] cnt = new int[ow * oh];
    for (int y = 0; y < k; y++) {
      for (int x = 0; x < ow; x++) {
        cnt[x] += rowCount[y * ow + x];
      }
    }
    for (int y = 1; y < oh; y++) {
      int o = y * ow;
      int add = (y + k - 1) * ow;
      int sub = (y - 1) * ow;
      for (int x = 0; x < ow; x++) {
        cnt[o + x] = cnt[o - ow + x] + rowCount[add + x] - rowCount[sub + x];
      }
    }
    return new WindowStats(k, ow, oh, mn, mx, cnt);
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
