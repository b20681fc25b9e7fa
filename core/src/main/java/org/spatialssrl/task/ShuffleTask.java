package org.spatialssrl.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.spatialssrl.image.Canvas;
import org.spatialssrl.image.RgbImage;

/**
 * Shuffled patch reordering (SPEC 3.1): the image is cut into a grid, the patches are permuted
 * and labelled in their new slots, and the answer gives, for each original position in reading
 * order, the label of the patch that belongs there.
 */
public final class ShuffleTask implements PretextTask {
  /** The task name. */
  public static final String NAME = "shuffle";

  /** White, for the masked slot. */
  static final int WHITE = 0xFFFFFF;

  private final ShuffleConfig config;

  /** The task with the release's variant mix. */
  public ShuffleTask() {
    this(ShuffleConfig.builder().build());
  }

  /**
   * The task with a configuration.
   *
   * @param config the configuration
   */
  public ShuffleTask(ShuffleConfig config) {
    this.config = config;
  }

  /** The configuration. */
  public ShuffleConfig config() {
    return config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InputKind input() {
    return InputKind.RGB;
  }

  /**
   * The distinct (variant, permutation, masked slot) draws of the variants with a positive
   * weight: 24 plain 2x2, 24 x 4 masked 2x2, 3! + 4! horizontal and 3! + 4! vertical strips.
   */
  @Override
  public long maxSamplesPerSource() {
    return (config.weightGrid() > 0 ? 24 : 0) + (config.weightMaskedGrid() > 0 ? 96 : 0)
        + (config.weightHorizontalStrips() > 0 ? 30 : 0) + (config.weightVerticalStrips() > 0 ? 30 : 0);
  }

  /**
   * The grid layout of a variant name.
   *
   * @param variant one of {@code 2x2}, {@code 2x2-masked}, {@code 1x3}, {@code 1x4},
   *     {@code 3x1}, {@code 4x1}
   * @return {rows, cols}
   */
  public static int[] grid(String variant) {
    return switch (variant) {
      case "2x2", "2x2-masked" -> new int[] {2, 2};
      case "1x3" -> new int[] {1, 3};
      case "1x4" -> new int[] {1, 4};
      case "3x1" -> new int[] {3, 1};
      case "4x1" -> new int[] {4, 1};
      default -> throw new IllegalArgumentException("unknown shuffle variant: " + variant);
    };
  }

  @Override
  public TaskOutcome generate(SourceImage source, SplittableRandom rng) {
    String variant = config.drawVariant(rng);
    int[] grid = grid(variant);
    int rows = grid[0];
    int cols = grid[1];
    RgbImage img = source.rgb();
    int pw = img.width() / cols;
    int ph = img.height() / rows;
    if (pw < config.minPatchSide() || ph < config.minPatchSide()) {
      return new Rejection(
          "patch-too-small",
          source.id() + ": " + variant + " patches would be " + pw + "x" + ph + ", below "
              + config.minPatchSide() + " px");
    }
    int n = rows * cols;
    int[] perm = permutation(n, rng); // slot s shows original patch perm[s]
    int maskedSlot = variant.equals("2x2-masked") ? rng.nextInt(n) : -1;

    int w = pw * cols;
    int h = ph * rows;
    Canvas canvas = new Canvas(w, h, WHITE);
    for (int s = 0; s < n; s++) {
      if (s != maskedSlot) {
        int o = perm[s];
        canvas.paste(img.crop((o % cols) * pw, (o / cols) * ph, pw, ph), (s % cols) * pw,
            (s / cols) * ph);
      }
    }
    int[] drawn = config.style().decorateGrid(canvas, rows, cols, pw, ph);

    int[] inverse = new int[n];
    for (int s = 0; s < n; s++) {
      inverse[perm[s]] = s;
    }
    StringBuilder answer = new StringBuilder();
    List<Integer> permList = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        answer.append('-');
      }
      answer.append(inverse[i]);
      permList.add(perm[i]);
    }
    String question =
        Prompts.IMAGE
            + (rows == 2 && cols == 2
                ? Prompts.shuffleGrid(maskedSlot >= 0)
                : Prompts.shuffleStrips(n, rows == 1));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("rows", rows);
    meta.put("cols", cols);
    meta.put("patch_width", pw);
    meta.put("patch_height", ph);
    meta.put("slot_to_original", permList);
    meta.put("masked_slot", maskedSlot >= 0 ? maskedSlot : null);
    meta.put("label_size", drawn[0]);
    meta.put("border", drawn[1]);
    return new Sample(NAME, variant, question, answer.toString(), List.of(canvas.toImage()), meta);
  }

  static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
