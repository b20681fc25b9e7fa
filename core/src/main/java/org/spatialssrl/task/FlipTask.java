package org.spatialssrl.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spatialssrl.image.Canvas;
import org.spatialssrl.image.RgbImage;

/**
 * Flipped patch recognition (SPEC 3.2): a 2x2 grid with patches in place and labelled 0..3 in
 * reading order; one patch is flipped vertically (direction 0) or horizontally (direction 1).
 * The answer is {@code label-direction}.
 */
public final class FlipTask implements PretextTask {
  /** The task name. */
  public static final String NAME = "flip";

  private final FlipConfig config;

  /** The task with the paper's settings. */
  public FlipTask() {
    this(FlipConfig.builder().build());
  }

  /**
   * The task with a configuration.
   *
   * @param config the configuration
   */
  public FlipTask(FlipConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InputKind input() {
    return InputKind.RGB;
  }

  /** Four patches, each flipped one of two ways. */
  @Override
  public long maxSamplesPerSource() {
    return 8;
  }

  @Override
  public TaskOutcome generate(SourceImage source, SplittableRandom rng) {
    RgbImage img = source.rgb();
    int pw = img.width() / 2;
    int ph = img.height() / 2;
    if (pw < config.minPatchSide() || ph < config.minPatchSide()) {
      return new Rejection(
          "patch-too-small",
          source.id() + ": flip patches would be " + pw + "x" + ph + ", below "
              + config.minPatchSide() + " px");
    }
    int flipped = rng.nextInt(4);
    int direction = rng.nextDouble() < config.verticalProbability() ? 0 : 1;
    RgbImage patch = img.crop((flipped % 2) * pw, (flipped / 2) * ph, pw, ph);
    RgbImage turned = direction == 0 ? patch.flipVertical() : patch.flipHorizontal();
    double difference = patch.meanAbsDiff(turned, 0, 0, 0, 0, pw, ph);
    if (difference < config.minFlipDifference()) {
      return new Rejection(
          "flip-symmetric",
          source.id() + ": patch " + flipped + " looks the same "
              + (direction == 0 ? "upside down" : "mirrored") + " (mean difference "
              + String.format(java.util.Locale.ROOT, "%.2f", difference) + " < "
              + config.minFlipDifference() + ")");
    }
    int w = 2 * pw;
    int h = 2 * ph;
    Canvas canvas = new Canvas(w, h, 0xFFFFFF);
    for (int s = 0; s < 4; s++) {
      RgbImage tile = s == flipped ? turned : img.crop((s % 2) * pw, (s / 2) * ph, pw, ph);
      canvas.paste(tile, (s % 2) * pw, (s / 2) * ph);
    }
    int[] drawn = config.style().decorateGrid(canvas, 2, 2, pw, ph);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("patch_width", pw);
    meta.put("patch_height", ph);
    meta.put("flipped_patch", flipped);
    meta.put("direction", direction);
    meta.put("direction_name", direction == 0 ? "vertical" : "horizontal");
    meta.put("flip_difference", Math.round(difference * 100) / 100.0);
    meta.put("label_size", drawn[0]);
    meta.put("border", drawn[1]);
    return new Sample(
        NAME,
        direction == 0 ? "vertical" : "horizontal",
        Prompts.IMAGE + Prompts.flip(),
        flipped + "-" + direction,
        List.of(canvas.toImage()),
        meta);
  }
}
