package org.spatialssrl.depth;

import java.util.Arrays;

/**
 * Exact percentiles with linear interpolation between order statistics (NumPy's default
 * method), in linear time: a 65,536-bin histogram (over the values' ordered bit patterns) finds
 * the bin of each order statistic and only those bins are gathered (in one pass) and sorted.
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
    // Reads the map in place (no copy of the valid depths): three passes in all.
    return of(depth.rawDepths(), depth.rawMask(), depth.validCount(), qs);
  }

  /**
   * Percentiles of finite values.
   *
   * @param vals the values (not modified)
   * @param qs percentiles in [0, 100]
   * @return one value per percentile
   */
  public static double[] of(float[] vals, double... qs) {
    return of(vals, null, vals.length, qs);
  }

  /**
   * The shared implementation: one pass for the range, one for the histogram, one to gather the
   * few bins that hold the wanted order statistics (each then sorted on its own).
   *
   * @param vals the values
   * @param mask which values count, or null for all
   * @param n the number of values that count
   */
  private static double[] of(float[] vals, boolean[] mask, int n, double[] qs) {
    if (n == 0) {
      throw new IllegalArgumentException("no values to take percentiles of");
    }
    // The range over integer keys: int min/max are cheap, and the extreme keys are the floats
    // Math.min/max would give (-0.0 below +0.0 included).
    int keyLo = Integer.MAX_VALUE;
    int keyHi = Integer.MIN_VALUE;
    for (int i = 0; i < vals.length; i++) {
      if (mask == null || mask[i]) {
        int key = key(vals[i]);
        keyLo = Math.min(keyLo, key);
        keyHi = Math.max(keyHi, key);
      }
    }
    float lo = fromKey(keyLo);
    float hi = fromKey(keyHi);
    double[] out = new double[qs.length];
    if (lo == hi) {
      Arrays.fill(out, lo);
      return out;
    }
    // Bins over the values' order-preserving integer keys: any monotonic binning gives the same
    // (exact) order statistics, and integer keys are much cheaper than scaling each value.
    long span = (long) keyHi - keyLo;
    int shift = 0;
    while ((span >>> shift) >= BINS) {
      shift++;
    }
    int[] counts = new int[BINS];
    for (int i = 0; i < vals.length; i++) {
      if (mask == null || mask[i]) {
        counts[(key(vals[i]) - keyLo) >>> shift]++;
      }
    }
    // The ranks each percentile interpolates between, and the bin holding each rank.
    int[] ranks = new int[2 * qs.length];
    double[] pos = new double[qs.length];
    for (int q = 0; q < qs.length; q++) {
      pos[q] = qs[q] / 100.0 * (n - 1);
      ranks[2 * q] = (int) Math.floor(pos[q]);
      ranks[2 * q + 1] = Math.min(ranks[2 * q] + 1, n - 1);
    }
    int[] binOf = new int[ranks.length];
    int[] before = new int[ranks.length];
    for (int r = 0; r < ranks.length; r++) {
      int b = 0;
      int seen = 0;
      while (seen + counts[b] <= ranks[r]) {
        seen += counts[b++];
      }
      binOf[r] = b;
      before[r] = seen;
    }
    // slot[b] = 1 + index of the gathered bin b, 0 for bins not wanted
    int[] slot = new int[BINS];
    int wanted = 0;
    float[][] inBin = new float[ranks.length][];
    for (int r = 0; r < ranks.length; r++) {
      if (slot[binOf[r]] == 0) {
        inBin[wanted] = new float[counts[binOf[r]]];
        slot[binOf[r]] = ++wanted;
      }
    }
    int[] filled = new int[wanted];
    for (int i = 0; i < vals.length; i++) {
      if (mask == null || mask[i]) {
        float x = vals[i];
        int g = slot[(key(x) - keyLo) >>> shift] - 1;
        if (g >= 0) {
          inBin[g][filled[g]++] = x;
        }
      }
    }
    for (int g = 0; g < wanted; g++) {
      Arrays.sort(inBin[g]);
    }
    for (int q = 0; q < qs.length; q++) {
      int r0 = ranks[2 * q];
      double a = inBin[slot[binOf[2 * q]] - 1][r0 - before[2 * q]];
      int r1 = ranks[2 * q + 1];
      double b = r1 == r0 ? a : inBin[slot[binOf[2 * q + 1]] - 1][r1 - before[2 * q + 1]];
      out[q] = a + (pos[q] - r0) * (b - a);
    }
    return out;
  }

  /**
   * An int that orders like the float (-0.0 before +0.0, as {@link Arrays#sort(float[])} does).
   * Differences of two keys, read as unsigned, never overflow: keys span less than 2^32.
   */
  private static int key(float x) {
    int bits = Float.floatToRawIntBits(x);
    return bits ^ ((bits >> 31) & 0x7FFFFFFF);
  }

  /** The float of a {@link #key} (the mapping is its own inverse). */
  private static float fromKey(int key) {
    return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7FFFFFFF));
  }
}
