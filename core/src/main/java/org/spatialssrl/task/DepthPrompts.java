package org.spatialssrl.task;

import java.util.List;

/**
 * The exact question texts of the two depth tasks (SPEC 3.4 and 3.5), character for character.
 * Kept apart from {@link Prompts} (the RGB tasks) only to keep the two task families' files
 * independent.
 */
public final class DepthPrompts {
  private DepthPrompts() {}

  /** The regional depth ordering question, without placeholder. */
  public static String depthOrder() {
    return "The original image has three regions marked as 1, 2, and 3. Consider the content,"
        + " positional relationships, depths of the three regions and other cues, and sort the"
        + " depths of the three regions from smallest to largest from the camera, where the format"
        + " of the answer is 'Smallest-Middle-Largest'.";
  }

  /**
   * The relative position question, with its leading placeholder.
   *
   * @param cameraLabel the label where the camera stands ({@code 1} or {@code 2})
   * @param facing where the camera faces
   * @param targetLabel the label asked about
   * @param options the four option texts in slot order A..D
   * @param far whether the pair is a far pair (adds the height remark)
   * @return the question
   */
  public static String position(
      int cameraLabel, Facing facing, int targetLabel, List<String> options, boolean far) {
    if (options.size() != 4) {
      throw new IllegalArgumentException("4 options needed, got " + options);
    }
    return Prompts.IMAGE + "I've taken an image and there are two regions marked as 1, and 2 on"
        + " the image. Assume that there is a camera at position '" + cameraLabel + "' and it's"
        + " facing " + facing.phrase() + ". According to the camera, where is the region marker '"
        + targetLabel + "'? A. " + options.get(0) + " B. " + options.get(1) + " C. "
        + options.get(2) + " D. " + options.get(3) + ". Consider cues such as depth, orientation,"
        + " and 3D spatial relationship"
        + (far ? " and ignore the height difference between the two regions" : "")
        + ". The final answer should be chosen from 'A', 'B', 'C', and 'D'.";
  }
}
