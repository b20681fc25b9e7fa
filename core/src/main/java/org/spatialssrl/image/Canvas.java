package org.spatialssrl.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * A mutable drawing surface used while a task composes its image; {@link #toImage()} freezes
 * it. Not thread-safe: each task invocation owns its canvas.
 */
public final class Canvas {
  private final BufferedImage image;
  private final int[] data;
  private final int width;
  private final int height;

  /**
   * A canvas filled with one colour.
   *
   * @param width width
   * @param height height
   * @param rgb packed fill colour
   */
  public Canvas(int width, int height, int rgb) {
    this.width = width;
    this.height = height;
    this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    this.data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    Arrays.fill(data, rgb & 0xFFFFFF);
  }

  /**
   * A canvas starting as a copy of an image.
   *
   * @param img the starting pixels
   * @return the canvas
   */
  public static Canvas of(RgbImage img) {
    Canvas c = new Canvas(img.width(), img.height(), 0);
    System.arraycopy(img.raw(), 0, c.data, 0, c.data.length);
    return c;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /**
   * Copies an image onto the canvas.
   *
   * @param img the image
   * @param x left column of the destination
   * @param y top row of the destination
   */
  public void paste(RgbImage img, int x, int y) {
    int[] src = img.raw();
    for (int row = 0; row < img.height(); row++) {
      System.arraycopy(src, row * img.width(), data, (y + row) * width + x, img.width());
    }
  }

  /**
   * Fills a rectangle.
   *
   * @param x left column
   * @param y top row
   * @param w width
   * @param h height
   * @param rgb packed colour
   */
  public void fillRect(int x, int y, int w, int h, int rgb) {
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w);
    int y1 = Math.min(height, y + h);
    for (int row = y0; row < y1; row++) {
      Arrays.fill(data, row * width + x0, row * width + Math.max(x0, x1), rgb & 0xFFFFFF);
    }
  }

  /**
   * Draws a rectangle's border inside its bounds.
   *
   * @param x left column
   * @param y top row
   * @param w width
   * @param h height
   * @param thickness border width in pixels
   * @param rgb packed colour
   */
  public void strokeRect(int x, int y, int w, int h, int thickness, int rgb) {
    fillRect(x, y, w, thickness, rgb);
    fillRect(x, y + h - thickness, w, thickness, rgb);
    fillRect(x, y, thickness, h, rgb);
    fillRect(x + w - thickness, y, thickness, h, rgb);
  }

  /**
   * Draws white text with a dark outline, its top-left corner at (x, y).
   *
   * @param text the label
   * @param x left edge of the text box
   * @param y top edge of the text box
   * @param sizePx font size in pixels
   */
  public void drawOutlinedLabel(String text, int x, int y, float sizePx) {
    Graphics2D g = graphics();
    try {
      Font font = LabelFont.atSize(sizePx);
      FontRenderContext frc = g.getFontRenderContext();
      GlyphVector gv = font.createGlyphVector(frc, text);
      Rectangle2D bounds = gv.getVisualBounds();
      float outline = Math.max(2f, sizePx / 7f);
      double dx = x + outline / 2 - bounds.getX();
      double dy = y + outline / 2 - bounds.getY();
      Shape shape = AffineTransform.getTranslateInstance(dx, dy).createTransformedShape(gv.getOutline());
      g.setStroke(new BasicStroke(outline, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.setColor(new Color(0x101010));
      g.draw(shape);
      g.setColor(Color.WHITE);
      g.fill(shape);
    } finally {
      g.dispose();
    }
  }

  /**
   * The box an outlined label of this size and text occupies, measured from its top-left corner.
   *
   * @param text the label
   * @param sizePx font size in pixels
   * @return {width, height} in whole pixels, rounded up
   */
  public static int[] labelExtent(String text, float sizePx) {
    Font font = LabelFont.atSize(sizePx);
    FontRenderContext frc = new FontRenderContext(null, true, true);
    Rectangle2D b = font.createGlyphVector(frc, text).getVisualBounds();
    float outline = Math.max(2f, sizePx / 7f);
    return new int[] {
      (int) Math.ceil(b.getWidth() + outline) + 1, (int) Math.ceil(b.getHeight() + outline) + 1
    };
  }

  /**
   * Draws a circled label: a white disc with a black outline and the text centred in black.
   *
   * @param text the label (one or two characters)
   * @param cx centre column
   * @param cy centre row
   * @param radius disc radius in pixels
   */
  public void drawCircledLabel(String text, double cx, double cy, double radius) {
    Graphics2D g = graphics();
    try {
      Shape disc = new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius);
      g.setColor(Color.WHITE);
      g.fill(disc);
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke((float) Math.max(1.5, radius / 8)));
      g.draw(disc);
      Font font = LabelFont.atSize((float) (radius * 1.25));
      GlyphVector gv = font.createGlyphVector(g.getFontRenderContext(), text);
      Rectangle2D b = gv.getVisualBounds();
      g.fill(
          AffineTransform.getTranslateInstance(
                  cx - b.getX() - b.getWidth() / 2, cy - b.getY() - b.getHeight() / 2)
              .createTransformedShape(gv.getOutline()));
    } finally {
      g.dispose();
    }
  }

  private Graphics2D graphics() {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    return g;
  }

  /** A frozen copy of the canvas. */
  public RgbImage toImage() {
    return RgbImage.wrap(width, height, data.clone());
  }
}
