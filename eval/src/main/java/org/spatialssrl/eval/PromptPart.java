package org.spatialssrl.eval;

/** One part of a benchmark prompt, in the order the release sends them. */
public sealed interface PromptPart {

  /**
   * A text part.
   *
   * @param text the text, byte for byte as the release builds it
   */
  record Text(String text) implements PromptPart {}

  /**
   * An image or a video.
   *
   * @param ref where it is
   */
  record Media(MediaRef ref) implements PromptPart {}
}
