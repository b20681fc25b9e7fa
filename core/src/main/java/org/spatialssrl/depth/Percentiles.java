package org.spatialssrl.depth;

import java.util.Arrays;

/**
 * Exact percentiles with linear interpolation between order statistics (NumPy's default
 * method), in linear time: a 65,536-bin histogram finds the bin of each order statistic and
 * only that bin is sorted.
 */
public final class Percentiles {
  private static final int BINS = 1 << 16;

  private Percentiles() {}

  /**
   * Percentiles of the valid entries of a depth map.
   *
   * @param depth the map
   * @param qs percentiles in [0, 100]
   * @return one value per percentile
   * @throws IllegalArgumentException when the map has no valid pixel
   */
  public static double[] of(DepthMap depth, double... qs) {
    float[] d = depth.rawDepths();
    boolean[] v = depth.rawMask();
    float[] vals = new float[depth.validCount()];
    int n = 0;
    for (int i = 0; i < d.length; i++) {
      if (v[i]) {
        vals[n++] = d[i];
      }
    }
    return of(vals, qs);
  }

  /**
   * Percentiles of finite values.
   *
   * @param vals the values (not modified)
   * @param qs percentiles in [0, 100]
   * @return one value per percentile
   */
  public static double[] of(float[] vals, double... qs) {
    int n = vals.length;
    if (n == 0) {
      throw new IllegalArgumentException("no values to take percentiles of");
    }
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float x : vals) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    double[] out = new double[qs.length];
    if (lo == hi) {
      Arrays.fill(out, lo);
      return out;
    }
    double scale = BINS / ((double) hi - lo);
    int[] counts = new int[BINS];
    for (float x : vals) {
      counts[bin(x, lo, scale)]++;
    }
    for (int q = 0; q < qs.length; q++) {
      double pos = qs[q] / 100.0 * (n - 1);
      int r0 = (int) Math.floor(pos);
      int r1 = Math.min(r0 + 1, n - 1);
      double a = kth(vals, counts, lo, scale, r0);
      double b = r1 == r0 ? a : kth(vals, counts, lo, scale, r1);
      out[q] = a + (pos - r0) * (b - a);
    }
    return out;
  }

  private static int bin(float x, float lo, double scale) {
    return Math.min(BINS - 1, (int) ((x - (double) lo) * scale));
  }

  private static float kth(float[] vals, int[] counts, float lo, double scale, int rank) {
    int before = 0;
    int b = 0;
    while (before + counts[b] <= rank) {
      before += counts[b++];
    }
    float[] inBin = new float[counts[b]];
    int m = 0;
    for (float x : vals) {
      if (bin(x, lo, scale) == b) {
        inBin[m++] = x;
      }
    }
    Arrays.sort(inBin);
    return inBin[rank - before];
  }
}
