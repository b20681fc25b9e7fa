package org.spatialssrl.model.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The trainers' pixel clamp, against sizes computed with Python's float math and int(). */
class TrainingPixelRuleTest {
  private static RgbImage image(int w, int h) {
    return RgbImage.of(TinyVisionCheckpoint.picture(w, h, 1));
  }

  @Test
  void sftRuleScalesDownToAtMost262144Pixels() {
    RgbImage out = TrainingPixelRule.sft().apply(image(1000, 800));
    assertEquals(572, out.width()); // int(1000 * sqrt(262144 / 800000))
    assertEquals(457, out.height());
    RgbImage small = image(300, 200);
    assertSame(small, TrainingPixelRule.sft().apply(small)); // within bounds: untouched
  }

  @Test
  void sftRuleScalesUpTinyImagesAndWidensShortSides() {
    // 20x10 -> int(20 * 2.2627), int(10 * 2.2627) = 45x22, then the Qwen2-VL plugin's 28 minimum.
    RgbImage out = TrainingPixelRule.sft().apply(image(20, 10));
    assertEquals(45, out.width());
    assertEquals(28, out.height());
  }

  @Test
  void grpoRuleScalesUpToAtLeast262144Pixels() {
    RgbImage out = TrainingPixelRule.grpo().apply(image(300, 200));
    assertEquals(627, out.width()); // int(300 * sqrt(262144 / 60000))
    assertEquals(418, out.height());
  }

  @Test
  void processorAppliesTheRuleFirst() {
    ImageProcessor p = ImageProcessor.builder().optMaxPixels(12845056).build()
        .withPreResize(TrainingPixelRule.sft());
    // 1000x800 -> 572x457 -> smart resize to multiples of 28: 560x448 = 20x16 merged tokens.
    ProcessedImage img = p.process(image(1000, 800));
    assertEquals(new ImageGrid(1, 32, 40), img.grid());
    assertEquals(new ImageGrid(1, 58, 72), // 812x1008 without the rule
        ImageProcessor.builder().optMaxPixels(12845056).build().process(image(1000, 800)).grid());
  }
}
