package org.spatialssrl.eval.score;

import java.util.Map;
import java.util.OptionalDouble;
import org.spatialssrl.eval.ItemScore;

/**
 * VSI-Bench as the Spatial-SSRL {@code check_accuracy.py} scores it: the last
 * {@code \\boxed\{([^}]*)\}} (CoT) or the stripped response; a single letter is compared with the
 * answer case-insensitively, anything else goes to the mean relative accuracy with the strict
 * {@code <} (a non-number scores 0). The variant {@code official} is lmms-eval's rule on the same
 * extracted text: first word, trailing dots removed, exact letter match or MRA with {@code <=}.
 */
public final class VsiScorer {
  private static final double[] OFFICIAL_CONF = linspace(0.5, 0.95, 10);

  private VsiScorer() {}

  /**
   * Scores a response.
   *
   * @param response the response
   * @param answer the answer (a letter or a number)
   * @param multipleChoice whether the item has options (for the official rule)
   * @param cot whether the CoT (format) prompt was used
   * @return the SSRL score, with {@code official} as a variant
   */
  public static ItemScore score(String response, String answer, boolean multipleChoice, boolean cot) {
    String pred = cot ? Boxed.lastStrict(response) : PyText.strip(response);
    double ssrl;
    String path;
    if (PyText.isSingleLetter(pred)) {
      ssrl = PyText.lower(pred).equals(PyText.lower(answer)) ? 1 : 0;
      path = "letter";
    } else {
      ssrl = mraSsrl(pred, answer);
      path = "number";
    }
    return new ItemScore(ssrl, pred, path, !pred.isEmpty(),
        Map.of("official", official(pred, answer, multipleChoice)));
  }

  /**
   * The SSRL {@code mra}: the share of the ten thresholds {@code 1 - (0.5 + 0.05 i)} that the
   * relative error is strictly below; 0 when either side is not a float or the answer is 0.
   *
   * @param pred the prediction
   * @param answer the answer
   * @return 0, 0.1, ..., 1
   */
  public static double mraSsrl(String pred, String answer) {
    OptionalDouble r = relativeError(pred, answer);
    if (r.isEmpty()) {
      return 0;
    }
    double rel = r.getAsDouble();
    int acc = 0;
    for (int i = 0; i < 20; i++) {
      double theta = 0.5 + i * 0.05;
      if (rel < 1 - theta) {
        acc++;
      }
    }
    return acc / 10.0;
  }

  /**
   * lmms-eval's {@code mean_relative_accuracy}: thresholds {@code 1 - linspace(0.5, 0.95, 10)},
   * relative error {@code <=} each.
   *
   * @param pred the prediction
   * @param answer the answer
   * @return the MRA, 0 when not a number
   */
  public static double mraOfficial(String pred, String answer) {
    OptionalDouble r = relativeError(pred, answer);
    if (r.isEmpty()) {
      return 0;
    }
    double rel = r.getAsDouble();
    int acc = 0;
    for (double c : OFFICIAL_CONF) {
      if (rel <= 1 - c) {
        acc++;
      }
    }
    return acc / (double) OFFICIAL_CONF.length;
  }

  /** {@code abs(p - g) / g} as Python computes it; empty where Python raises (not a float, g == 0). */
  private static OptionalDouble relativeError(String pred, String answer) {
    OptionalDouble g = PyFloat.parse(answer);
    OptionalDouble p = PyFloat.parse(pred);
    if (g.isEmpty() || p.isEmpty() || g.getAsDouble() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.abs(p.getAsDouble() - g.getAsDouble()) / g.getAsDouble());
  }

  private static double official(String pred, String answer, boolean multipleChoice) {
    String fm = PyText.strip(rstripDots(pred.split(" ", -1)[0]));
    if (multipleChoice) {
      return PyText.lower(fm).equals(PyText.lower(answer)) ? 1 : 0;
    }
    return mraOfficial(fm, answer);
  }

  private static String rstripDots(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end);
  }

  /** numpy's {@code linspace(start, stop, n)}: {@code start + i * step}, the last set to stop. */
  static double[] linspace(double start, double stop, int n) {
    double step = (stop - start) / (n - 1);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = i * step + start;
    }
    out[n - 1] = stop;
    return out;
  }
}
