package org.spatialssrl.task;

import org.spatialssrl.image.Canvas;

/**
 * How the depth tasks mark a region: a circled number (white disc, black outline, black digit)
 * centred on the region, sized to the image so that it stays legible, and moved inward just
 * enough never to be clipped by the border.
 *
 * @param radiusFraction disc radius as a fraction of the image's shorter side
 * @param minRadius the smallest radius in pixels
 */
public record MarkerStyle(double radiusFraction, int minRadius) {
  /** Radius 3.5% of the shorter side, at least 14 px (a 27 px disc radius at 768 px). */
  public static final MarkerStyle DEFAULT = new MarkerStyle(0.035, 14);

  /** Validates the settings. */
  public MarkerStyle {
    if (!(radiusFraction > 0) || minRadius < 4) {
      throw new IllegalArgumentException("marker radius must be positive and at least 4 px");
    }
  }

  /**
   * The disc radius for an image.
   *
   * @param width image width
   * @param height image height
   * @return pixels
   */
  public int radius(int width, int height) {
    return Math.max(minRadius, (int) Math.round(Math.min(width, height) * radiusFraction));
  }

  /**
   * Where the disc centre goes for a region centre: the region centre, moved inward when the
   * disc and its outline would cross the border.
   *
   * @param c the region centre coordinate
   * @param size the image side along that axis
   * @param radius the disc radius
   * @return the marker centre coordinate
   */
  public static int place(int c, int size, int radius) {
    int margin = radius + Math.max(2, radius / 8) + 1;
    return Math.max(Math.min(c, size - 1 - margin), Math.min(margin, size / 2));
  }

  /**
   * Draws a marker.
   *
   * @param canvas the canvas
   * @param label the digit
   * @param x marker centre column (from {@link #place})
   * @param y marker centre row
   * @param radius disc radius
   */
  public void draw(Canvas canvas, int label, int x, int y, int radius) {
    canvas.drawCircledLabel(Integer.toString(label), x + 0.5, y + 0.5, radius);
  }
}
