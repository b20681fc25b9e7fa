package org.spatialssrl.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.image.Canvas;

/**
 * Relative 3D position (SPEC 3.5): two blocks are marked 1 and 2; one is the camera, facing one
 * of four directions, and the question asks where the other lies as seen from it.
 *
 * <p>Depth is normalised min-max over valid pixels. Candidate blocks are the 15x15 tiles of the
 * image (as the published script scans them) whose centre lies within 0.45 H and 0.45 W of the
 * image centre, with at least one valid pixel and a normalised range of at most 0.15 over valid
 * pixels; a block's depth is the maximum raw depth of its valid pixels. One tiling pass gives all
 * block statistics (linear in the pixel count).
 *
 * <p>The pair is drawn uniformly among all valid pairs of the chosen kind, deterministically and
 * without enumerating all n^2 pairs. Far pairs: a block's nearer partners with a depth gap of at
 * least 0.25 form a prefix of the blocks sorted by depth maximum (binary search), less the few
 * within the minimum image distance (counted in the block's grid neighbourhood); near pairs lie in
 * the rows within 30 px, so each block scans those rows only. Each block gets its number of valid
 * partners as weight, one block is drawn by weight and its partner uniformly among its partners.
 */
public final class RelativePositionTask implements PretextTask {
  /** The task name. */
  public static final String NAME = "position";

  private static final List<String> SIDES = List.of("Left", "Right", "Front", "Back");
  private static final List<String> CORNERS =
      List.of("Left-Front", "Right-Front", "Right-Back", "Left-Back");

  private final PositionConfig config;

  /** The task with the published settings. */
  public RelativePositionTask() {
    this(PositionConfig.builder().build());
  }

  /**
   * The task with a configuration.
   *
   * @param config the configuration
   */
  public RelativePositionTask(PositionConfig config) {
    this.config = config;
  }

  /** The configuration. */
  public PositionConfig config() {
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

  static Rejection noDepth(SourceImage source, String task) {
    return new Rejection("no-depth",
        source.id() + ": the " + task + " task needs a depth map; pair the image with one (DIODE"
            + " x_depth.npy, MegaDepth depths/x.h5, or a depth manifest)");
  }

  /**
   * The smallest and largest valid depth.
   *
   * @param depth the map, with at least one valid pixel
   * @return {min, max}
   */
  public static double[] validRange(DepthMap depth) {
    float[] d = depth.rawDepths();
    boolean[] v = depth.rawMask();
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    // Plain comparisons suffice (and are cheaper than Math.min's NaN and signed-zero handling):
    // valid depth is finite and positive.
    for (int i = 0; i < d.length; i++) {
      if (v[i]) {
        float x = d[i];
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
      }
    }
    return new double[] {lo, hi};
  }

  /**
   * The statistics of one block over its valid pixels.
   *
   * @param depth the map
   * @param lo the normalisation minimum
   * @param hi the normalisation maximum
   * @param x0 block left
   * @param y0 block top
   * @param side block side
   * @return {normalised min, normalised max, raw max, valid pixel count}; +inf/-inf extrema when
   *     no pixel is valid
   */
  public static double[] blockStats(DepthMap depth, double lo, double hi, int x0, int y0, int side) {
    float mn = Float.POSITIVE_INFINITY;
    float mx = Float.NEGATIVE_INFINITY;
    float raw = Float.NEGATIVE_INFINITY;
    int n = 0;
    for (int y = y0; y < y0 + side; y++) {
      for (int x = x0; x < x0 + side; x++) {
        if (depth.isValid(x, y)) {
          float d = depth.depth(x, y);
          float v = normalise(d, lo, hi);
          mn = Math.min(mn, v);
          mx = Math.max(mx, v);
          raw = Math.max(raw, d);
          n++;
        }
      }
    }
    return new double[] {mn, mx, raw, n};
  }

  private static float normalise(float d, double lo, double hi) {
    return (float) ((d - lo) / (hi - lo));
  }

  /** The candidate blocks of an image, as parallel arrays. */
  private record Blocks(int n, int gw, int[] cell, int[] gx, int[] gy, float[] min, float[] max,
      float[] raw, int[] valid) {}

  private Blocks blocks(DepthMap depth, double lo, double hi) {
    int w = depth.width();
    int h = depth.height();
    int s = config.block();
    int gw = w / s;
    int gh = h / s;
    int cells = gw * gh;
    float[] mn = new float[cells];
    float[] mx = new float[cells];
    float[] raw = new float[cells];
    int[] cnt = new int[cells];
    Arrays.fill(mn, Float.POSITIVE_INFINITY);
    Arrays.fill(mx, Float.NEGATIVE_INFINITY);
    Arrays.fill(raw, Float.NEGATIVE_INFINITY);
    float[] d = depth.rawDepths();
    boolean[] ok = depth.rawMask();
    // One cell of one row at a time, its statistics in locals. Plain comparisons are exact here:
    // valid depth is finite and positive, so normalised values are never NaN or -0.0.
    for (int y = 0; y < gh * s; y++) {
      int rowCell = (y / s) * gw;
      for (int c = rowCell, x0 = 0; c < rowCell + gw; c++, x0 += s) {
        float cMin = mn[c];
        float cMax = mx[c];
        float cRaw = raw[c];
        int n = 0;
        for (int i = y * w + x0, end = i + s; i < end; i++) {
          if (ok[i]) {
            float di = d[i];
            float v = normalise(di, lo, hi);
            cMin = v < cMin ? v : cMin;
            cMax = v > cMax ? v : cMax;
            cRaw = di > cRaw ? di : cRaw;
            n++;
          }
        }
        mn[c] = cMin;
        mx[c] = cMax;
        raw[c] = cRaw;
        cnt[c] += n;
      }
    }
    int[] cell = new int[cells];
    Arrays.fill(cell, -1);
    int n = 0;
    int[] gx = new int[cells];
    int[] gy = new int[cells];
    for (int c = 0; c < cells; c++) {
      int bx = c % gw;
      int by = c / gw;
      double cx = bx * s + s / 2 + 0.5;
      double cy = by * s + s / 2 + 0.5;
      if (cnt[c] > 0 && mx[c] - mn[c] <= config.maxBlockRange()
          && Math.abs(cx - w / 2.0) <= config.centreFraction() * w
          && Math.abs(cy - h / 2.0) <= config.centreFraction() * h) {
        cell[c] = n;
        gx[n] = bx;
        gy[n] = by;
        mn[n] = mn[c];
        mx[n] = mx[c];
        raw[n] = raw[c];
        cnt[n] = cnt[c];
        n++;
      }
    }
    return new Blocks(n, gw, cell, gx, gy, mn, mx, raw, cnt);
  }

  /** Weighted pair counts of one kind: weight[b] = number of partners of block b. */
  private record PairCounts(long[] weight, long total) {}

  private boolean farApart(Blocks b, int i, int j, double minDist) {
    double dx = (double) (b.gx()[i] - b.gx()[j]) * config.block();
    double dy = (double) (b.gy()[i] - b.gy()[j]) * config.block();
    return dx * dx + dy * dy >= minDist * minDist;
  }

  /** Far pair (nearer a, farther f): the depth ranges are separated by the gap. */
  private boolean farDepth(Blocks b, int a, int f) {
    return (double) b.min()[f] - (double) b.max()[a] >= config.depthSeparation();
  }

  private boolean nearPair(Blocks b, int i, int j, double minDist) {
    double dx = Math.abs(b.gx()[i] - b.gx()[j]) * (double) config.block();
    double dy = Math.abs(b.gy()[i] - b.gy()[j]) * (double) config.block();
    double spread = Math.max(b.max()[i], b.max()[j]) - (double) Math.min(b.min()[i], b.min()[j]);
    return dy < config.nearMaxDy() && dx >= minDist && spread <= config.depthSeparation();
  }

  private PairCounts farCounts(Blocks b, int[] byMax, double minDist) {
    long[] weight = new long[b.n()];
    long total = 0;
    int reach = (int) Math.ceil(minDist / config.block());
    int gh = b.cell().length / b.gw();
    for (int f = 0; f < b.n(); f++) {
      int lo = 0;
      int hi = byMax.length;
      while (lo < hi) {
        int c = (lo + hi) >>> 1;
        if (farDepth(b, byMax[c], f)) {
          lo = c + 1;
        } else {
          hi = c;
        }
      }
      long count = lo;
      if (count > 0) {
        for (int yy = Math.max(0, b.gy()[f] - reach); yy <= Math.min(gh - 1, b.gy()[f] + reach); yy++) {
          for (int xx = Math.max(0, b.gx()[f] - reach);
              xx <= Math.min(b.gw() - 1, b.gx()[f] + reach); xx++) {
            int a = b.cell()[yy * b.gw() + xx];
            if (a >= 0 && farDepth(b, a, f) && !farApart(b, a, f, minDist)) {
              count--;
            }
          }
        }
      }
      weight[f] = count;
      total += count;
    }
    return new PairCounts(weight, total);
  }

  private PairCounts nearCounts(Blocks b, double minDist) {
    long[] weight = new long[b.n()];
    long total = 0;
    int rows = (config.nearMaxDy() + config.block() - 1) / config.block() - 1;
    int gh = b.cell().length / b.gw();
    for (int j = 0; j < b.n(); j++) {
      long count = 0;
      for (int yy = Math.max(0, b.gy()[j] - rows); yy <= Math.min(gh - 1, b.gy()[j] + rows); yy++) {
        for (int xx = 0; xx < b.gw(); xx++) {
          int i = b.cell()[yy * b.gw() + xx];
          if (i >= 0 && i < j && nearPair(b, i, j, minDist)) {
            count++;
          }
        }
      }
      weight[j] = count;
      total += count;
    }
    return new PairCounts(weight, total);
  }

  // The scans below are methods of their own so that the JIT compiles these loops alone rather
  // than all of generate on their back-edge counters (about two seconds of CPU per run).

  /** Candidate indices sorted by depth maximum (clamped at 0), ties by index. */
  private static int[] sortedByMax(Blocks b) {
    long[] keys = new long[b.n()];
    for (int i = 0; i < b.n(); i++) {
      keys[i] = ((long) Float.floatToIntBits(Math.max(0f, b.max()[i])) << 32) | i;
    }
    Arrays.sort(keys);
    int[] byMax = new int[b.n()];
    for (int i = 0; i < keys.length; i++) {
      byMax[i] = (int) keys[i];
    }
    return byMax;
  }

  /** The partner of block p of the given rank among its partners of the chosen kind. */
  private int partner(Blocks b, int[] byMax, int p, long rank, boolean isFar, double minDist) {
    if (isFar) {
      for (int i = 0; ; i++) {
        int a = byMax[i];
        if (farDepth(b, a, p) && farApart(b, a, p, minDist) && rank-- == 0) {
          return a;
        }
      }
    }
    for (int i = 0; ; i++) {
      if (nearPair(b, i, p, minDist) && rank-- == 0) {
        return i;
      }
    }
  }

  /** Draws a block by weight; returns {block, rank of the partner among its partners}. */
  private static long[] drawByWeight(PairCounts counts, SplittableRandom rng) {
    long r = rng.nextLong(counts.total());
    int j = 0;
    while (r >= counts.weight()[j]) {
      r -= counts.weight()[j++];
    }
    return new long[] {j, r};
  }

  @Override
  public TaskOutcome generate(SourceImage source, SplittableRandom rng) {
    DepthMap depth = source.depth();
    if (depth == null) {
      return noDepth(source, NAME);
    }
    if (depth.validCount() == 0) {
      return new Rejection("no-valid-depth", source.id() + ": the depth map has no valid pixel");
    }
    int w = depth.width();
    int h = depth.height();
    double[] range = validRange(depth);
    if (!(range[1] > range[0])) {
      return new Rejection("flat-depth", source.id() + ": all valid depth is " + range[0]);
    }
    Blocks b = blocks(depth, range[0], range[1]);
    if (b.n() < 2) {
      return new Rejection("no-position-pair",
          source.id() + ": fewer than two flat " + config.block() + "x" + config.block()
              + " blocks with valid depth near the image centre (" + b.n() + ")");
    }
    double minDist = Math.min(h, w) / config.minDistanceDivisor();
    int[] byMax = sortedByMax(b);
    PairCounts far = farCounts(b, byMax, minDist);
    PairCounts near = nearCounts(b, minDist);
    boolean wantFar = rng.nextDouble() < config.farProbability();
    boolean isFar = wantFar ? far.total() > 0 : near.total() == 0;
    PairCounts chosen = isFar ? far : near;
    if (chosen.total() == 0) {
      return new Rejection("no-position-pair",
          source.id() + ": no pair of flat blocks (" + b.n() + " candidates) is far apart in depth"
              + " and image, nor near in depth and side by side");
    }
    long[] draw = drawByWeight(chosen, rng);
    int p = (int) draw[0];
    int q = partner(b, byMax, p, draw[1], isFar, minDist);
    boolean pIsCamera = rng.nextBoolean();
    int camera = pIsCamera ? p : q;
    int target = pIsCamera ? q : p;
    int cameraLabel = rng.nextBoolean() ? 1 : 2;
    int targetLabel = 3 - cameraLabel;
    Facing facing = config.facing(rng.nextDouble());
    int s = config.block();
    int dx = (b.gx()[target] - b.gx()[camera]) * s;
    double dd = (double) b.raw()[target] - b.raw()[camera];
    String variant;
    String truth;
    List<String> options;
    if (!isFar) {
      variant = "near";
      truth = facing.near(dx);
      options = new ArrayList<>(SIDES);
    } else if (Math.abs(dx) <= config.sameXMaxDx()) {
      variant = "far-same-x";
      truth = facing.farSameX(dd);
      options = new ArrayList<>(SIDES);
    } else {
      variant = "far-diff-x";
      truth = facing.farDiffX(dx, dd);
      options = new ArrayList<>(CORNERS);
    }
    for (int i = options.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      String t = options.get(i);
      options.set(i, options.get(j));
      options.set(j, t);
    }
    String answer = String.valueOf((char) ('A' + options.indexOf(truth)));

    int radius = config.marker().radius(w, h);
    Canvas canvas = Canvas.of(source.rgb());
    List<Map<String, Object>> regions = new ArrayList<>();
    for (int label = 1; label <= 2; label++) {
      int blk = label == cameraLabel ? camera : target;
      int cx = b.gx()[blk] * s + s / 2;
      int cy = b.gy()[blk] * s + s / 2;
      int mx = MarkerStyle.place(cx, w, radius);
      int my = MarkerStyle.place(cy, h, radius);
      config.marker().draw(canvas, label, mx, my, radius);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("label", label);
      r.put("role", blk == camera ? "camera" : "target");
      r.put("block_x", b.gx()[blk] * s);
      r.put("block_y", b.gy()[blk] * s);
      r.put("centre_x", cx);
      r.put("centre_y", cy);
      r.put("norm_min", b.min()[blk]);
      r.put("norm_max", b.max()[blk]);
      r.put("depth", b.raw()[blk]);
      r.put("valid_pixels", b.valid()[blk]);
      r.put("marker_x", mx);
      r.put("marker_y", my);
      regions.add(r);
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("image_width", w);
    meta.put("image_height", h);
    meta.put("depth_min", range[0]);
    meta.put("depth_max", range[1]);
    meta.put("block", s);
    meta.put("centre_fraction", config.centreFraction());
    meta.put("max_block_range", config.maxBlockRange());
    meta.put("depth_separation", config.depthSeparation());
    meta.put("min_distance", minDist);
    meta.put("near_max_dy", config.nearMaxDy());
    meta.put("same_x_max_dx", config.sameXMaxDx());
    meta.put("pair", isFar ? "far" : "near");
    meta.put("regions", regions);
    meta.put("camera_label", cameraLabel);
    meta.put("target_label", targetLabel);
    meta.put("facing", facing.id());
    meta.put("dx", dx);
    meta.put("dd", dd);
    meta.put("options", List.copyOf(options));
    meta.put("true_option", truth);
    meta.put("candidates", b.n());
    meta.put("near_pairs", near.total());
    meta.put("far_pairs", far.total());
    meta.put("marker_radius", radius);
    String question = DepthPrompts.position(cameraLabel, facing, targetLabel, options, isFar);
    return new Sample(NAME, variant, question, answer, List.of(canvas.toImage()), meta);
  }
}
