package org.spatialssrl.task;

/**
 * The exact question texts of the method (SPEC sections 2 and 3), character for character.
 * Questions are data: the released model was trained on these strings.
 */
public final class Prompts {
  /** The image placeholder EasyR1 splits prompts on. */
  public static final String IMAGE = "<image>";

  /** The format prompt appended (after one space) to every trimmed training question. */
  public static final String FORMAT_PROMPT =
      "You FIRST think about the reasoning process as an internal monologue and then provide the"
          + " final answer. The reasoning process MUST BE enclosed within <think> </think> tags."
          + " The final answer MUST BE put in \\boxed{}.";

  private static final String CLUES =
      "Based on visual clues such as continuity, alignment, and context, ";

  private Prompts() {}

  /**
   * The training prompt: the trimmed question, one space, the format prompt.
   *
   * @param question the question
   * @return the prompt
   */
  public static String withFormatPrompt(String question) {
    return question.strip() + " " + FORMAT_PROMPT;
  }

  /**
   * Counts {@code <image>} placeholders.
   *
   * @param text the prompt
   * @return the number of placeholders
   */
  public static int countImagePlaceholders(String text) {
    int n = 0;
    for (int i = text.indexOf(IMAGE); i >= 0; i = text.indexOf(IMAGE, i + IMAGE.length())) {
      n++;
    }
    return n;
  }

  /**
   * The shuffle question for a 2x2 grid.
   *
   * @param masked whether one patch is painted white
   * @return the question, without placeholder
   */
  public static String shuffleGrid(boolean masked) {
    return "The image has been divided into 4 shuffled patches labeled 0, 1, 2, and 3. "
        + (masked ? "One of the four patches is masked completely by white pixels. " : "")
        + CLUES
        + "answer the correct arrangement of the patches to restore the original image, where the"
        + " format is 'TopLeft-TopRight-BottomLeft-BottomRight'.";
  }

  /**
   * The shuffle question for strips.
   *
   * @param n 3 or 4 pieces
   * @param horizontal true for 1xN (pieces side by side), false for Nx1 (stacked)
   * @return the question, without placeholder
   */
  public static String shuffleStrips(int n, boolean horizontal) {
    String labels =
        switch (n) {
          case 3 -> "0, 1, and 2";
          case 4 -> "0, 1, 2, and 3";
          default -> throw new IllegalArgumentException("strips come in 3 or 4, not " + n);
        };
    String fmt;
    if (horizontal) {
      fmt = n == 3 ? "Left-Middle-Right" : "Left-Middle1-Middle2-Right";
    } else {
      fmt = n == 3 ? "Top-Middle-Bottom" : "Top-Middle1-Middle2-Bottom";
    }
    return "The image has been divided into " + n + " shuffled "
        + (horizontal ? "horizontal" : "vertical") + " strips labeled " + labels + ". "
        + CLUES
        + "answer the correct arrangement of the strips to restore the original image, where the"
        + " format is '" + fmt + "'.";
  }

  /** The flip question, without placeholder. */
  public static String flip() {
    return "The image has been divided into 4 labeled 0, 1, 2, and 3. One of the four patches is"
        + " flipped either horizontally or vertically. "
        + CLUES
        + "answer the correct patch that is flipped and the direction the flip, where the format"
        + " is 'Label-Direction'. The direction can only be 0(flipped vertically) or 1(flipped"
        + " horizontally).";
  }

  /** The crop question, with its five placeholders. */
  public static String crop() {
    return "Which image is the missing part in the first image <image>? Based on visual clues"
        + " such as alignment, image content, and positional relationship, select one of the four"
        + " options <image><image><image><image> as the final answer. The final answer should be"
        + " chosen from 'A', 'B', 'C', and 'D'.";
  }
}
