package org.spatialssrl.verify;

import org.spatialssrl.image.RgbImage;

/**
 * Pixel comparisons that ignore what the generator draws on top of patches: a margin along the
 * edges (the border) and the top-left corner (the label).
 */
final class Regions {
  private Regions() {}

  /**
   * Mean absolute difference between a slot of a sample image and a same-sized tile, over the
   * slot's bottom half and top-right quarter, inset from the edges.
   */
  static double slotDifference(RgbImage sample, int sx, int sy, RgbImage tile) {
    int w = tile.width();
    int h = tile.height();
    int m = Math.max(3, Math.min(w, h) / 25);
    int halfW = w / 2;
    int halfH = h / 2;
    double bottom = sample.meanAbsDiff(tile, sx + m, sy + halfH, m, halfH, w - 2 * m, h - halfH - m);
    double topRight = sample.meanAbsDiff(tile, sx + halfW, sy + m, halfW, m, w - halfW - m, halfH - m);
    double areaBottom = (double) (w - 2 * m) * (h - halfH - m);
    double areaTop = (double) (w - halfW - m) * (halfH - m);
    return (bottom * areaBottom + topRight * areaTop) / (areaBottom + areaTop);
  }

  /** True when the slot's compared pixels are all near white (the masked shuffle slot). */
  static boolean isWhite(RgbImage sample, int sx, int sy, int w, int h) {
    return slotDifference(sample, sx, sy, RgbImage.filled(w, h, 0xFFFFFF)) < 4.0;
  }

  /** The index of the smallest value, and whether it is clearly smaller than the runner-up. */
  static int argMin(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] < values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The smallest value other than the one at {@code except}. */
  static double runnerUp(double[] values, int except) {
    double r = Double.MAX_VALUE;
    for (int i = 0; i < values.length; i++) {
      if (i != except) {
        r = Math.min(r, values[i]);
      }
    }
    return r;
  }
}
