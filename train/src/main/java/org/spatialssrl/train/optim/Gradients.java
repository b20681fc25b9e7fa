package org.spatialssrl.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Collection;

/**
 * Gradient bookkeeping that DJL leaves to the caller: the global L2 norm and its clip
 * ({@code torch.nn.utils.clip_grad_norm_}), and zeroing (DJL's PyTorch engine accumulates
 * gradients over backward calls, which gradient accumulation relies on, and never clears them).
 */
public final class Gradients {
  private Gradients() {}

  /**
   * The global L2 norm of the gradients: the norm of the per-tensor norms (each in float32, as
   * torch computes them; combined in double).
   *
   * @param params arrays that require gradients
   * @return the norm; NaN or infinite when a gradient is
   */
  public static double globalNorm(Collection<NDArray> params) {
    double sum = 0;
    for (NDArray p : params) {
      try (NDArray g = p.getGradient(); NDArray n = g.norm()) {
        double v = n.getFloat();
        sum += v * v;
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * Clips the gradients to a global L2 norm: when the norm is finite, every gradient is scaled
   * by {@code min(1, maxNorm / (norm + 1e-6))}; when it is not, nothing is scaled (the caller
   * skips the step).
   *
   * @param params arrays that require gradients
   * @param maxNorm the largest norm allowed (1.0 in both released stages)
   * @return the norm before clipping
   */
  public static double clipGlobalNorm(Collection<NDArray> params, double maxNorm) {
    double norm = globalNorm(params);
    if (!Double.isFinite(norm)) {
      return norm;
    }
    double coef = maxNorm / (norm + 1e-6);
    if (coef < 1.0) {
      for (NDArray p : params) {
        try (NDArray g = p.getGradient()) {
          g.muli((float) coef);
        }
      }
    }
    return norm;
  }

  /**
   * Sets every gradient to zero in place (a fill, so NaN and infinite entries are cleared too).
   *
   * @param params arrays that require gradients
   */
  public static void zero(Collection<NDArray> params) {
    NDIndex all = new NDIndex("...");
    for (NDArray p : params) {
      try (NDArray g = p.getGradient()) {
        g.set(all, 0f);
      }
    }
  }
}
