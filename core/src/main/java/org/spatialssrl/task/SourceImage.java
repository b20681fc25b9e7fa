package org.spatialssrl.task;

import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.image.RgbImage;

/**
 * One decoded input.
 *
 * @param id the source's identity: its path relative to the input root, with {@code /}
 * @param rgb the pixels as displayed
 * @param depth the aligned depth map (same size as {@code rgb}), or {@code null} for an RGB-only
 *     source
 */
public record SourceImage(String id, RgbImage rgb, DepthMap depth) {
  /** Checks that the depth, when present, is aligned with the image. */
  public SourceImage {
    if (depth != null && (depth.width() != rgb.width() || depth.height() != rgb.height())) {
      throw new IllegalArgumentException(
          id + ": depth " + depth.width() + "x" + depth.height() + " is not aligned with the "
              + rgb.width() + "x" + rgb.height() + " image (align it with DepthMap.alignTo)");
    }
  }

  /**
   * An RGB-only source.
   *
   * @param id the identity
   * @param rgb the pixels
   */
  public SourceImage(String id, RgbImage rgb) {
    this(id, rgb, null);
  }
}
