package org.spatialssrl.model.vision;

/**
 * One image as the vision tower takes it.
 *
 * @param resized the resized 8-bit image
 * @param grid the patch grid
 * @param pixelValues patch rows, row-major {@code (grid.patches(), rowWidth)}
 * @param rowWidth values per patch row ({@code 3 * temporal * patch * patch}, 1176)
 */
public record ProcessedImage(RgbImage resized, ImageGrid grid, float[] pixelValues, int rowWidth) {

  /** Validates the sizes. */
  public ProcessedImage {
    if (pixelValues.length != (long) grid.patches() * rowWidth) {
      throw new IllegalArgumentException(
          "pixel values hold " + pixelValues.length + " numbers, expected " + grid.patches()
              + " x " + rowWidth);
    }
  }
}
