package org.spatialssrl.verify;

import java.util.List;
import java.util.Locale;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.task.FlipTask;

/** Re-checks flip samples: which slot differs from its source tile, and by which flip. */
public final class FlipChecker implements SampleChecker {
  @Override
  public String task() {
    return FlipTask.NAME;
  }

  @Override
  public List<String> checkSyntax(DatasetRow row) {
    return row.answer().matches("[0-3]-[01]")
        ? List.of()
        : List.of("answer '" + row.answer() + "' is not 'Label-Direction' (label 0-3, direction 0/1)");
  }

  @Override
  public List<String> rederive(DatasetRow row, List<RgbImage> images, SourceLookup sources)
      throws Exception {
    RgbImage sample = images.get(0);
    RgbImage src = sources.rgb(row.source());
    int pw = src.width() / 2;
    int ph = src.height() / 2;
    if (sample.width() != 2 * pw || sample.height() != 2 * ph) {
      return List.of(String.format(Locale.ROOT, "image is %dx%d, expected %dx%d from the source",
          sample.width(), sample.height(), 2 * pw, 2 * ph));
    }
    int flipped = -1;
    int direction = -1;
    double bestGain = 0;
    for (int s = 0; s < 4; s++) {
      RgbImage tile = src.crop((s % 2) * pw, (s / 2) * ph, pw, ph);
      int sx = (s % 2) * pw;
      int sy = (s / 2) * ph;
      double same = Regions.slotDifference(sample, sx, sy, tile);
      double vertical = Regions.slotDifference(sample, sx, sy, tile.flipVertical());
      double horizontal = Regions.slotDifference(sample, sx, sy, tile.flipHorizontal());
      double gain = same - Math.min(vertical, horizontal);
      if (gain > bestGain) {
        bestGain = gain;
        flipped = s;
        direction = vertical <= horizontal ? 0 : 1;
      }
    }
    if (flipped < 0) {
      return List.of("no slot differs from its source tile by a flip");
    }
    String derived = flipped + "-" + direction;
    return derived.equals(row.answer())
        ? List.of()
        : List.of("pixels say '" + derived + "', answer is '" + row.answer() + "'");
  }
}
