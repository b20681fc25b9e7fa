package org.spatialssrl.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sampler draws from the tempered softmax restricted by top-k and top-p. */
class SamplerTest {
  private static final float[] LOGITS = {1f, 3f, 0f, 2f};
  private static final int DRAWS = 40_000;

  private static double[] frequencies(GenerationParams p) {
    SplittableRandom rng = new SplittableRandom(11);
    double[] f = new double[LOGITS.length];
    for (int i = 0; i < DRAWS; i++) {
      f[Sampler.sample(LOGITS, p, rng)] += 1.0 / DRAWS;
    }
    return f;
  }

  private static double[] softmax(double temperature, boolean... keep) {
    double[] w = new double[LOGITS.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = keep[i] ? Math.exp(LOGITS[i] / temperature) : 0;
      sum += w[i];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= sum;
    }
    return w;
  }

  private static void assertDistribution(double[] want, double[] got) {
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 0.01, "token " + i);
    }
  }

  @Test
  void fullDistributionWithTemperature() {
    GenerationParams p = GenerationParams.builder().optTemperature(0.7).build();
    assertDistribution(softmax(0.7, true, true, true, true), frequencies(p));
  }

  @Test
  void topPKeepsTheSmallestPrefixReachingP() {
    // Probabilities at T=1: 0.644 (id 1), 0.237 (id 3), 0.087 (id 0), 0.032 (id 2).
    GenerationParams p = GenerationParams.builder().optTemperature(1).optTopP(0.7).build();
    assertDistribution(softmax(1, false, true, false, true), frequencies(p));
  }

  @Test
  void topKKeepsTheKBest() {
    GenerationParams p = GenerationParams.builder().optTemperature(1).optTopK(3).build();
    assertDistribution(softmax(1, true, true, false, true), frequencies(p));
  }

  @Test
  void argmaxTakesTheFirstOfTies() {
    assertEquals(1, Sampler.argmax(new float[] {0f, 5f, 5f, -1f}));
  }
}
