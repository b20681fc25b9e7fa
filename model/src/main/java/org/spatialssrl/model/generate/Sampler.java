package org.spatialssrl.model.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits: argmax for greedy decoding, else a draw from the
 * temperature-scaled softmax restricted to the top-k tokens and to the smallest set whose
 * probability reaches top-p.
 */
final class Sampler {
  private Sampler() {}

  /**
   * The index of the largest logit (the lowest index among ties).
   *
   * @param logits the logits
   * @return the argmax
   */
  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Draws from the whole tempered distribution, in index order: no sorting needed. */
  private static int sampleAll(
      float[] logits, float top, double floor, double temperature, SplittableRandom rng) {
    double[] w = new double[logits.length];
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      w[i] = logits[i] >= floor ? Math.exp((logits[i] - top) / temperature) : 0;
      total += w[i];
    }
    double u = rng.nextDouble() * total;
    double acc = 0;
    int last = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] > 0) {
        acc += w[i];
        last = i;
        if (u < acc) {
          return i;
        }
      }
    }
    return last;
  }

  /**
   * Draws a token.
   *
   * @param logits the logits (not modified)
   * @param p the settings (temperature > 0)
   * @param rng the row's generator
   * @return the token id
   */
  static int sample(float[] logits, GenerationParams p, SplittableRandom rng) {
    float top = Float.NEGATIVE_INFINITY;
    for (float l : logits) {
      top = Math.max(top, l);
    }
    // Tokens more than 40 temperature units below the best carry under e^-40 of its mass each:
    // leaving them out changes no draw in practice and saves sorting the whole vocabulary.
    double floor = top - 40.0 * p.temperature();
    int m = 0;
    for (float l : logits) {
      m += l >= floor ? 1 : 0;
    }
    if (m == 0) {
      return argmax(logits); // NaN logits: fall back to a defined choice
    }
    if (p.topK() == 0 && p.topP() >= 1.0) {
      return sampleAll(logits, top, floor, p.temperature(), rng);
    }
    // Sort candidates by logit, descending: pack (order-preserving logit bits, reversed index).
    long[] keys = new long[m];
    int c = 0;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] >= floor) {
        int bits = Float.floatToIntBits(logits[i]);
        int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff; // monotone in the float value
        keys[c++] = ((long) ordered << 32) | (0x7fffffffL - i);
      }
    }
    Arrays.sort(keys);
    int n = m;
    int k = p.topK() > 0 ? Math.min(p.topK(), n) : n;
    int[] idx = new int[k];
    double[] prob = new double[k];
    double max = top;
    double total = 0;
    for (int j = 0; j < k; j++) {
      int i = (int) (0x7fffffffL - (keys[n - 1 - j] & 0xffffffffL));
      idx[j] = i;
      prob[j] = Math.exp((logits[i] - max) / p.temperature());
      total += prob[j];
    }
    int keep = k;
    if (p.topP() < 1.0) {
      double cum = 0;
      for (int j = 0; j < k; j++) {
        cum += prob[j] / total;
        if (cum >= p.topP()) {
          keep = j + 1;
          break;
        }
      }
    }
    double mass = 0;
    for (int j = 0; j < keep; j++) {
      mass += prob[j];
    }
    double u = rng.nextDouble() * mass;
    double acc = 0;
    for (int j = 0; j < keep; j++) {
      acc += prob[j];
      if (u < acc) {
        return idx[j];
      }
    }
    return idx[keep - 1];
  }
}
