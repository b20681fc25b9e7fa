package org.spatialssrl.verify.depth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.depth.Percentiles;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.task.DepthOrderTask;
import org.spatialssrl.verify.SampleChecker;
import org.spatialssrl.verify.SourceLookup;

/**
 * Re-checks regional depth ordering samples: re-reads the source depth, re-normalises it with the
 * stored percentiles, checks each stored window (inside the image, all valid, flat, centred in its
 * band, gapped from its neighbour) and re-derives the order from the depth at the region centres.
 */
public final class DepthOrderChecker implements SampleChecker {
  @Override
  public String task() {
    return DepthOrderTask.NAME;
  }

  @Override
  public List<String> checkSyntax(DatasetRow row) {
    String a = row.answer();
    if (!a.matches("[123]-[123]-[123]") || a.chars().distinct().count() != 4) {
      return List.of(row.id() + ": depth answer '" + a + "' is not an order of 1, 2, 3 like 3-1-2");
    }
    return List.of();
  }

  @Override
  public List<String> rederive(DatasetRow row, List<RgbImage> images, SourceLookup sources)
      throws Exception {
    List<String> problems = new ArrayList<>();
    DepthSources.Context c = DepthSources.context(row, images, sources, problems);
    JsonNode m = c.meta();
    int w = c.width();
    int h = c.height();
    DepthMap depth = c.depth();
    double[] p = Percentiles.of(depth, m.path("low_percentile").asDouble(),
        m.path("high_percentile").asDouble());
    double lo = p[0];
    double hi = p[1];
    if (!close(lo, m.path("depth_low").asDouble()) || !close(hi, m.path("depth_high").asDouble())) {
      problems.add(row.id() + ": depth percentiles are " + lo + ".." + hi + ", stored "
          + m.path("depth_low") + ".." + m.path("depth_high"));
    }
    List<JsonNode> regions = new ArrayList<>();
    m.path("regions").forEach(regions::add);
    if (regions.size() != 3) {
      problems.add(row.id() + ": expected 3 regions, found " + regions.size());
      return problems;
    }
    regions.sort(Comparator.comparingInt(r -> r.path("band").asInt()));
    double gap = m.path("min_gap").asDouble();
    double prevMax = Double.NEGATIVE_INFINITY;
    for (JsonNode r : regions) {
      int k = r.path("window").asInt();
      int cx = r.path("centre_x").asInt();
      int cy = r.path("centre_y").asInt();
      String where = row.id() + ": region " + r.path("label").asInt() + " at " + cx + "," + cy;
      if (cx - k / 2 < 0 || cy - k / 2 < 0 || cx + k / 2 >= w || cy + k / 2 >= h) {
        problems.add(where + " leaves the image");
        continue;
      }
      double mn = Double.POSITIVE_INFINITY;
      double mx = Double.NEGATIVE_INFINITY;
      boolean allValid = true;
      for (int y = cy - k / 2; y <= cy + k / 2; y++) {
        for (int x = cx - k / 2; x <= cx + k / 2; x++) {
          float d = depth.depth(x, y);
          if (!depth.isValid(x, y) || d < lo || d > hi) {
            allValid = false;
          } else {
            double n = (float) ((d - lo) / (hi - lo));
            mn = Math.min(mn, n);
            mx = Math.max(mx, n);
          }
        }
      }
      if (!allValid) {
        problems.add(where + " holds invalid depth");
      }
      if (!(mx - mn < r.path("max_range").asDouble())) {
        problems.add(where + " is not flat (range " + (mx - mn) + ")");
      }
      double centre = (float) ((depth.depth(cx, cy) - lo) / (hi - lo));
      JsonNode band = r.path("band_range");
      if (centre < band.path(0).asDouble() || centre > band.path(1).asDouble()) {
        problems.add(where + " centre depth " + centre + " is outside its band " + band);
      }
      if (!(mn - prevMax > gap)) {
        problems.add(where + " is within " + gap + " of the nearer region");
      }
      prevMax = mx;
    }
    regions.sort(Comparator.comparingDouble(
        r -> depth.depth(r.path("centre_x").asInt(), r.path("centre_y").asInt())));
    String derived = regions.get(0).path("label").asInt() + "-" + regions.get(1).path("label").asInt()
        + "-" + regions.get(2).path("label").asInt();
    if (!derived.equals(row.answer())) {
      problems.add(row.id() + ": depth at the region centres orders them " + derived
          + ", the stored answer is " + row.answer());
    }
    return problems;
  }

  static boolean close(double a, double b) {
    return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a));
  }
}
