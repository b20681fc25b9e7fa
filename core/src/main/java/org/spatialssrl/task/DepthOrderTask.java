package org.spatialssrl.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.depth.Percentiles;
import org.spatialssrl.depth.WindowStats;
import org.spatialssrl.image.Canvas;

/**
 * Regional depth ordering (SPEC 3.4): three regions, one from each normalised-depth band, are
 * marked 1, 2 and 3 in random order; the answer lists the labels from nearest to farthest.
 *
 * <p>Depth is normalised with the 0.5th and 99.5th percentiles of valid depth (outside counts as
 * invalid). A candidate region of a band is a window fully inside the image, with no invalid
 * pixel, a normalised range below the limit, and its centre pixel inside the band (as the
 * published script); a band with no 25x25 candidate falls back to 11x11 windows. Among all
 * triples whose neighbouring regions are separated by more than the gap, one is drawn uniformly:
 * the middle region is drawn with weight (compatible near regions) x (compatible far regions),
 * then the near and far regions uniformly among the compatible ones. Window extrema take linear
 * time ({@link WindowStats}); counting compatible regions uses sorted arrays (n log n).
 */
public final class DepthOrderTask implements PretextTask {
  /** The task name. */
  public static final String NAME = "depth";

  private final DepthOrderConfig config;

  /** The task with the paper's settings. */
  public DepthOrderTask() {
    this(DepthOrderConfig.builder().build());
  }

  /**
   * The task with a configuration.
   *
   * @param config the configuration
   */
  public DepthOrderTask(DepthOrderConfig config) {
    this.config = config;
  }

  /** The configuration. */
  public DepthOrderConfig config() {
    return config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InputKind input() {
    return InputKind.RGBD;
  }

  /** Candidate windows of one band: their top-left positions in a {@link WindowStats}. */
  private record Band(WindowStats stats, int[] positions, int count) {
    float min(int i) {
      int p = positions[i];
      return stats.min(p % stats.outWidth(), p / stats.outWidth());
    }

    float max(int i) {
      int p = positions[i];
      return stats.max(p % stats.outWidth(), p / stats.outWidth());
    }
  }

  @Override
  public TaskOutcome generate(SourceImage source, SplittableRandom rng) {
    DepthMap depth = source.depth();
    if (depth == null) {
      return RelativePositionTask.noDepth(source, NAME);
    }
    if (depth.validCount() == 0) {
      return new Rejection("no-valid-depth", source.id() + ": the depth map has no valid pixel");
    }
    int w = depth.width();
    int h = depth.height();
    double[] p = Percentiles.of(depth, config.lowPercentile(), config.highPercentile());
    double lo = p[0];
    double hi = p[1];
    if (!(hi > lo)) {
      return new Rejection("flat-depth",
          source.id() + ": valid depth is constant between the percentiles (" + lo + ")");
    }
    float[] raw = depth.rawDepths();
    float[] norm = new float[raw.length];
    boolean[] bad = new boolean[raw.length];
    normalise(raw, depth.rawMask(), lo, hi, norm, bad);
    Band[] bands = new Band[3];
    Band[] primary = collect(norm, bad, w, h, config.window(), config.maxRange());
    Band[] fallback = null;
    for (int b = 0; b < 3; b++) {
      bands[b] = primary == null ? null : primary[b];
      if (bands[b] == null || bands[b].count() == 0) {
        if (fallback == null) {
          fallback = collect(norm, bad, w, h, config.fallbackWindow(), config.fallbackMaxRange());
        }
        bands[b] = fallback == null ? null : fallback[b];
      }
      if (bands[b] == null || bands[b].count() == 0) {
        double[] band = config.bands().get(b);
        return new Rejection("no-depth-region",
            source.id() + ": no " + config.window() + "x" + config.window() + " or "
                + config.fallbackWindow() + "x" + config.fallbackWindow()
                + " window of flat valid depth centred in band [" + band[0] + ", " + band[1] + "]");
      }
    }
    int[] pick = drawTriple(bands, rng);
    if (pick == null) {
      return new Rejection("no-depth-gap",
          source.id() + ": no three regions whose neighbouring depth ranges are more than "
              + config.minGap() + " apart");
    }
    int[] labelOfBand = {1, 2, 3};
    for (int i = 2; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = labelOfBand[i];
      labelOfBand[i] = labelOfBand[j];
      labelOfBand[j] = t;
    }
    int radius = config.marker().radius(w, h);
    Canvas canvas = Canvas.of(source.rgb());
    List<Map<String, Object>> regions = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      Band band = bands[b];
      int pos = band.positions()[pick[b]];
      int k = band.stats().window();
      int cx = pos % band.stats().outWidth() + k / 2;
      int cy = pos / band.stats().outWidth() + k / 2;
      int mx = MarkerStyle.place(cx, w, radius);
      int my = MarkerStyle.place(cy, h, radius);
      config.marker().draw(canvas, labelOfBand[b], mx, my, radius);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("label", labelOfBand[b]);
      r.put("band", b);
      r.put("band_range", List.of(config.bands().get(b)[0], config.bands().get(b)[1]));
      r.put("centre_x", cx);
      r.put("centre_y", cy);
      r.put("window", k);
      r.put("max_range", k == config.window() ? config.maxRange() : config.fallbackMaxRange());
      r.put("norm_min", band.min(pick[b]));
      r.put("norm_max", band.max(pick[b]));
      r.put("norm_centre", norm[cy * w + cx]);
      r.put("depth_centre", raw[cy * w + cx]);
      r.put("marker_x", mx);
      r.put("marker_y", my);
      regions.add(r);
    }
    String answer = labelOfBand[0] + "-" + labelOfBand[1] + "-" + labelOfBand[2];
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("image_width", w);
    meta.put("image_height", h);
    meta.put("low_percentile", config.lowPercentile());
    meta.put("high_percentile", config.highPercentile());
    meta.put("depth_low", lo);
    meta.put("depth_high", hi);
    meta.put("min_gap", config.minGap());
    meta.put("candidates", Arrays.stream(bands).map(Band::count).toList());
    meta.put("regions", regions);
    meta.put("order_near_to_far", List.of(labelOfBand[0], labelOfBand[1], labelOfBand[2]));
    meta.put("marker_radius", radius);
    boolean allPrimary = Arrays.stream(bands).allMatch(bd -> bd.stats().window() == config.window());
    return new Sample(NAME, allPrimary ? "window-" + config.window() : "window-fallback",
        Prompts.IMAGE + DepthPrompts.depthOrder(), answer, List.of(canvas.toImage()), meta);
  }

  /**
   * Normalised depth, NaN and flagged bad outside the valid pixels within [lo, hi]. A method of
   * its own so that this per-pixel loop, not all of {@link #generate}, is what the JIT compiles
   * on the loop's back-edge counter (compiling generate whole took about a second of CPU).
   */
  private static void normalise(
      float[] raw, boolean[] valid, double lo, double hi, float[] norm, boolean[] bad) {
    for (int i = 0; i < raw.length; i++) {
      boolean ok = valid[i] && raw[i] >= lo && raw[i] <= hi;
      bad[i] = !ok;
      norm[i] = ok ? (float) ((raw[i] - lo) / (hi - lo)) : Float.NaN;
    }
  }

  /** Candidate windows of each band for one window size, or null when the image is too small. */
  private Band[] collect(float[] norm, boolean[] bad, int w, int h, int k, double maxRange) {
    if (k > w || k > h) {
      return null;
    }
    WindowStats s = WindowStats.compute(norm, bad, w, h, k);
    int ow = s.outWidth();
    int half = k / 2;
    int[][] pos = new int[3][64];
    int[] count = new int[3];
    // Band limits in locals: the list lookups cost more than the test itself in this loop.
    double[] bandLo = new double[3];
    double[] bandHi = new double[3];
    for (int b = 0; b < 3; b++) {
      bandLo[b] = config.bands().get(b)[0];
      bandHi[b] = config.bands().get(b)[1];
    }
    for (int y = 0; y < s.outHeight(); y++) {
      for (int x = 0; x < ow; x++) {
        if (s.flagged(x, y) != 0 || !(s.max(x, y) - s.min(x, y) < maxRange)) {
          continue;
        }
        float c = norm[(y + half) * w + x + half];
        for (int b = 0; b < 3; b++) {
          if (c >= bandLo[b] && c <= bandHi[b]) {
            if (count[b] == pos[b].length) {
              pos[b] = Arrays.copyOf(pos[b], pos[b].length * 2);
            }
            pos[b][count[b]++] = y * ow + x;
          }
        }
      }
    }
    return new Band[] {
      new Band(s, pos[0], count[0]), new Band(s, pos[1], count[1]), new Band(s, pos[2], count[2])
    };
  }

  /**
   * Draws one triple uniformly among those whose neighbours are separated by more than the gap.
   *
   * @return candidate indices per band, or null when no triple qualifies
   */
  private int[] drawTriple(Band[] bands, SplittableRandom rng) {
    double gap = config.minGap();
    int[] nearByMax = sortedBy(bands[0], true);
    int[] farByMin = sortedBy(bands[2], false);
    Band near = bands[0];
    Band mid = bands[1];
    Band far = bands[2];
    long[] weight = new long[mid.count()];
    int[] nearCount = new int[mid.count()];
    int[] farCount = new int[mid.count()];
    long total = 0;
    for (int m = 0; m < mid.count(); m++) {
      double mMin = mid.min(m);
      double mMax = mid.max(m);
      // near regions with mMin - max > gap form a prefix of nearByMax
      int lo = 0;
      int hi = nearByMax.length;
      while (lo < hi) {
        int c = (lo + hi) >>> 1;
        if (mMin - near.max(nearByMax[c]) > gap) {
          lo = c + 1;
        } else {
          hi = c;
        }
      }
      nearCount[m] = lo;
      // far regions with min - mMax > gap form a suffix of farByMin
      lo = 0;
      hi = farByMin.length;
      while (lo < hi) {
        int c = (lo + hi) >>> 1;
        if (far.min(farByMin[c]) - mMax > gap) {
          hi = c;
        } else {
          lo = c + 1;
        }
      }
      farCount[m] = farByMin.length - lo;
      weight[m] = (long) nearCount[m] * farCount[m];
      total += weight[m];
    }
    if (total == 0) {
      return null;
    }
    long r = rng.nextLong(total);
    int m = 0;
    while (r >= weight[m]) {
      r -= weight[m++];
    }
    int n = nearByMax[(int) (r / farCount[m])];
    int f = farByMin[farByMin.length - farCount[m] + (int) (r % farCount[m])];
    return new int[] {n, m, f};
  }

  /**
   * Candidate indices sorted by window max (or min), ties by index: a stable two-pass radix sort
   * on the float bits (normalised depth is non-negative, so its bits order like its values).
   */
  private static int[] sortedBy(Band band, boolean byMax) {
    int n = band.count();
    int[] key = new int[n];
    for (int i = 0; i < n; i++) {
      key[i] = Float.floatToIntBits(byMax ? band.max(i) : band.min(i));
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] tmp = new int[n];
    for (int shift = 0; shift < 32; shift += 16) {
      int[] count = new int[65537];
      for (int i = 0; i < n; i++) {
        count[((key[i] >>> shift) & 0xFFFF) + 1]++;
      }
      for (int d = 0; d < 65536; d++) {
        count[d + 1] += count[d];
      }
      for (int i = 0; i < n; i++) {
        int idx = order[i];
        tmp[count[(key[idx] >>> shift) & 0xFFFF]++] = idx;
      }
      int[] swap = order;
      order = tmp;
      tmp = swap;
    }
    return order;
  }
}
