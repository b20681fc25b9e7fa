package org.spatialssrl.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.spatialssrl.image.Canvas;
import org.spatialssrl.image.RgbImage;

/**
 * Cropped patch inpainting (SPEC 3.3): a square of side {@code floor(min(H, W) / 2)} is blacked
 * out; four options follow (the true crop and three distinct distractors), and the answer is the
 * true option's letter. The metadata records which distractor method sits in which slot.
 */
public final class CropTask implements PretextTask {
  /** The task name. */
  public static final String NAME = "crop";

  /** The option letters. */
  public static final List<String> LETTERS = List.of("A", "B", "C", "D");

  /** The method name of the true option. */
  public static final String TRUE_METHOD = "true";

  private final CropConfig config;

  /** The task with the paper's settings. */
  public CropTask() {
    this(CropConfig.builder().build());
  }

  /**
   * The task with a configuration.
   *
   * @param config the configuration
   */
  public CropTask(CropConfig config) {
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

  @Override
  public TaskOutcome generate(SourceImage source, SplittableRandom rng) {
    RgbImage img = source.rgb();
    int s = (int) Math.floor(Math.min(img.width(), img.height()) * config.sideFraction());
    if (s < config.minSide()) {
      return new Rejection(
          "patch-too-small",
          source.id() + ": crop side would be " + s + " px, below " + config.minSide());
    }
    int x = rng.nextInt(img.width() - s + 1);
    int y = rng.nextInt(img.height() - s + 1);
    RgbImage truth = img.crop(x, y, s, s);

    List<DistractorMethod> pool = new ArrayList<>(config.methods());
    List<DistractorMethod> chosen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      chosen.add(pool.remove(rng.nextInt(pool.size())));
    }
    int trueSlot = rng.nextInt(4);

    List<RgbImage> options = new ArrayList<>(4);
    List<Map<String, Object>> slots = new ArrayList<>(4);
    double minDifference = Double.MAX_VALUE;
    int next = 0;
    for (int slot = 0; slot < 4; slot++) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("slot", LETTERS.get(slot));
      if (slot == trueSlot) {
        options.add(truth);
        entry.put("method", TRUE_METHOD);
      } else {
        DistractorMethod m = chosen.get(next++);
        RgbImage d = m.apply(img, x, y, s);
        double diff = truth.meanAbsDiff(d, 0, 0, 0, 0, s, s);
        minDifference = Math.min(minDifference, diff);
        options.add(d);
        entry.put("method", m.id());
        entry.put("difference", Math.round(diff * 100) / 100.0);
      }
      slots.add(entry);
    }
    if (minDifference < config.minDistractorDifference()) {
      return new Rejection(
          "crop-ambiguous",
          source.id() + ": a distractor is nearly identical to the true crop (mean difference "
              + String.format(Locale.ROOT, "%.2f", minDifference) + " < "
              + config.minDistractorDifference() + ")");
    }
    Canvas masked = Canvas.of(img);
    masked.fillRect(x, y, s, s, 0x000000);
    List<RgbImage> images = new ArrayList<>(5);
    images.add(masked.toImage());
    images.addAll(options);

    Map<String, Object> box = new LinkedHashMap<>();
    box.put("x", x);
    box.put("y", y);
    box.put("size", s);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("box", box);
    meta.put("true_slot", LETTERS.get(trueSlot));
    meta.put("options", slots);
    return new Sample(NAME, "4-options", Prompts.crop(), LETTERS.get(trueSlot), images, meta);
  }
}
