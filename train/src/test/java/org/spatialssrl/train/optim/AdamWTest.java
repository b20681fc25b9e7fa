package org.spatialssrl.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.model.DjlRuntime;

/** AdamW, clipping and the skipped step against the written formulas, in double precision. */
class AdamWTest {
  private static NDManager manager;

  @BeforeAll
  static void start() {
    DjlRuntime.configure();
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  private static float[] random(Random rng, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rng.nextGaussian() * scale);
    }
    return a;
  }

  private static NDArray param(float[] values) {
    NDArray p = manager.create(values.clone());
    p.setRequiresGradient(true);
    return p;
  }

  /** Gives each parameter the gradient {@code grads[i]} (the loss is sum(p * g)). */
  private static void setGradients(NDArray[] params, float[][] grads) {
    try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
      NDArray loss = null;
      for (int i = 0; i < params.length; i++) {
        NDArray term = params[i].mul(manager.create(grads[i])).sum();
        loss = loss == null ? term : loss.add(term);
      }
      gc.backward(loss);
    }
  }

  /** The formula of TRAINING.md 1.10 in double precision, {@code t} updates. */
  private static double[] reference(float[] p0, float[][] gradsPerStep, double lr, double wd) {
    double[] p = new double[p0.length];
    double[] m = new double[p0.length];
    double[] v = new double[p0.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = p0[i];
    }
    for (int t = 1; t <= gradsPerStep.length; t++) {
      float[] g = gradsPerStep[t - 1];
      for (int i = 0; i < p.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * (double) g[i];
        p[i] = p[i] * (1 - lr * wd);
        double mhat = m[i] / (1 - Math.pow(0.9, t));
        double vhat = v[i] / (1 - Math.pow(0.999, t));
        p[i] -= lr * mhat / (Math.sqrt(vhat) + 1e-8);
      }
    }
    return p;
  }

  private static void assertClose(double[] expected, float[] actual, double rel) {
    for (int i = 0; i < expected.length; i++) {
      double tol = rel * Math.max(1e-3, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tol, "element " + i);
    }
  }

  @Test
  void oneAndSeveralStepsFollowTheFormula() {
    Random rng = new Random(3);
    float[] w0 = random(rng, 64, 1.0);
    float[] b0 = random(rng, 8, 0.1);
    NDArray w = param(w0);
    NDArray bias = param(b0);
    Map<String, NDArray> params = new LinkedHashMap<>();
    params.put("w", w);
    params.put("bias", bias);
    double lr = 1e-2; // large enough that the update is far above float32 rounding
    float[][] gw = new float[3][];
    float[][] gb = new float[3][];
    try (AdamW opt = AdamW.builder().optWeightDecay(0.01).build(params)) {
      for (int t = 0; t < 3; t++) {
        gw[t] = random(rng, 64, 0.5);
        gb[t] = random(rng, 8, 2.0);
        setGradients(new NDArray[] {w, bias}, new float[][] {gw[t], gb[t]});
        opt.update(lr);
        Gradients.zero(params.values());
        if (t == 0) {
          assertClose(reference(w0, new float[][] {gw[0]}, lr, 0.01), w.toFloatArray(), 1e-5);
        }
      }
      assertEquals(3, opt.updates());
    }
    // Weight decay acts on every parameter, the "bias" included.
    assertClose(reference(w0, gw, lr, 0.01), w.toFloatArray(), 1e-5);
    assertClose(reference(b0, gb, lr, 0.01), bias.toFloatArray(), 1e-5);
  }

  @Test
  void weightDecayIsDecoupled() {
    // A zero gradient leaves only the decay: p (1 - lr wd), Adam's term is 0 / (0 + eps) = 0.
    NDArray p = param(new float[] {2f, -4f});
    try (AdamW opt = AdamW.builder().optWeightDecay(0.1).build(Map.of("p", p))) {
      setGradients(new NDArray[] {p}, new float[][] {{0f, 0f}});
      opt.update(0.5);
    }
    assertArrayEquals(new float[] {2f * 0.95f, -4f * 0.95f}, p.toFloatArray(), 1e-6f);
  }

  @Test
  void clipScalesToTheGlobalNorm() {
    NDArray a = param(new float[] {0, 0, 0});
    NDArray b = param(new float[] {0, 0});
    Map<String, NDArray> params = new LinkedHashMap<>();
    params.put("a", a);
    params.put("b", b);
    setGradients(new NDArray[] {a, b}, new float[][] {{3, 0, 0}, {0, 4}}); // global norm 5
    double norm = Gradients.clipGlobalNorm(params.values(), 1.0);
    assertEquals(5.0, norm, 1e-6);
    float c = (float) (1.0 / (5.0 + 1e-6));
    assertArrayEquals(new float[] {3 * c, 0, 0}, a.getGradient().toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {0, 4 * c}, b.getGradient().toFloatArray(), 1e-6f);
    assertEquals(1.0, Gradients.globalNorm(params.values()), 1e-5);
    // Below the limit nothing changes.
    Gradients.zero(params.values());
    setGradients(new NDArray[] {a, b}, new float[][] {{0.3f, 0, 0}, {0, 0.4f}});
    assertEquals(0.5, Gradients.clipGlobalNorm(params.values(), 1.0), 1e-6);
    assertArrayEquals(new float[] {0, 0.4f}, b.getGradient().toFloatArray(), 0f);
  }

  @Test
  void stepClipsThenUpdatesThenZeroes() {
    float[] p0 = {1f, 2f};
    NDArray p = param(p0);
    try (AdamW opt = AdamW.builder().optWeightDecay(0).optMaxGradNorm(1.0).build(Map.of("p", p))) {
      setGradients(new NDArray[] {p}, new float[][] {{30f, 40f}}); // norm 50, clipped to 1
      StepResult r = opt.step(0.1);
      assertEquals(50.0, r.gradNorm(), 1e-4);
      assertFalse(r.skipped());
      float c = (float) (1.0 / (50 + 1e-6));
      assertClose(reference(p0, new float[][] {{30 * c, 40 * c}}, 0.1, 0), p.toFloatArray(), 1e-5);
      assertArrayEquals(new float[] {0, 0}, p.getGradient().toFloatArray(), 0f);
    }
  }

  @Test
  void nonFiniteNormSkipsTheStepAndStillZeroes() {
    float[] p0 = {1f, 2f};
    NDArray p = param(p0);
    NDArray q = param(new float[] {5f});
    Map<String, NDArray> params = new LinkedHashMap<>();
    params.put("p", p);
    params.put("q", q);
    try (AdamW opt = AdamW.builder().build(params)) {
      setGradients(new NDArray[] {p, q}, new float[][] {{Float.NaN, 1f}, {1f}});
      StepResult r = opt.step(0.1);
      assertTrue(r.skipped());
      assertTrue(Double.isNaN(r.gradNorm()));
      assertEquals(0, opt.updates());
      assertArrayEquals(p0, p.toFloatArray(), 0f);
      assertArrayEquals(new float[] {5f}, q.toFloatArray(), 0f);
      assertArrayEquals(new float[] {0, 0}, p.getGradient().toFloatArray(), 0f);
      setGradients(new NDArray[] {p, q}, new float[][] {{Float.POSITIVE_INFINITY, 0f}, {0f}});
      assertTrue(opt.step(0.1).skipped());
      // The next finite step is update t = 1.
      setGradients(new NDArray[] {p, q}, new float[][] {{0.1f, 0.2f}, {0.3f}});
      assertFalse(opt.step(0.1).skipped());
      assertEquals(1, opt.updates());
      assertClose(reference(p0, new float[][] {{0.1f, 0.2f}}, 0.1, 0.01), p.toFloatArray(), 1e-5);
    }
  }

  @Test
  void savedStateResumesExactly(@TempDir Path dir) throws Exception {
    Random rng = new Random(5);
    float[] p0 = random(rng, 16, 1);
    float[][] grads = {random(rng, 16, 1), random(rng, 16, 1), random(rng, 16, 1)};
    NDArray straight = param(p0);
    try (AdamW opt = AdamW.builder().build(Map.of("w", straight))) {
      for (float[] g : grads) {
        setGradients(new NDArray[] {straight}, new float[][] {g});
        opt.step(1e-2);
      }
    }
    NDArray first = param(p0);
    Path state = dir.resolve("optimizer.safetensors");
    try (AdamW opt = AdamW.builder().build(Map.of("w", first))) {
      for (int t = 0; t < 2; t++) {
        setGradients(new NDArray[] {first}, new float[][] {grads[t]});
        opt.step(1e-2);
      }
      opt.save(state);
    }
    NDArray resumed = param(first.toFloatArray());
    try (AdamW opt = AdamW.builder().build(Map.of("w", resumed))) {
      opt.load(state);
      assertEquals(2, opt.updates());
      setGradients(new NDArray[] {resumed}, new float[][] {grads[2]});
      opt.step(1e-2);
    }
    assertArrayEquals(straight.toFloatArray(), resumed.toFloatArray(), 0f);
    NDArray other = param(new float[3]);
    try (AdamW opt = AdamW.builder().build(Map.of("w", other))) {
      assertThrows(IllegalArgumentException.class, () -> opt.load(state));
    }
  }

  @Test
  void cosineScheduleMatchesTransformers() {
    long warmup = LrSchedule.warmupSteps(0.1, 75);
    assertEquals(8, warmup);
    LrSchedule s = LrSchedule.cosineWithWarmup(1e-5, warmup, 75);
    assertEquals(0.0, s.at(0), 0);
    assertEquals(1e-5 * 7 / 8, s.at(7), 1e-20);
    assertEquals(1e-5, s.at(8), 1e-20);
    assertEquals(1e-5 * 0.5 * (1 + Math.cos(Math.PI * 66 / 67)), s.at(74), 1e-20);
    assertEquals(0.0, s.at(75), 1e-20);
    assertEquals(1e-6, LrSchedule.constant(1e-6).at(1234), 0);
  }
}
