package org.spatialssrl.depth;

/**
 * A decoded two-dimensional array of numbers, row-major, as read from a depth or mask file.
 *
 * @param width columns
 * @param height rows
 * @param values {@code width * height} values, row-major (not copied: readers hand it over)
 */
public record Grid(int width, int height, float[] values) {
  /** Checks the size. */
  public Grid {
    if (width < 1 || height < 1 || (long) width * height != values.length) {
      throw new IllegalArgumentException(
          "grid " + width + "x" + height + " cannot hold " + values.length + " values");
    }
  }
}
