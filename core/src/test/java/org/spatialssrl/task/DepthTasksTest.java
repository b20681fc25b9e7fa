package org.spatialssrl.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.scene.RgbdScene;

class DepthTasksTest {
  private static final int W = 320;
  private static final int H = 240;
  private static final List<RgbdScene> SCENES = new ArrayList<>();
  private static final List<SourceImage> SOURCES = new ArrayList<>();

  @BeforeAll
  static void render() {
    for (int s = 0; s < 6; s++) {
      RgbdScene scene = RgbdScene.of(1000 + s, W, H);
      RgbdScene.Rendered r = scene.render();
      SCENES.add(scene);
      SOURCES.add(new SourceImage("scene-" + s, r.rgb(), r.depth()));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> regions(Sample s) {
    return (List<Map<String, Object>>) s.metadata().get("regions");
  }

  private static int i(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).intValue();
  }

  @Test
  void depthAnswersAgreeWithTrueSceneDepthAtTheRegionCentres() {
    DepthOrderTask task = new DepthOrderTask();
    int made = 0;
    for (int s = 0; s < SCENES.size(); s++) {
      for (int draw = 0; draw < 3; draw++) {
        TaskOutcome o = task.generate(SOURCES.get(s), new SplittableRandom(draw * 31 + s));
        Sample sample = assertInstanceOf(Sample.class, o, o.toString());
        List<Map<String, Object>> regions = new ArrayList<>(regions(sample));
        RgbdScene scene = SCENES.get(s);
        regions.sort(Comparator.comparingDouble(
            r -> scene.depthAt(i(r, "centre_x") + 0.5, i(r, "centre_y") + 0.5)));
        String truth = regions.stream().map(r -> String.valueOf(i(r, "label")))
            .reduce((a, b) -> a + "-" + b).orElseThrow();
        assertEquals(truth, sample.answer(), "scene " + s + " draw " + draw);
        assertRegionsRederive(sample, SOURCES.get(s).depth(), task.config());
        made++;
      }
    }
    assertEquals(18, made);
  }

  /** Each stored window is flat, valid, centred in its band, and neighbours are gapped. */
  private static void assertRegionsRederive(Sample s, DepthMap d, DepthOrderConfig c) {
    double lo = ((Number) s.metadata().get("depth_low")).doubleValue();
    double hi = ((Number) s.metadata().get("depth_high")).doubleValue();
    double prevMax = Double.NEGATIVE_INFINITY;
    for (Map<String, Object> r : regions(s)) {
      int k = i(r, "window");
      int cx = i(r, "centre_x");
      int cy = i(r, "centre_y");
      double mn = Double.POSITIVE_INFINITY;
      double mx = Double.NEGATIVE_INFINITY;
      for (int y = cy - k / 2; y <= cy + k / 2; y++) {
        for (int x = cx - k / 2; x <= cx + k / 2; x++) {
          assertTrue(d.isValid(x, y) && d.depth(x, y) >= lo && d.depth(x, y) <= hi);
          double n = (float) ((d.depth(x, y) - lo) / (hi - lo));
          mn = Math.min(mn, n);
          mx = Math.max(mx, n);
        }
      }
      assertTrue(mx - mn < ((Number) r.get("max_range")).doubleValue());
      double centre = (float) ((d.depth(cx, cy) - lo) / (hi - lo));
      double[] band = c.bands().get(i(r, "band"));
      assertTrue(centre >= band[0] && centre <= band[1], "centre in its band");
      assertTrue(mn - prevMax > c.minGap(), "gap between neighbouring regions");
      prevMax = mx;
    }
  }

  @Test
  void positionAnswersAgreeWithTrue3dGeometryUnderTheStatedFacing() {
    RelativePositionTask task = new RelativePositionTask();
    Set<String> variants = new HashSet<>();
    Set<String> facings = new HashSet<>();
    for (int s = 0; s < SCENES.size(); s++) {
      RgbdScene scene = SCENES.get(s);
      for (int draw = 0; draw < 8; draw++) {
        TaskOutcome o = task.generate(SOURCES.get(s), new SplittableRandom(draw * 17 + s));
        Sample sample = assertInstanceOf(Sample.class, o, o.toString());
        Map<String, Object> m = sample.metadata();
        double[] lateral = new double[3];
        double[] z = new double[3];
        for (Map<String, Object> r : regions(sample)) {
          double u = i(r, "centre_x") + 0.5;
          double v = i(r, "centre_y") + 0.5;
          int label = i(r, "label");
          z[label] = scene.depthAt(v == v ? u : 0, v);
          lateral[label] = (u - W / 2.0) / scene.focal(); // X / Z: the bearing seen from the viewer
        }
        int cam = i(m, "camera_label");
        int tgt = i(m, "target_label");
        double lat = lateral[tgt] - lateral[cam];
        double dz = z[tgt] - z[cam];
        String variant = sample.variant();
        variants.add(variant);
        facings.add((String) m.get("facing"));
        double[] v = switch (variant) {
          case "near" -> new double[] {lat, 0};
          case "far-same-x" -> new double[] {0, dz};
          default -> new double[] {lat, dz};
        };
        String expected = direction(Facing.ofId((String) m.get("facing")), v);
        @SuppressWarnings("unchecked")
        List<String> options = (List<String>) m.get("options");
        assertEquals(expected, options.get(sample.answer().charAt(0) - 'A'),
            "scene " + s + " draw " + draw + " " + m);
      }
    }
    assertTrue(variants.contains("near") && (variants.contains("far-same-x")
        || variants.contains("far-diff-x")), "both pair kinds occur: " + variants);
    assertTrue(facings.size() >= 3, "facings vary: " + facings);
  }

  /**
   * The direction of v = (lateral, depth) as seen by a camera facing f, from plane geometry:
   * forward and right-hand vectors of each facing in the (image right, away from viewer) plane.
   */
  private static String direction(Facing f, double[] v) {
    double[] fwd;
    double[] right;
    switch (f) {
      case LEFT -> { fwd = new double[] {-1, 0}; right = new double[] {0, 1}; }
      case RIGHT -> { fwd = new double[] {1, 0}; right = new double[] {0, -1}; }
      case TOWARD -> { fwd = new double[] {0, -1}; right = new double[] {-1, 0}; }
      default -> { fwd = new double[] {0, 1}; right = new double[] {1, 0}; }
    }
    double a = v[0] * fwd[0] + v[1] * fwd[1];
    double b = v[0] * right[0] + v[1] * right[1];
    String fb = a >= 0 ? "Front" : "Back";
    String lr = b >= 0 ? "Right" : "Left";
    if (v[0] != 0 && v[1] != 0) {
      return lr + "-" + fb;
    }
    return Math.abs(a) > Math.abs(b) ? fb : lr;
  }

  @Test
  void questionsAreTheSpecStringsCharacterForCharacter() {
    assertEquals("The original image has three regions marked as 1, 2, and 3. Consider the content,"
        + " positional relationships, depths of the three regions and other cues, and sort the depths"
        + " of the three regions from smallest to largest from the camera, where the format of the"
        + " answer is 'Smallest-Middle-Largest'.", DepthPrompts.depthOrder());
    assertEquals("<image>I've taken an image and there are two regions marked as 1, and 2 on the"
        + " image. Assume that there is a camera at position '2' and it's facing to away from me."
        + " According to the camera, where is the region marker '1'? A. Left-Front B. Right-Front"
        + " C. Right-Back D. Left-Back. Consider cues such as depth, orientation, and 3D spatial"
        + " relationship and ignore the height difference between the two regions. The final"
        + " answer should be chosen from 'A', 'B', 'C', and 'D'.",
        DepthPrompts.position(2, Facing.AWAY, 1,
            List.of("Left-Front", "Right-Front", "Right-Back", "Left-Back"), true));
    assertTrue(DepthPrompts.position(1, Facing.TOWARD, 2, List.of("Left", "Right", "Front", "Back"),
        false).contains("facing to me. According to the camera, where is the region marker '2'? A."
        + " Left B. Right C. Front D. Back. Consider cues such as depth, orientation, and 3D spatial"
        + " relationship. The final"));
  }

  @Test
  void groundTruthTableMatchesTheSpec() {
    assertEquals("Back", Facing.LEFT.near(5));
    assertEquals("Front", Facing.LEFT.near(-5));
    assertEquals("Left", Facing.RIGHT.farSameX(1));
    assertEquals("Front", Facing.AWAY.farSameX(0.5));
    assertEquals("Left-Front", Facing.RIGHT.farDiffX(3, 1));
    assertEquals("Right-Front", Facing.TOWARD.farDiffX(-3, -1));
    assertEquals("Left-Back", Facing.AWAY.farDiffX(-3, -1));
    assertEquals("Right-Front", Facing.LEFT.farDiffX(-3, 1));
  }

  @Test
  void facingWeightsAreASetting() {
    PositionConfig def = PositionConfig.builder().build();
    assertEquals(Facing.LEFT, def.facing(0.0));
    assertEquals(Facing.TOWARD, def.facing(0.89));
    assertEquals(Facing.AWAY, def.facing(0.91));
    PositionConfig away = PositionConfig.builder().optFacingWeights(Map.of(Facing.AWAY, 1.0)).build();
    Sample s = (Sample) new RelativePositionTask(away).generate(SOURCES.get(0), new SplittableRandom(1));
    assertEquals("away", s.metadata().get("facing"));
    assertTrue(s.question().contains("facing to away from me."));
  }

  @Test
  void imagesWithoutDepthOrFlatRegionsAreRejectedWithTheReason() {
    RgbImage rgb = SOURCES.get(0).rgb();
    SourceImage plain = new SourceImage("plain.png", rgb);
    assertEquals("no-depth", reason(new DepthOrderTask().generate(plain, new SplittableRandom(1))));
    assertEquals("no-depth", reason(new RelativePositionTask().generate(plain, new SplittableRandom(1))));
    SplittableRandom noise = new SplittableRandom(5);
    float[] d = new float[W * H];
    for (int k = 0; k < d.length; k++) {
      d[k] = 1 + 9 * (float) noise.nextDouble();
    }
    SourceImage rough = new SourceImage("rough.png", rgb, DepthMap.of(W, H, d, null));
    assertEquals("no-depth-region", reason(new DepthOrderTask().generate(rough, new SplittableRandom(1))));
    assertEquals("no-position-pair",
        reason(new RelativePositionTask().generate(rough, new SplittableRandom(1))));
    java.util.Arrays.fill(d, 2f);
    SourceImage flat = new SourceImage("flat.png", rgb, DepthMap.of(W, H, d, null));
    assertEquals("flat-depth", reason(new DepthOrderTask().generate(flat, new SplittableRandom(1))));
  }

  @Test
  void imagesSmallerThanAWindowOrBlockAreRejectedNotFailed() {
    float[] d = new float[10 * 8];
    for (int k = 0; k < d.length; k++) {
      d[k] = 1 + k;
    }
    SourceImage tiny = new SourceImage("tiny.png", RgbImage.filled(10, 8, 0x808080),
        DepthMap.of(10, 8, d, null));
    assertEquals("no-depth-region", reason(new DepthOrderTask().generate(tiny, new SplittableRandom(1))));
    assertEquals("no-position-pair",
        reason(new RelativePositionTask().generate(tiny, new SplittableRandom(1))));
  }

  private static String reason(TaskOutcome o) {
    return assertInstanceOf(Rejection.class, o, String.valueOf(o)).reason();
  }

  @Test
  void sameSeedSameSampleAndMarkersStayInside() {
    for (PretextTask task : List.of(new DepthOrderTask(), new RelativePositionTask())) {
      Sample a = (Sample) task.generate(SOURCES.get(2), new SplittableRandom(99));
      Sample b = (Sample) task.generate(SOURCES.get(2), new SplittableRandom(99));
      assertEquals(a, b);
      assertEquals(W, a.images().get(0).width(), "source resolution kept");
      int radius = i(a.metadata(), "marker_radius");
      for (Map<String, Object> r : regions(a)) {
        assertTrue(i(r, "marker_x") - radius > 0 && i(r, "marker_x") + radius < W - 1);
        assertTrue(i(r, "marker_y") - radius > 0 && i(r, "marker_y") + radius < H - 1);
      }
    }
    assertEquals(17, MarkerStyle.place(3, 200, 14));
    assertEquals(182, MarkerStyle.place(199, 200, 14));
    assertEquals(90, MarkerStyle.place(90, 200, 14));
  }
}
