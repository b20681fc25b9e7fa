package org.spatialssrl.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.task.ShuffleTask;

/** Re-checks shuffle samples: which source tile sits in which slot. */
public final class ShuffleChecker implements SampleChecker {
  @Override
  public String task() {
    return ShuffleTask.NAME;
  }

  @Override
  public List<String> checkSyntax(DatasetRow row) {
    int n;
    try {
      int[] g = ShuffleTask.grid(row.variant());
      n = g[0] * g[1];
    } catch (IllegalArgumentException e) {
      return List.of("unknown shuffle variant '" + row.variant() + "'");
    }
    String[] parts = row.answer().split("-", -1);
    boolean[] seen = new boolean[n];
    boolean ok = parts.length == n;
    for (int i = 0; ok && i < n; i++) {
      ok = parts[i].matches("[0-9]") && Integer.parseInt(parts[i]) < n
          && !seen[Integer.parseInt(parts[i])];
      if (ok) {
        seen[Integer.parseInt(parts[i])] = true;
      }
    }
    return ok ? List.of() : List.of("answer '" + row.answer() + "' is not a permutation of 0.."
        + (n - 1) + " joined by '-'");
  }

  @Override
  public List<String> rederive(DatasetRow row, List<RgbImage> images, SourceLookup sources)
      throws Exception {
    int[] g = ShuffleTask.grid(row.variant());
    int rows = g[0];
    int cols = g[1];
    int n = rows * cols;
    RgbImage sample = images.get(0);
    RgbImage src = sources.rgb(row.source());
    int pw = src.width() / cols;
    int ph = src.height() / rows;
    if (sample.width() != pw * cols || sample.height() != ph * rows) {
      return List.of(String.format(Locale.ROOT, "image is %dx%d, expected %dx%d from the source",
          sample.width(), sample.height(), pw * cols, ph * rows));
    }
    boolean masked = row.variant().endsWith("-masked");
    int[] slotToOriginal = new int[n];
    Arrays.fill(slotToOriginal, -1);
    boolean[] used = new boolean[n];
    int whiteSlot = -1;
    List<String> problems = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      int sx = (s % cols) * pw;
      int sy = (s / cols) * ph;
      if (masked && whiteSlot < 0 && Regions.isWhite(sample, sx, sy, pw, ph)) {
        whiteSlot = s;
        continue;
      }
      double[] d = new double[n];
      for (int o = 0; o < n; o++) {
        d[o] = Regions.slotDifference(sample, sx, sy, src.crop((o % cols) * pw, (o / cols) * ph, pw, ph));
      }
      int best = Regions.argMin(d);
      if (used[best]) {
        problems.add("slot " + s + " matches source tile " + best + ", already placed");
      }
      used[best] = true;
      slotToOriginal[s] = best;
    }
    if (masked) {
      if (whiteSlot < 0) {
        return List.of("masked variant without a white slot");
      }
      for (int o = 0; o < n; o++) {
        if (!used[o]) {
          slotToOriginal[whiteSlot] = o;
        }
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    int[] inverse = new int[n];
    for (int s = 0; s < n; s++) {
      inverse[slotToOriginal[s]] = s;
    }
    StringBuilder derived = new StringBuilder();
    for (int i = 0; i < n; i++) {
      derived.append(i == 0 ? "" : "-").append(inverse[i]);
    }
    return derived.toString().equals(row.answer())
        ? List.of()
        : List.of("pixels say '" + derived + "', answer is '" + row.answer() + "'");
  }
}
