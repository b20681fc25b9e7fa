package org.spatialssrl.scene;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;
import org.spatialssrl.image.RgbImage;

/**
 * Renders simple outdoor-like scenes (sky, horizon, textured ground in perspective, shaded
 * objects) from a seed, so that the tool works with no downloaded data. The scenes have the
 * continuity, asymmetry and texture the patch tasks rely on.
 */
public final class ProceduralScene {
  private ProceduralScene() {}

  /**
   * Renders one scene.
   *
   * @param seed the scene's seed
   * @param width width in pixels
   * @param height height in pixels
   * @return the image
   */
  public static RgbImage render(long seed, int width, int height) {
    SplittableRandom rng = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int horizon = (int) (height * (0.3 + 0.25 * rng.nextDouble()));
      Color skyTop = hsb(rng, 0.55, 0.65, 0.4, 0.7, 0.6, 0.9);
      Color skyLow = hsb(rng, 0.5, 0.6, 0.1, 0.3, 0.85, 1.0);
      g.setPaint(new GradientPaint(0, 0, skyTop, 0, horizon, skyLow));
      g.fillRect(0, 0, width, horizon);
      drawSun(g, rng, width, horizon);
      drawHills(g, rng, width, height, horizon);
      Color groundNear = hsb(rng, 0.08, 0.35, 0.35, 0.7, 0.35, 0.6);
      Color groundFar = groundNear.brighter();
      g.setPaint(new GradientPaint(0, horizon, groundFar, 0, height, groundNear));
      g.fillRect(0, horizon, width, height - horizon);
      drawTiles(g, rng, width, height, horizon);
      int objects = 4 + rng.nextInt(6);
      for (int i = 0; i < objects; i++) {
        drawObject(g, rng, width, height, horizon);
      }
    } finally {
      g.dispose();
    }
    addGrain(img, rng);
    return RgbImage.fromBufferedImage(img);
  }

  private static Color hsb(
      SplittableRandom rng, double h0, double h1, double s0, double s1, double b0, double b1) {
    return Color.getHSBColor(
        (float) (h0 + (h1 - h0) * rng.nextDouble()),
        (float) (s0 + (s1 - s0) * rng.nextDouble()),
        (float) (b0 + (b1 - b0) * rng.nextDouble()));
  }

  private static void drawSun(Graphics2D g, SplittableRandom rng, int w, int horizon) {
    double r = Math.max(8, w * (0.03 + 0.04 * rng.nextDouble()));
    double cx = w * (0.1 + 0.8 * rng.nextDouble());
    double cy = horizon * (0.15 + 0.5 * rng.nextDouble());
    g.setColor(new Color(255, 245, 200));
    g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
    for (int i = 0; i < 3 + rng.nextInt(4); i++) {
      double cw = w * (0.08 + 0.15 * rng.nextDouble());
      double ch = cw * (0.25 + 0.2 * rng.nextDouble());
      double x = w * rng.nextDouble() - cw / 2;
      double y = horizon * 0.7 * rng.nextDouble();
      g.setColor(new Color(255, 255, 255, 150 + rng.nextInt(90)));
      for (int k = 0; k < 4; k++) {
        g.fill(new Ellipse2D.Double(x + k * cw / 5, y - (k % 2) * ch / 3, cw / 2, ch));
      }
    }
  }

  private static void drawHills(Graphics2D g, SplittableRandom rng, int w, int h, int horizon) {
    Polygon hills = new Polygon();
    hills.addPoint(0, horizon);
    double phase = rng.nextDouble() * 10;
    double amp = h * (0.04 + 0.08 * rng.nextDouble());
    for (int x = 0; x <= w; x += Math.max(1, w / 64)) {
      double t = x / (double) w;
      double y =
          horizon - amp * (0.6 + 0.4 * Math.sin(phase + t * 7.3) * Math.cos(phase * 0.7 + t * 3.1));
      hills.addPoint(x, (int) y);
    }
    hills.addPoint(w, horizon);
    g.setColor(hsb(rng, 0.25, 0.4, 0.3, 0.6, 0.3, 0.55));
    g.fill(hills);
  }

  private static void drawTiles(Graphics2D g, SplittableRandom rng, int w, int h, int horizon) {
    // Perspective grid on the ground: lines converge at a vanishing point on the horizon.
    double vx = w * (0.2 + 0.6 * rng.nextDouble());
    g.setStroke(new BasicStroke(Math.max(1f, w / 400f)));
    g.setColor(new Color(40, 30, 20, 90));
    int rays = 12 + rng.nextInt(10);
    for (int i = -rays; i <= 2 * rays; i++) {
      double bx = vx + (i - rays / 2.0) * w / (double) rays * 1.5;
      g.drawLine((int) vx, horizon, (int) bx, h);
    }
    for (double t = 0.02; t < 1; t *= 1.35) {
      int y = (int) (horizon + (h - horizon) * t);
      g.drawLine(0, y, w, y);
    }
  }

  private static void drawObject(Graphics2D g, SplittableRandom rng, int w, int h, int horizon) {
    double depth = rng.nextDouble(); // 0 far .. 1 near
    double baseY = horizon + (h - horizon) * (0.05 + 0.9 * depth);
    double size = Math.max(6, h * (0.05 + 0.3 * depth) * (0.6 + 0.8 * rng.nextDouble()));
    double cx = w * rng.nextDouble();
    Color c = hsb(rng, 0, 1, 0.4, 0.9, 0.4, 0.95);
    Color dark = c.darker().darker();
    int kind = rng.nextInt(3);
    // shadow
    g.setColor(new Color(0, 0, 0, 70));
    g.fill(new Ellipse2D.Double(cx - size * 0.7, baseY - size * 0.12, size * 1.6, size * 0.25));
    switch (kind) {
      case 0 -> { // box with a lit side
        double bw = size * (0.6 + 0.6 * rng.nextDouble());
        double side = bw * 0.35;
        g.setPaint(new GradientPaint((float) cx, (float) (baseY - size), c, (float) cx,
            (float) baseY, c.darker()));
        g.fill(new java.awt.geom.Rectangle2D.Double(cx - bw / 2, baseY - size, bw, size));
        Polygon s = new Polygon();
        s.addPoint((int) (cx + bw / 2), (int) (baseY - size));
        s.addPoint((int) (cx + bw / 2 + side), (int) (baseY - size - side * 0.6));
        s.addPoint((int) (cx + bw / 2 + side), (int) (baseY - side * 0.6));
        s.addPoint((int) (cx + bw / 2), (int) baseY);
        g.setColor(dark);
        g.fill(s);
        Polygon top = new Polygon();
        top.addPoint((int) (cx - bw / 2), (int) (baseY - size));
        top.addPoint((int) (cx - bw / 2 + side), (int) (baseY - size - side * 0.6));
        top.addPoint((int) (cx + bw / 2 + side), (int) (baseY - size - side * 0.6));
        top.addPoint((int) (cx + bw / 2), (int) (baseY - size));
        g.setColor(c.brighter());
        g.fill(top);
      }
      case 1 -> { // sphere lit from the upper left
        double r = size / 2;
        g.setPaint(new java.awt.RadialGradientPaint(
            (float) (cx - r * 0.35), (float) (baseY - r * 1.35), (float) (r * 1.3),
            new float[] {0f, 1f}, new Color[] {c.brighter(), dark}));
        g.fill(new Ellipse2D.Double(cx - r, baseY - 2 * r, 2 * r, 2 * r));
      }
      default -> { // tree: trunk and an uneven crown
        double tw = size * 0.12;
        g.setColor(new Color(90, 60, 30));
        g.fill(new java.awt.geom.Rectangle2D.Double(cx - tw / 2, baseY - size, tw, size));
        Color leaf = hsb(rng, 0.22, 0.38, 0.5, 0.9, 0.3, 0.7);
        for (int k = 0; k < 5; k++) {
          double r = size * (0.25 + 0.15 * rng.nextDouble());
          double ox = (rng.nextDouble() - 0.5) * size * 0.6;
          double oy = -size * (0.9 + 0.5 * rng.nextDouble());
          g.setColor(k % 2 == 0 ? leaf : leaf.darker());
          g.fill(new Ellipse2D.Double(cx + ox - r, baseY + oy - r, 2 * r, 2 * r));
        }
      }
    }
  }

  private static void addGrain(BufferedImage img, SplittableRandom rng) {
    int[] d = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < d.length; i++) {
      int n = rng.nextInt(9) - 4;
      int v = d[i];
      int r = clamp((v >> 16 & 255) + n);
      int gr = clamp((v >> 8 & 255) + n);
      int b = clamp((v & 255) + n);
      d[i] = r << 16 | gr << 8 | b;
    }
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }
}
