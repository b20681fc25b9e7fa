package org.spatialssrl.model.vision;

import java.util.function.UnaryOperator;

/**
 * The pixel clamp the released trainers apply to an image before the Qwen2-VL processor's own
 * {@code smart_resize} (TRAINING.md 1.3 and 2.4): an image above {@code maxPixels} is scaled by
 * {@code f = sqrt(max / (w h))} to {@code (int(w f), int(h f))}, one below {@code minPixels}
 * scaled up the same way, both with Pillow's bicubic filter. LLaMA-Factory's Qwen2-VL plugin
 * (the SFT stage) then widens sides under 28 pixels to 28 and narrows an aspect ratio above 200
 * to 180.
 *
 * @param minPixels the least pixels
 * @param maxPixels the most pixels
 * @param qwen2VlPlugin whether LLaMA-Factory's Qwen2-VL side and aspect rules follow
 */
public record TrainingPixelRule(int minPixels, int maxPixels, boolean qwen2VlPlugin)
    implements UnaryOperator<RgbImage> {

  /** Validates. */
  public TrainingPixelRule {
    if (minPixels < 1 || maxPixels < minPixels) {
      throw new IllegalArgumentException("need 1 <= min <= max pixels, got " + minPixels + ", " + maxPixels);
    }
  }

  /**
   * The cold-start SFT rule (LLaMA-Factory: {@code image_max_pixels 262144},
   * {@code image_min_pixels 1024}, and the Qwen2-VL plugin's rules).
   *
   * @return the rule
   */
  public static TrainingPixelRule sft() {
    return new TrainingPixelRule(1024, 262_144, true);
  }

  /**
   * The GRPO rule (EasyR1 {@code process_image}: 512 x 512 to 2048 x 2048 pixels).
   *
   * @return the rule
   */
  public static TrainingPixelRule grpo() {
    return new TrainingPixelRule(262_144, 4_194_304, false);
  }

  @Override
  public RgbImage apply(RgbImage image) {
    RgbImage img = image;
    long area = (long) img.width() * img.height();
    if (area > maxPixels) {
      img = scale(img, Math.sqrt((double) maxPixels / area));
    }
    area = (long) img.width() * img.height();
    if (area < minPixels) {
      img = scale(img, Math.sqrt((double) minPixels / area));
    }
    if (qwen2VlPlugin) {
      if (Math.min(img.width(), img.height()) < 28) {
        img = PillowBicubic.resize(img, Math.max(img.width(), 28), Math.max(img.height(), 28));
      }
      if ((double) img.width() / img.height() > 200) {
        img = PillowBicubic.resize(img, img.height() * 180, img.height());
      }
      if ((double) img.height() / img.width() > 200) {
        img = PillowBicubic.resize(img, img.width(), img.width() * 180);
      }
    }
    return img;
  }

  private static RgbImage scale(RgbImage img, double f) {
    return PillowBicubic.resize(img, (int) (img.width() * f), (int) (img.height() * f));
  }
}
