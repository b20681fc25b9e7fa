package org.spatialssrl.task;

import org.spatialssrl.image.Canvas;

/**
 * How patch borders and labels are drawn in the patch tasks. Sizes scale with the image so that
 * labels stay legible at the model's input resolution.
 *
 * @param labelFraction label font size as a fraction of the image's shorter side
 * @param minLabelPixels the smallest label font size in pixels
 * @param borderFraction border width as a fraction of the image's shorter side
 * @param minBorderPixels the thinnest border in pixels
 * @param borderRgb packed border colour
 */
public record PatchStyle(
    double labelFraction,
    int minLabelPixels,
    double borderFraction,
    int minBorderPixels,
    int borderRgb) {

  /** Labels at 7% of the shorter side (at least 16 px), 2 px or 0.4% red borders. */
  public static final PatchStyle DEFAULT = new PatchStyle(0.07, 16, 0.004, 2, 0xE0201C);

  /**
   * The label font size for an image.
   *
   * @param width image width
   * @param height image height
   * @return pixels
   */
  public int labelSize(int width, int height) {
    return Math.max(minLabelPixels, (int) Math.round(Math.min(width, height) * labelFraction));
  }

  /**
   * The border width for an image.
   *
   * @param width image width
   * @param height image height
   * @return pixels
   */
  public int borderWidth(int width, int height) {
    return Math.max(minBorderPixels, (int) Math.round(Math.min(width, height) * borderFraction));
  }

  /**
   * Draws the border and the label {@code 0..rows*cols-1} (reading order) of every slot of a
   * grid covering the canvas.
   *
   * @param canvas the canvas
   * @param rows grid rows
   * @param cols grid columns
   * @param pw slot width
   * @param ph slot height
   * @return {label size, border width} in pixels, for the sample's metadata
   */
  public int[] decorateGrid(Canvas canvas, int rows, int cols, int pw, int ph) {
    int w = canvas.width();
    int h = canvas.height();
    int labelSize = Math.min(labelSize(w, h), Math.max(8, Math.min(pw, ph) * 2 / 5));
    int border = borderWidth(w, h);
    for (int s = 0; s < rows * cols; s++) {
      decorate(canvas, (s % cols) * pw, (s / cols) * ph, pw, ph, Integer.toString(s), labelSize,
          border);
    }
    return new int[] {labelSize, border};
  }

  /**
   * Draws the border and the label of one patch slot.
   *
   * @param canvas the canvas
   * @param x slot left
   * @param y slot top
   * @param w slot width
   * @param h slot height
   * @param label the label text
   * @param labelSize font size in pixels
   * @param border border width in pixels
   */
  public void decorate(
      Canvas canvas, int x, int y, int w, int h, String label, int labelSize, int border) {
    canvas.strokeRect(x, y, w, h, border, borderRgb);
    int pad = border + Math.max(2, labelSize / 8);
    canvas.drawOutlinedLabel(label, x + pad, y + pad, labelSize);
  }
}
