package org.spatialssrl.task;

import java.util.SplittableRandom;
import org.spatialssrl.image.RgbImage;

/** Synthetic test images: smooth structure plus noise, so that every patch is distinct. */
final class TaskTestImages {
  private TaskTestImages() {}

  static RgbImage textured(int w, int h, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] p = new int[w * h];
    double fx = 0.02 + 0.03 * rng.nextDouble();
    double fy = 0.02 + 0.03 * rng.nextDouble();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (int) (127 + 100 * Math.sin(x * fx + y * 0.013));
        int g = (int) (127 + 100 * Math.cos(y * fy - x * 0.007));
        int b = (x * 255 / w + y * 255 / h) / 2;
        int n = rng.nextInt(21) - 10;
        p[y * w + x] = clamp(r + n) << 16 | clamp(g + n) << 8 | clamp(b + n);
      }
    }
    return RgbImage.of(w, h, p);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
