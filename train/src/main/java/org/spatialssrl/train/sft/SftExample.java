package org.spatialssrl.train.sft;

import java.nio.file.Path;
import java.util.List;

/**
 * One cold-start example: the prompt (an optional system message and the user turn, with one
 * {@code <image>} per image), the assistant's reply that is learned, and the verifiable answer.
 *
 * @param id the sample id
 * @param task the pretext task ({@code shuffle}, ...), or an empty string
 * @param answer the ground-truth answer the reply's {@code \boxed{}} should hold
 * @param system the system message, or null for the chat template's default
 * @param user the user turn's text, {@code <image>} marking each image
 * @param assistant the reply learned ({@code <think>...</think>} then {@code \boxed{answer}})
 * @param images the image files, in order of the placeholders
 * @param source where the example came from ({@code file:line}), for messages
 */
public record SftExample(String id, String task, String answer, String system, String user,
    String assistant, List<Path> images, String source) {
  /** Copies the image list. */
  public SftExample {
    images = List.copyOf(images);
  }
}
