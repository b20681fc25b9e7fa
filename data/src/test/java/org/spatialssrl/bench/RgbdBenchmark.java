package org.spatialssrl.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.depth.DepthReader;
import org.spatialssrl.image.Canvas;
import org.spatialssrl.image.ImageDecoder;
import org.spatialssrl.image.JpegEncoder;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.task.MarkerStyle;
import org.spatialssrl.task.PretextTask;
import org.spatialssrl.task.Sample;
import org.spatialssrl.task.SourceImage;
import org.spatialssrl.task.TaskOutcome;
import org.spatialssrl.task.TaskRegistry;

/**
 * Per-sample cost of each task on the shared RGB-D fixtures, split into decode (RGB and depth
 * files), search (the task minus its drawing), draw (copying the image and drawing the markers)
 * and encode (JPEG, quality 95), single-threaded. Not a test: run it by hand (see
 * docs/BENCHMARKS.md). Prints a Markdown table and the release-mix estimate.
 */
public final class RgbdBenchmark {
  private RgbdBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args the folder holding the fixtures, and optionally the number of timed rounds
   * @throws Exception on a missing fixture
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/fixtures/rgbd");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    TaskRegistry reg = TaskRegistry.load();
    ImageDecoder decoder = new ImageDecoder();
    JpegEncoder encoder = new JpegEncoder(95);
    String[][] inputs = {
      {"diode_3.png", "diode_3_depth.npy", "diode_3_depth_mask.npy"},
      {"megadepth_1.jpg", "megadepth_1_depth.h5", null}
    };
    System.out.println("| task | input | total ms | decode | search | draw | encode | samples/s |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    double[] perTaskMs = new double[5];
    Map<String, List<Double>> byVariant = new java.util.TreeMap<>();
    for (String[] in : inputs) {
      for (int t = 0; t < 5; t++) {
        PretextTask task = reg.get(reg.names().get(t));
        boolean rgbd = t >= 3;
        double[] sum = new double[4];
        List<Double> totals = new ArrayList<>();
        for (int r = -10; r < rounds; r++) { // 10 warm-up rounds
          long t0 = System.nanoTime();
          RgbImage rgb = decoder.decode(dir.resolve(in[0]));
          DepthMap depth = null;
          if (rgbd) {
            depth = DepthReader.DEFAULT.read(dir.resolve(in[1]), in[2] == null ? null : dir.resolve(in[2]))
                .alignTo(rgb.width(), rgb.height(), in[1]);
          }
          long t1 = System.nanoTime();
          TaskOutcome o = task.generate(new SourceImage(in[0], rgb, depth), new SplittableRandom(r));
          long t2 = System.nanoTime();
          if (!(o instanceof Sample s)) {
            continue;
          }
          for (RgbImage img : s.images()) {
            encoder.encode(img);
          }
          long t3 = System.nanoTime();
          double draw = 0;
          if (rgbd) {
            long d0 = System.nanoTime();
            redraw(rgb, s.metadata());
            draw = (System.nanoTime() - d0) / 1e6;
          }
          if (r >= 0) {
            double gen = (t2 - t1) / 1e6;
            sum[0] += (t1 - t0) / 1e6;
            sum[1] += gen - draw;
            sum[2] += draw;
            sum[3] += (t3 - t2) / 1e6;
            totals.add((t3 - t0) / 1e6);
            if (rgbd) {
              byVariant.computeIfAbsent(task.name() + " " + s.variant() + " on " + in[0],
                  k -> new ArrayList<>()).add((t3 - t0) / 1e6);
            }
          }
        }
        int n = totals.size();
        double total = totals.stream().mapToDouble(Double::doubleValue).sum() / n;
        double[] sorted = totals.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        perTaskMs[t] += total / inputs.length;
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f (median %.1f) | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
            task.name(), in[0], total, sorted[n / 2], sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n,
            1000 / total);
      }
    }
    System.out.println();
    byVariant.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s: %d samples, mean %.1f ms%n", k,
        v.size(), v.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
    double[] mix = {16_000, 4_000, 20_200, 20_600, 20_200};
    double cpuSeconds = 0;
    for (int t = 0; t < 5; t++) {
      cpuSeconds += mix[t] * perTaskMs[t] / 1000;
    }
    System.out.printf(Locale.ROOT, "%nper-task mean over both inputs (ms): %s%n",
        Arrays.toString(Arrays.stream(perTaskMs).map(v -> Math.round(v * 10) / 10.0).toArray()));
    System.out.printf(Locale.ROOT, "release mix (81k): %.0f CPU s = %.1f min on 2 threads%n",
        cpuSeconds, cpuSeconds / 2 / 60);
  }

  /** Repeats the drawing step of a depth sample: copy the image, draw its markers, freeze. */
  @SuppressWarnings("unchecked")
  private static void redraw(RgbImage rgb, Map<String, Object> meta) {
    Canvas c = Canvas.of(rgb);
    int radius = ((Number) meta.get("marker_radius")).intValue();
    for (Map<String, Object> r : (List<Map<String, Object>>) meta.get("regions")) {
      MarkerStyle.DEFAULT.draw(c, ((Number) r.get("label")).intValue(),
          ((Number) r.get("marker_x")).intValue(), ((Number) r.get("marker_y")).intValue(), radius);
    }
    c.toImage();
  }
}
