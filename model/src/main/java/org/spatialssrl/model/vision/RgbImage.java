package org.spatialssrl.model.vision;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An 8-bit RGB image, row-major and interleaved ({@code height x width x 3}), as Pillow holds an
 * {@code RGB} image.
 *
 * @param width columns
 * @param height rows
 * @param rgb {@code height * width * 3} bytes (unsigned values)
 */
public record RgbImage(int width, int height, byte[] rgb) {

  /** Validates the size. */
  public RgbImage {
    if (width <= 0 || height <= 0 || rgb.length != (long) width * height * 3) {
      throw new ImageInputException(
          "an RGB image needs width*height*3 bytes, got " + rgb.length + " for " + width + "x" + height);
    }
  }

  /**
   * The value of one channel.
   *
   * @param y row
   * @param x column
   * @param c channel 0..2
   * @return 0..255
   */
  public int get(int y, int x, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }

  /**
   * Converts a decoded image to RGB; transparent pixels are composited over white, as the
   * reference processor's {@code convert_rgb} does.
   *
   * @param image the image
   * @return the RGB image
   */
  public static RgbImage of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h * 3];
    boolean alpha = image.getColorModel().hasAlpha();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int r = (p >> 16) & 0xFF;
        int g = (p >> 8) & 0xFF;
        int b = p & 0xFF;
        if (alpha) {
          int a = (p >>> 24) & 0xFF;
          r = (r * a + 255 * (255 - a) + 127) / 255;
          g = (g * a + 255 * (255 - a) + 127) / 255;
          b = (b * a + 255 * (255 - a) + 127) / 255;
        }
        int o = (y * w + x) * 3;
        out[o] = (byte) r;
        out[o + 1] = (byte) g;
        out[o + 2] = (byte) b;
      }
    }
    return new RgbImage(w, h, out);
  }

  /**
   * Decodes PNG, JPEG, BMP or GIF bytes.
   *
   * @param data the encoded image
   * @param what a description for error messages (a file name)
   * @return the RGB image
   * @throws ImageInputException when the data is not a decodable image
   */
  public static RgbImage decode(byte[] data, String what) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
      if (img == null) {
        throw new ImageInputException(
            what + " is not a decodable image (supported: PNG, JPEG, BMP, GIF)");
      }
      return of(img);
    } catch (IOException e) {
      throw new ImageInputException("cannot decode " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads an image file.
   *
   * @param file the file
   * @return the RGB image
   * @throws ImageInputException when the file cannot be read or decoded
   */
  public static RgbImage read(Path file) {
    try {
      return decode(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new ImageInputException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }
}
