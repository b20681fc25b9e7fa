package org.spatialssrl.depth;

import java.util.Arrays;

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
   * flagged pixels only has min +inf and max -inf). Extrema follow {@link Math#min(float, float)}
   * and {@link Math#max(float, float)} (NaN wins, -0.0 is below +0.0), which also compile to
   * branch-free code: with data-dependent outcomes, plain comparisons measured over twice as slow.
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
    // Rows are reduced to their 1 x k runs on demand into a ring of 2k rows: the column pass
    // below needs rows y0 .. y0 + 2k - 2 for the block at y0, so nothing older than 2k rows is
    // read again, and the run extrema stay in cache instead of filling whole-image arrays.
    RowRuns rows = new RowRuns(values, flags, width, k, Math.min(height, 2 * k));
    float[] mn = new float[ow * oh];
    float[] mx = new float[ow * oh];
    int[] cnt = new int[ow * oh];
    // Along columns, the same block scheme over whole rows: for each block of k rows, suffix
    // extrema of the block (k rows kept) and a running prefix of the next block.
    float[] blockMin = new float[k * ow];
    float[] blockMax = new float[k * ow];
    float[] runMin = new float[ow];
    float[] runMax = new float[ow];
    int[] flagSum = new int[ow];
    for (int y0 = 0; y0 < oh; y0 += k) {
      // rows y0 .. y0 + k - 1 all exist because y0 <= oh - 1 = height - k
      int r = rows.at(y0 + k - 1);
      System.arraycopy(rows.min, r, blockMin, (k - 1) * ow, ow);
      System.arraycopy(rows.max, r, blockMax, (k - 1) * ow, ow);
      for (int j = k - 2; j >= 0; j--) {
        r = rows.at(y0 + j);
        int d = j * ow;
        for (int x = 0; x < ow; x++) {
          float a = blockMin[d + ow + x];
          float b = rows.min[r + x];
          blockMin[d + x] = Math.min(a, b);
          a = blockMax[d + ow + x];
          b = rows.max[r + x];
          blockMax[d + x] = Math.max(a, b);
        }
      }
      int yEnd = Math.min(oh, y0 + k);
      for (int y = y0; y < yEnd; y++) {
        int o = y * ow;
        int add = rows.at(y + k - 1);
        if (y == y0) {
          System.arraycopy(blockMin, 0, mn, o, ow);
          System.arraycopy(blockMax, 0, mx, o, ow);
        } else {
          // window at row y: the block's suffix from y, plus rows y0 + k .. y + k - 1
          if (y == y0 + 1) {
            System.arraycopy(rows.min, add, runMin, 0, ow);
            System.arraycopy(rows.max, add, runMax, 0, ow);
          } else {
            for (int x = 0; x < ow; x++) {
              float a = runMin[x];
              float b = rows.min[add + x];
              runMin[x] = Math.min(a, b);
              a = runMax[x];
              b = rows.max[add + x];
              runMax[x] = Math.max(a, b);
            }
          }
          int d = (y - y0) * ow;
          for (int x = 0; x < ow; x++) {
            float a = blockMin[d + x];
            float b = runMin[x];
            mn[o + x] = Math.min(a, b);
            a = blockMax[d + x];
            b = runMax[x];
            mx[o + x] = Math.max(a, b);
          }
        }
        // Flag counts: a running sum down each column (row y - 1 is still in the ring).
        if (y == 0) {
          for (int j = 0; j < k; j++) {
            int rj = rows.at(j);
            for (int x = 0; x < ow; x++) {
              flagSum[x] += rows.count[rj + x];
            }
          }
        } else {
          int sub = rows.at(y - 1);
          for (int x = 0; x < ow; x++) {
            flagSum[x] += rows.count[add + x] - rows.count[sub + x];
          }
        }
        System.arraycopy(flagSum, 0, cnt, o, ow);
      }
    }
    return new WindowStats(k, ow, oh, mn, mx, cnt);
  }

  /**
   * The extrema and flag counts of every 1 x k run of a grid's rows, for a ring of recent rows.
   */
  private static final class RowRuns {
    final float[] min;
    final float[] max;
    final int[] count;
    private final float[] values;
    private final boolean[] flags;
    private final int width;
    private final int k;
    private final int ow;
    private final int[] rowInSlot;
    private final float[] preMin;
    private final float[] preMax;
    private final float[] sufMin;
    private final float[] sufMax;

    RowRuns(float[] values, boolean[] flags, int width, int k, int slots) {
      this.values = values;
      this.flags = flags;
      this.width = width;
      this.k = k;
      this.ow = width - k + 1;
      this.min = new float[slots * ow];
      this.max = new float[slots * ow];
      this.count = new int[slots * ow];
      this.rowInSlot = new int[slots];
      Arrays.fill(rowInSlot, -1);
      this.preMin = new float[width];
      this.preMax = new float[width];
      this.sufMin = new float[width];
      this.sufMax = new float[width];
    }

    /** The offset of row y's runs in {@link #min}, {@link #max} and {@link #count}. */
    int at(int y) {
      int slot = y % rowInSlot.length;
      if (rowInSlot[slot] != y) {
        compute(y, slot * ow);
        rowInSlot[slot] = y;
      }
      return slot * ow;
    }

    private void compute(int y, int ob) {
      int base = y * width;
      // Prefix and suffix extrema inside blocks of k columns (van Herk / Gil-Werman): a run
      // starting at x spans the suffix of x's block and the prefix of the next block.
      for (int b0 = 0; b0 < width; b0 += k) {
        int b1 = Math.min(width, b0 + k);
        float mn = Float.POSITIVE_INFINITY;
        float mx = Float.NEGATIVE_INFINITY;
        for (int x = b0; x < b1; x++) {
          boolean f = flags[base + x];
          float v = values[base + x];
          mn = Math.min(mn, f ? Float.POSITIVE_INFINITY : v);
          mx = Math.max(mx, f ? Float.NEGATIVE_INFINITY : v);
          preMin[x] = mn;
          preMax[x] = mx;
        }
        mn = Float.POSITIVE_INFINITY;
        mx = Float.NEGATIVE_INFINITY;
        for (int x = b1 - 1; x >= b0; x--) {
          boolean f = flags[base + x];
          float v = values[base + x];
          mn = Math.min(mn, f ? Float.POSITIVE_INFINITY : v);
          mx = Math.max(mx, f ? Float.NEGATIVE_INFINITY : v);
          sufMin[x] = mn;
          sufMax[x] = mx;
        }
      }
      int run = 0;
      for (int x = 0; x < k; x++) {
        run += flags[base + x] ? 1 : 0;
      }
      for (int x = 0; x < ow; x++) {
        float a = sufMin[x];
        float b = preMin[x + k - 1];
        min[ob + x] = Math.min(a, b);
        a = sufMax[x];
        b = preMax[x + k - 1];
        max[ob + x] = Math.max(a, b);
        count[ob + x] = run;
        if (x + 1 < ow) {
          run += (flags[base + x + k] ? 1 : 0) - (flags[base + x] ? 1 : 0);
        }
      }
    }
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
