package org.spatialssrl.model.generate;

/**
 * One generated sequence.
 *
 * @param tokenIds the generated tokens, including a final stop token if one ended the sequence
 * @param text the decoded text, without special tokens and cut before a stop string
 * @param finishReason {@code stop} (a stop token or string), {@code length} (max new tokens) or
 *     {@code cancelled}
 */
public record GenerationResult(int[] tokenIds, String text, String finishReason) {
  /** Copies the ids. */
  public GenerationResult {
    tokenIds = tokenIds.clone();
  }

  /**
   * The generated tokens.
   *
   * @return a copy of the ids
   */
  @Override
  public int[] tokenIds() {
    return tokenIds.clone();
  }
}
