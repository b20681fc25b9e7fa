package org.spatialssrl.model.vision;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokenized prompt with its images: the ids have one placeholder token per merged patch of
 * each image, in order.
 *
 * @param ids the token ids, placeholders expanded
 * @param images the processed images, in order of appearance
 */
public record MultimodalPrompt(int[] ids, List<ProcessedImage> images) {

  /** Copies the image list. */
  public MultimodalPrompt {
    images = List.copyOf(images);
  }

  /**
   * A text-only prompt.
   *
   * @param ids the token ids
   * @return the prompt
   */
  public static MultimodalPrompt text(int[] ids) {
    return new MultimodalPrompt(ids, List.of());
  }

  /**
   * Expands each single image placeholder of a templated prompt (as the chat template writes
   * {@code <|vision_start|><|image_pad|><|vision_end|>}) to the image's merged-patch count.
   *
   * @param ids the templated prompt's ids, one placeholder per image
   * @param images the images, in order
   * @param imageTokenId the placeholder token
   * @param merge the spatial merge size
   * @return the prompt
   * @throws ImageInputException when the number of placeholders differs from the images'
   */
  public static MultimodalPrompt expand(
      int[] ids, List<ProcessedImage> images, int imageTokenId, int merge) {
    List<Integer> out = new ArrayList<>(ids.length);
    int image = 0;
    for (int id : ids) {
      if (id != imageTokenId) {
        out.add(id);
        continue;
      }
      if (image >= images.size()) {
        throw new ImageInputException(
            "the prompt has more image placeholders than the " + images.size() + " images given");
      }
      int n = images.get(image++).grid().tokens(merge);
      for (int k = 0; k < n; k++) {
        out.add(imageTokenId);
      }
    }
    if (image != images.size()) {
      throw new ImageInputException(
          "the prompt has " + image + " image placeholders but " + images.size() + " images");
    }
    return new MultimodalPrompt(out.stream().mapToInt(Integer::intValue).toArray(), images);
  }

  /**
   * The grids of the images.
   *
   * @return one grid per image
   */
  public List<ImageGrid> grids() {
    return images.stream().map(ProcessedImage::grid).toList();
  }

  /**
   * This prompt followed by more tokens (a completion), with the same images.
   *
   * @param more the appended ids
   * @return the longer prompt
   */
  public MultimodalPrompt append(int[] more) {
    int[] all = java.util.Arrays.copyOf(ids, ids.length + more.length);
    System.arraycopy(more, 0, all, ids.length, more.length);
    return new MultimodalPrompt(all, images);
  }
}
