package org.spatialssrl.model.generate;

/** Receives generated text as it becomes final, for streaming. */
@FunctionalInterface
public interface TokenListener {
  /**
   * New text of one row. Text that could still turn out to be part of a stop string, or an
   * incomplete UTF-8 character, is held back until it is settled.
   *
   * @param row the row index in the request batch
   * @param delta the new text (non-empty)
   */
  void onText(int row, String delta);
}
