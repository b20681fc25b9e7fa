package org.spatialssrl.task;

import java.util.List;
import java.util.Map;
import org.spatialssrl.image.RgbImage;

/**
 * A generated question with its exact answer, its images, and the metadata that re-derives the
 * answer. The pipeline adds the sample's id, source and seed.
 *
 * @param task the task name ({@code shuffle}, {@code flip}, ...)
 * @param variant the task variant (for example {@code 2x2-masked})
 * @param question the question, with one {@code <image>} per image in order, without the
 *     format prompt
 * @param answer the exact ground-truth string
 * @param images the images, in the order of the placeholders
 * @param metadata what re-derives the answer; values are strings, numbers, booleans, lists or
 *     maps, in a stable order
 */
public record Sample(
    String task,
    String variant,
    String question,
    String answer,
    List<RgbImage> images,
    Map<String, Object> metadata)
    implements TaskOutcome {

  /** Copies the lists and checks that every image has its placeholder. */
  public Sample {
    images = List.copyOf(images);
    metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    int placeholders = Prompts.countImagePlaceholders(question);
    if (placeholders != images.size()) {
      throw new IllegalArgumentException(
          task + ": question has " + placeholders + " <image> placeholders for " + images.size()
              + " images");
    }
  }
}
