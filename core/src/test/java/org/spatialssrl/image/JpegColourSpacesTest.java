package org.spatialssrl.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * JPEGs that are not YCbCr: CMYK with an Adobe APP14 marker (transform 0), YCCK (transform 2)
 * and single-channel grey. CMYK is converted as Pillow's {@code convert("RGB")} does (the
 * Spatial-SSRL scripts' reader): Adobe-inverted channels, then R = (255 - C)(255 - K) / 255.
 */
class JpegColourSpacesTest {
  private static final int SIDE = 16;
  /** The stripes' colours, left to right. */
  private static final int[] STRIPES = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF, 0x000000, 0x808080,
      0x336699};

  private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(8, 1_000_000));

  private static void assertStripes(RgbImage img, int tolerance) {
    for (int s = 0; s < STRIPES.length; s++) {
      int got = img.rgb(s * SIDE + SIDE / 2, SIDE / 2);
      int want = STRIPES[s];
      for (int shift = 0; shift <= 16; shift += 8) {
        int d = Math.abs((got >> shift & 255) - (want >> shift & 255));
        assertTrue(d <= tolerance, String.format("stripe %d: got %06x, want %06x", s, got, want));
      }
    }
  }

  /** The ink of an sRGB colour, as naive separation gives it: K = 1 - max, C = (1 - R - K) / (1 - K). */
  private static int[] ink(int rgb) {
    double r = (rgb >> 16 & 255) / 255.0;
    double g = (rgb >> 8 & 255) / 255.0;
    double b = (rgb & 255) / 255.0;
    double k = 1 - Math.max(r, Math.max(g, b));
    double d = k < 1 ? 1 - k : 1;
    return new int[] {
      (int) Math.round((1 - r - k) / d * 255), (int) Math.round((1 - g - k) / d * 255),
      (int) Math.round((1 - b - k) / d * 255), (int) Math.round(k * 255)
    };
  }

  /** A four-channel JPEG of the stripes' ink, stored inverted after an Adobe marker (transform 0). */
  private static byte[] adobeCmykJpeg() throws IOException {
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, SIDE * STRIPES.length,
        SIDE, 4, null);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < r.getWidth(); x++) {
        int[] v = ink(STRIPES[x / SIDE]);
        for (int c = 0; c < 4; c++) {
          v[c] = 255 - v[c]; // Adobe convention: 0 = full ink
        }
        r.setPixel(x, y, v);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(1f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream io = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(io);
      writer.write(null, new IIOImage(r, null, null), param); // a Raster: no colour conversion
    } finally {
      writer.dispose();
    }
    byte[] plain = out.toByteArray();
    // APP14 "Adobe": version 100, flags 0, 0, transform 0 (CMYK as stored), right after SOI.
    byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
    byte[] jpeg = new byte[plain.length + app14.length];
    System.arraycopy(plain, 0, jpeg, 0, 2);
    System.arraycopy(app14, 0, jpeg, 2, app14.length);
    System.arraycopy(plain, 2, jpeg, 2 + app14.length, plain.length - 2);
    return jpeg;
  }

  @Test
  void adobeCmykDecodesToTheColoursItSeparates() throws Exception {
    assertStripes(decoder.decode(adobeCmykJpeg(), "cmyk.jpg"), 3);
  }

  @Test
  void ycckFromImageMagickDecodesToTheColoursItSeparates() throws Exception {
    byte[] jpeg;
    try (InputStream in = getClass().getResourceAsStream("ycck-stripes.jpg")) {
      jpeg = in.readAllBytes();
    }
    assertStripes(decoder.decode(jpeg, "ycck-stripes.jpg"), 3);
  }

  @Test
  void greyJpegKeepsItsLevels() throws Exception {
    BufferedImage grey = new BufferedImage(SIDE * 5, SIDE, BufferedImage.TYPE_BYTE_GRAY);
    int[] levels = {0, 64, 128, 200, 255};
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < grey.getWidth(); x++) {
        grey.getRaster().setSample(x, y, 0, levels[x / SIDE]);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(grey, "jpeg", out));
    RgbImage img = decoder.decode(out.toByteArray(), "grey.jpg");
    for (int s = 0; s < levels.length; s++) {
      int got = img.rgb(s * SIDE + SIDE / 2, SIDE / 2);
      int v = got & 255;
      assertTrue(Math.abs(v - levels[s]) <= 2 && got == (v << 16 | v << 8 | v),
          String.format("stripe %d: got %06x, want grey %d", s, got, levels[s]));
    }
  }
}
