package org.spatialssrl.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Qwen's RMSNorm, shared by the decoder and the vision tower. */
public final class RmsNorm {
  private RmsNorm() {}

  /**
   * Normalises the last axis by its root mean square and scales by a weight. The statistics are
   * computed in float32 whatever the compute type, as the reference does.
   *
   * @param x input
   * @param weight per-channel scale, in the compute type
   * @param eps the epsilon added to the mean square
   * @param computeType the type of the result
   * @return the normalised, scaled input
   */
  public static NDArray apply(NDArray x, NDArray weight, double eps, DataType computeType) {
    NDArray xf = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    NDArray variance = xf.square().mean(new int[] {-1}, true);
    NDArray normed = xf.div(variance.add((float) eps).sqrt());
    if (computeType != DataType.FLOAT32) {
      normed = normed.toType(computeType, false);
    }
    return normed.mul(weight);
  }
}
