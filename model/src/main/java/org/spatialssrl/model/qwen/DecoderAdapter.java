package org.spatialssrl.model.qwen;

import ai.djl.ndarray.NDArray;

/**
 * Adds a learned change to the output of the decoder's linear projections, as a LoRA adapter
 * does, without touching the base weights. The decoder asks for each fused projection of each
 * layer; the adapter answers with the change to add to its output, or null.
 */
public interface DecoderAdapter {
  /** The projections as the decoder computes them (q/k/v and gate/up fused). */
  enum Site {
    /** q, k and v: output columns q then k then v. */
    QKV,
    /** The attention output projection. */
    O,
    /** gate and up: output columns gate then up. */
    GATE_UP,
    /** The MLP output projection. */
    DOWN
  }

  /**
   * The change to add to a projection's output.
   *
   * @param layer the decoder layer
   * @param site the projection
   * @param input the projection's input {@code (B, L, in)} in the compute type
   * @return {@code (B, L, out)} in the input's type, or null for no change
   */
  NDArray delta(int layer, Site site, NDArray input);
}
