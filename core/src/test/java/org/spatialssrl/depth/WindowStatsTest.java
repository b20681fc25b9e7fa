package org.spatialssrl.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowStatsTest {
  @Test
  void matchesBruteForceForSeveralWindowSizes() {
    SplittableRandom rng = new SplittableRandom(7);
    int w = 37;
    int h = 23;
    float[] v = new float[w * h];
    boolean[] flag = new boolean[w * h];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextDouble();
      flag[i] = rng.nextInt(10) == 0;
    }
    for (int k : new int[] {1, 2, 5, 11, 23}) {
      WindowStats s = WindowStats.compute(v, flag, w, h, k);
      for (int y = 0; y + k <= h; y++) {
        for (int x = 0; x + k <= w; x++) {
          float mn = Float.POSITIVE_INFINITY;
          float mx = Float.NEGATIVE_INFINITY;
          int n = 0;
          for (int yy = y; yy < y + k; yy++) {
            for (int xx = x; xx < x + k; xx++) {
              int i = yy * w + xx;
              if (flag[i]) {
                n++;
              } else {
                mn = Math.min(mn, v[i]);
                mx = Math.max(mx, v[i]);
              }
            }
          }
          assertEquals(mn, s.min(x, y), "min k=" + k + " at " + x + "," + y);
          assertEquals(mx, s.max(x, y), "max k=" + k + " at " + x + "," + y);
          assertEquals(n, s.flagged(x, y), "flags k=" + k + " at " + x + "," + y);
        }
      }
    }
  }

  @Test
  void percentilesMatchSortedInterpolation() {
    SplittableRandom rng = new SplittableRandom(3);
    float[] v = new float[5001];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rng.nextInt(40) == 0 ? 1000 * rng.nextDouble() : rng.nextGaussian());
    }
    float[] sorted = v.clone();
    Arrays.sort(sorted);
    for (double q : new double[] {0, 0.5, 25, 50, 99.5, 100}) {
      double pos = q / 100 * (v.length - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(lo + 1, v.length - 1);
      double expect = sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
      assertEquals(expect, Percentiles.of(v, q)[0], 1e-9, "q=" + q);
    }
  }
}
