package org.spatialssrl.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowStatsTest {
  @Test
  void matchesBruteForceForSeveralWindowSizes() {
    checkAgainstBruteForce(37, 23, new int[] {1, 2, 5, 11, 23}, 7);
  }

  @Test
  void matchesBruteForceWhenBlocksDoNotDivideTheGrid() {
    // window sides that leave partial blocks at the right and bottom edges, and a wholly
    // flagged patch (extrema +inf / -inf)
    checkAgainstBruteForce(50, 31, new int[] {3, 4, 7, 8, 16, 25, 31}, 11);
    checkAgainstBruteForce(16, 16, new int[] {1, 4, 15, 16}, 5);
  }

  private static void checkAgainstBruteForce(int w, int h, int[] windows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[w * h];
    boolean[] flag = new boolean[w * h];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextDouble();
      flag[i] = rng.nextInt(10) == 0 || (i % w < 6 && i / w < 5);
    }
    for (int k : windows) {
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
  void percentilesOfSeveralQuantilesAtOnceAreExactWithTies() {
    SplittableRandom rng = new SplittableRandom(9);
    float[] v = new float[4000];
    boolean[] mask = new boolean[v.length];
    int n = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextInt(3) == 0 ? 2.5f : (float) (1 + rng.nextInt(200) * 0.01);
      mask[i] = rng.nextInt(5) != 0;
      n += mask[i] ? 1 : 0;
    }
    float[] valid = new float[n];
    for (int i = 0, j = 0; i < v.length; i++) {
      if (mask[i]) {
        valid[j++] = v[i];
      }
    }
    float[] sorted = valid.clone();
    Arrays.sort(sorted);
    double[] qs = {0.5, 99.5, 50, 0.5, 100, 0};
    double[] fromMap = Percentiles.of(DepthMap.of(v.length, 1, v, mask), qs);
    double[] fromValues = Percentiles.of(valid, qs);
    for (int q = 0; q < qs.length; q++) {
      double pos = qs[q] / 100 * (n - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(lo + 1, n - 1);
      double expect = sorted[lo] + (pos - lo) * ((double) sorted[hi] - sorted[lo]);
      assertEquals(expect, fromMap[q], 0.0, "map q=" + qs[q]);
      assertEquals(expect, fromValues[q], 0.0, "values q=" + qs[q]);
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
