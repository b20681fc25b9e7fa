package org.spatialssrl.verify;

import java.util.List;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.task.CropTask;

/**
 * Re-checks crop samples: finds the blacked-out square in the first image, and which option
 * equals the source's pixels there.
 */
public final class CropChecker implements SampleChecker {
  @Override
  public String task() {
    return CropTask.NAME;
  }

  @Override
  public List<String> checkSyntax(DatasetRow row) {
    return row.answer().matches("[ABCD]")
        ? List.of()
        : List.of("answer '" + row.answer() + "' is not one of A, B, C, D");
  }

  @Override
  public List<String> rederive(DatasetRow row, List<RgbImage> images, SourceLookup sources)
      throws Exception {
    if (images.size() != 5) {
      return List.of("crop samples have 5 images, this one has " + images.size());
    }
    RgbImage masked = images.get(0);
    RgbImage src = sources.rgb(row.source());
    if (masked.width() != src.width() || masked.height() != src.height()) {
      return List.of("first image is not the size of the source");
    }
    int s = Math.min(src.width(), src.height()) / 2;
    int[] box = darkestSquare(masked, src, s);
    RgbImage truth = src.crop(box[0], box[1], s, s);
    double[] d = new double[4];
    for (int k = 0; k < 4; k++) {
      RgbImage option = images.get(k + 1);
      if (option.width() != s || option.height() != s) {
        return List.of("option " + CropTask.LETTERS.get(k) + " is " + option.width() + "x"
            + option.height() + ", expected " + s + "x" + s);
      }
      d[k] = truth.meanAbsDiff(option, 0, 0, 0, 0, s, s);
    }
    int best = Regions.argMin(d);
    String derived = CropTask.LETTERS.get(best);
    return derived.equals(row.answer())
        ? List.of()
        : List.of("pixels say '" + derived + "', answer is '" + row.answer() + "'");
  }

  /**
   * The top-left corner of the blacked-out s x s square: among the windows that contain every
   * pixel that was darkened (differs from the source and is now near black), the one with the
   * most near-black pixels (counted with an integral image).
   */
  static int[] darkestSquare(RgbImage img, RgbImage src, int s) {
    int w = img.width();
    int h = img.height();
    int[] integral = new int[(w + 1) * (h + 1)];
    int minX = w;
    int minY = h;
    int maxX = -1;
    int maxY = -1;
    for (int y = 0; y < h; y++) {
      int rowSum = 0;
      for (int x = 0; x < w; x++) {
        int p = img.rgb(x, y);
        boolean dark = (p >> 16 & 255) < 24 && (p >> 8 & 255) < 24 && (p & 255) < 24;
        if (dark) {
          int q = src.rgb(x, y);
          int diff = (q >> 16 & 255) + (q >> 8 & 255) + (q & 255)
              - (p >> 16 & 255) - (p >> 8 & 255) - (p & 255);
          if (diff > 90) {
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          }
        }
        rowSum += dark ? 1 : 0;
        integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + rowSum;
      }
    }
    int x0 = 0;
    int x1 = w - s;
    int y0 = 0;
    int y1 = h - s;
    if (maxX >= 0 && maxX - minX < s && maxY - minY < s) {
      x0 = Math.max(0, maxX - s + 1);
      x1 = Math.min(w - s, minX);
      y0 = Math.max(0, maxY - s + 1);
      y1 = Math.min(h - s, minY);
    }
    int best = -1;
    int bx = x0;
    int by = y0;
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        int count = integral[(y + s) * (w + 1) + x + s] - integral[y * (w + 1) + x + s]
            - integral[(y + s) * (w + 1) + x] + integral[y * (w + 1) + x];
        if (count > best) {
          best = count;
          bx = x;
          by = y;
        }
      }
    }
    return new int[] {bx, by};
  }
}
