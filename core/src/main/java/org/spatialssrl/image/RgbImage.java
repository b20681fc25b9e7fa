package org.spatialssrl.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * An opaque 8-bit RGB image held as packed {@code 0xRRGGBB} ints in row-major order.
 *
 * <p>Instances are immutable: every operation returns a new image, and the pixel array is
 * never exposed without copying. This keeps samples safe to share between threads.
 */
public final class RgbImage {
  private final int width;
  private final int height;
  private final int[] pixels;

  private RgbImage(int width, int height, int[] pixels) {
    this.width = width;
    this.height = height;
    this.pixels = pixels;
  }

  /**
   * Creates an image from packed RGB pixels (the high byte is ignored).
   *
   * @param width width in pixels, at least 1
   * @param height height in pixels, at least 1
   * @param rgb {@code width * height} packed pixels; copied
   * @return the image
   */
  public static RgbImage of(int width, int height, int[] rgb) {
    checkSize(width, height, rgb.length);
    int[] copy = new int[rgb.length];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = rgb[i] & 0xFFFFFF;
    }
    return new RgbImage(width, height, copy);
  }

  /** Wraps an array the caller gives up; package use only to avoid copies. */
  static RgbImage wrap(int width, int height, int[] rgb) {
    checkSize(width, height, rgb.length);
    return new RgbImage(width, height, rgb);
  }

  /**
   * An image filled with one colour.
   *
   * @param width width
   * @param height height
   * @param rgb packed colour
   * @return the image
   */
  public static RgbImage filled(int width, int height, int rgb) {
    int[] p = new int[Math.multiplyExact(width, height)];
    Arrays.fill(p, rgb & 0xFFFFFF);
    return wrap(width, height, p);
  }

  /**
   * Copies an AWT image into an RGB image (alpha, if any, is ignored: use {@link ImageDecoder}
   * to composite transparent images).
   *
   * @param img the source
   * @return the copy
   */
  public static RgbImage fromBufferedImage(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] p;
    if (img.getType() == BufferedImage.TYPE_INT_RGB) {
      p = ((DataBufferInt) img.getRaster().getDataBuffer()).getData().clone();
    } else {
      p = img.getRGB(0, 0, w, h, null, 0, w);
    }
    for (int i = 0; i < p.length; i++) {
      p[i] &= 0xFFFFFF;
    }
    return wrap(w, h, p);
  }

  private static void checkSize(int width, int height, int length) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    if ((long) width * height != length) {
      throw new IllegalArgumentException(
          "pixel count " + length + " does not match " + width + "x" + height);
    }
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
   * The packed RGB value at a pixel.
   *
   * @param x column
   * @param y row
   * @return {@code 0xRRGGBB}
   */
  public int rgb(int x, int y) {
    return pixels[y * width + x];
  }

  /** A copy of the packed pixels, row-major. */
  public int[] pixels() {
    return pixels.clone();
  }

  /** Read-only access for hot loops inside this package. */
  int[] raw() {
    return pixels;
  }

  /**
   * A rectangular part of this image.
   *
   * @param x left column
   * @param y top row
   * @param w width
   * @param h height
   * @return the copy of the region
   * @throws IllegalArgumentException if the region leaves the image
   */
  public RgbImage crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop " + w + "x" + h + "+" + x + "+" + y + " outside " + width + "x" + height);
    }
    int[] out = new int[w * h];
    for (int row = 0; row < h; row++) {
      System.arraycopy(pixels, (y + row) * width + x, out, row * w, w);
    }
    return wrap(w, h, out);
  }

  /** This image turned upside down (flipped about the horizontal axis). */
  public RgbImage flipVertical() {
    int[] out = new int[pixels.length];
    for (int row = 0; row < height; row++) {
      System.arraycopy(pixels, row * width, out, (height - 1 - row) * width, width);
    }
    return wrap(width, height, out);
  }

  /** This image mirrored left to right (flipped about the vertical axis). */
  public RgbImage flipHorizontal() {
    int[] out = new int[pixels.length];
    for (int row = 0; row < height; row++) {
      int base = row * width;
      for (int col = 0; col < width; col++) {
        out[base + width - 1 - col] = pixels[base + col];
      }
    }
    return wrap(width, height, out);
  }

  /** This image rotated by 90 degrees clockwise. */
  public RgbImage rotateClockwise() {
    int nw = height;
    int nh = width;
    int[] out = new int[pixels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        // (x, y) -> (height - 1 - y, x)
        out[x * nw + (nw - 1 - y)] = pixels[y * width + x];
      }
    }
    return wrap(nw, nh, out);
  }

  /** This image rotated by 90 degrees counter-clockwise. */
  public RgbImage rotateCounterClockwise() {
    int nw = height;
    int nh = width;
    int[] out = new int[pixels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        // (x, y) -> (y, width - 1 - x)
        out[(nh - 1 - x) * nw + y] = pixels[y * width + x];
      }
    }
    return wrap(nw, nh, out);
  }

  /** This image transposed (rows become columns), used for EXIF orientations 5 and 7. */
  public RgbImage transpose() {
    int[] out = new int[pixels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[x * height + y] = pixels[y * width + x];
      }
    }
    return wrap(height, width, out);
  }

  /**
   * Resizes with bilinear interpolation on pixel centres (the convention of OpenCV's
   * {@code INTER_LINEAR}), rounding to the nearest integer.
   *
   * @param w new width
   * @param h new height
   * @return the resized image (this image when the size is unchanged)
   */
  public RgbImage resize(int w, int h) {
    if (w == width && h == height) {
      return this;
    }
    int[] out = new int[Math.multiplyExact(w, h)];
    double sx = (double) width / w;
    double sy = (double) height / h;
    int[] x0 = new int[w];
    int[] x1 = new int[w];
    float[] fx = new float[w];
    for (int x = 0; x < w; x++) {
      double src = (x + 0.5) * sx - 0.5;
      int i = (int) Math.floor(src);
      float f = (float) (src - i);
      if (i < 0) {
        i = 0;
        f = 0;
      }
      if (i >= width - 1) {
        i = width - 1;
        f = 0;
      }
      x0[x] = i;
      x1[x] = Math.min(i + 1, width - 1);
      fx[x] = f;
    }
    for (int y = 0; y < h; y++) {
      double src = (y + 0.5) * sy - 0.5;
      int j = (int) Math.floor(src);
      float fy = (float) (src - j);
      if (j < 0) {
        j = 0;
        fy = 0;
      }
      if (j >= height - 1) {
        j = height - 1;
        fy = 0;
      }
      int r0 = j * width;
      int r1 = Math.min(j + 1, height - 1) * width;
      for (int x = 0; x < w; x++) {
        int a = pixels[r0 + x0[x]];
        int b = pixels[r0 + x1[x]];
        int c = pixels[r1 + x0[x]];
        int d = pixels[r1 + x1[x]];
        float wx = fx[x];
        out[y * w + x] =
            (lerp(a >> 16 & 255, b >> 16 & 255, c >> 16 & 255, d >> 16 & 255, wx, fy) << 16)
                | (lerp(a >> 8 & 255, b >> 8 & 255, c >> 8 & 255, d >> 8 & 255, wx, fy) << 8)
                | lerp(a & 255, b & 255, c & 255, d & 255, wx, fy);
      }
    }
    return wrap(w, h, out);
  }

  private static int lerp(int a, int b, int c, int d, float fx, float fy) {
    float top = a + (b - a) * fx;
    float bottom = c + (d - c) * fx;
    return Math.round(top + (bottom - top) * fy);
  }

  /**
   * A new AWT image holding a copy of these pixels, for drawing or encoding.
   *
   * @return a {@code TYPE_INT_RGB} image
   */
  public BufferedImage toBufferedImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(pixels, 0, dst, 0, pixels.length);
    return img;
  }

  /**
   * Mean absolute difference per channel between two equally sized regions, in 0..255.
   *
   * @param other the other image
   * @param ox left column in this image
   * @param oy top row in this image
   * @param px left column in the other image
   * @param py top row in the other image
   * @param w region width
   * @param h region height
   * @return the mean absolute difference over the region's channels
   */
  public double meanAbsDiff(RgbImage other, int ox, int oy, int px, int py, int w, int h) {
    long sum = 0;
    for (int row = 0; row < h; row++) {
      int a = (oy + row) * width + ox;
      int b = (py + row) * other.width + px;
      for (int col = 0; col < w; col++) {
        int p = pixels[a + col];
        int q = other.pixels[b + col];
        sum += Math.abs((p >> 16 & 255) - (q >> 16 & 255))
            + Math.abs((p >> 8 & 255) - (q >> 8 & 255))
            + Math.abs((p & 255) - (q & 255));
      }
    }
    return sum / (3.0 * w * h);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && other.width == width
        && other.height == height
        && Arrays.equals(other.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
