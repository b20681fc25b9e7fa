package org.spatialssrl.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The questions are data: they must equal the SPEC's strings character for character. */
class PromptsTest {
  static final String FORMAT =
      "You FIRST think about the reasoning process as an internal monologue and then provide the final answer. The reasoning process MUST BE enclosed within <think> </think> tags. The final answer MUST BE put in \\boxed{}.";
  static final String GRID =
      "The image has been divided into 4 shuffled patches labeled 0, 1, 2, and 3. Based on visual clues such as continuity, alignment, and context, answer the correct arrangement of the patches to restore the original image, where the format is 'TopLeft-TopRight-BottomLeft-BottomRight'.";
  static final String GRID_MASKED =
      "The image has been divided into 4 shuffled patches labeled 0, 1, 2, and 3. One of the four patches is masked completely by white pixels. Based on visual clues such as continuity, alignment, and context, answer the correct arrangement of the patches to restore the original image, where the format is 'TopLeft-TopRight-BottomLeft-BottomRight'.";
  static final String STRIPS_H3 =
      "The image has been divided into 3 shuffled horizontal strips labeled 0, 1, and 2. Based on visual clues such as continuity, alignment, and context, answer the correct arrangement of the strips to restore the original image, where the format is 'Left-Middle-Right'.";
  static final String STRIPS_V4 =
      "The image has been divided into 4 shuffled vertical strips labeled 0, 1, 2, and 3. Based on visual clues such as continuity, alignment, and context, answer the correct arrangement of the strips to restore the original image, where the format is 'Top-Middle1-Middle2-Bottom'.";
  static final String FLIP =
      "The image has been divided into 4 labeled 0, 1, 2, and 3. One of the four patches is flipped either horizontally or vertically. Based on visual clues such as continuity, alignment, and context, answer the correct patch that is flipped and the direction the flip, where the format is 'Label-Direction'. The direction can only be 0(flipped vertically) or 1(flipped horizontally).";
  static final String CROP =
      "Which image is the missing part in the first image <image>? Based on visual clues such as alignment, image content, and positional relationship, select one of the four options <image><image><image><image> as the final answer. The final answer should be chosen from 'A', 'B', 'C', and 'D'.";

  @Test
  void questionsEqualTheSpec() {
    assertEquals(FORMAT, Prompts.FORMAT_PROMPT);
    assertEquals(GRID, Prompts.shuffleGrid(false));
    assertEquals(GRID_MASKED, Prompts.shuffleGrid(true));
    assertEquals(STRIPS_H3, Prompts.shuffleStrips(3, true));
    assertEquals(STRIPS_V4, Prompts.shuffleStrips(4, false));
    assertEquals(
        "The image has been divided into 4 shuffled horizontal strips labeled 0, 1, 2, and 3. Based on visual clues such as continuity, alignment, and context, answer the correct arrangement of the strips to restore the original image, where the format is 'Left-Middle1-Middle2-Right'.",
        Prompts.shuffleStrips(4, true));
    assertEquals(
        "The image has been divided into 3 shuffled vertical strips labeled 0, 1, and 2. Based on visual clues such as continuity, alignment, and context, answer the correct arrangement of the strips to restore the original image, where the format is 'Top-Middle-Bottom'.",
        Prompts.shuffleStrips(3, false));
    assertEquals(FLIP, Prompts.flip());
    assertEquals(CROP, Prompts.crop());
  }

  @Test
  void formatPromptFollowsTheTrimmedQuestionAfterOneSpace() {
    assertEquals("Q? " + FORMAT, Prompts.withFormatPrompt("  Q?\n"));
  }

  @Test
  void specTextContainsTheFixedQuestionsVerbatim() throws Exception {
    Path spec = Path.of(System.getProperty("ssrl.fixtures", "../shared/fixtures"))
        .resolve("../docs/SPEC.md").normalize();
    Assumptions.assumeTrue(Files.exists(spec), "SPEC.md not found next to the clone; skipping");
    String text = Files.readString(spec);
    for (String q : new String[] {FORMAT, GRID, FLIP, CROP}) {
      assertTrue(text.contains(q), "SPEC lacks: " + q);
    }
  }
}
