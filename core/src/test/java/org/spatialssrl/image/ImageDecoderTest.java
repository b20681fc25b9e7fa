package org.spatialssrl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
  @TempDir Path dir;
  private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(16, 10_000_000));

  static RgbImage pattern(int w, int h) {
    int[] p = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        p[y * w + x] = (x * 3 % 256) << 16 | (y * 4 % 256) << 8 | (x * y % 256);
      }
    }
    return RgbImage.of(w, h, p);
  }

  private static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, format, out), "no writer for " + format);
    return out.toByteArray();
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void pngRoundTripsExactly() throws Exception {
    RgbImage img = pattern(40, 30);
    assertEquals(img, decoder.decode(file("a.png", encode(img.toBufferedImage(), "png"))));
  }

  @Test
  void bmpRoundTripsExactly() throws Exception {
    RgbImage img = pattern(40, 30);
    assertEquals(img, decoder.decode(file("a.bmp", encode(img.toBufferedImage(), "bmp"))));
  }

  @Test
  void webpLosslessDecodes() throws Exception {
    byte[] webp;
    try (InputStream in = getClass().getResourceAsStream("gradient-80x64-lossless.webp")) {
      webp = in.readAllBytes();
    }
    assertEquals(pattern(80, 64), decoder.decode(file("g.webp", webp)));
  }

  @Test
  void sixteenBitGreyIsScaledWithoutGamma() throws Exception {
    BufferedImage g16 = new BufferedImage(20, 20, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster r = g16.getRaster();
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        r.setSample(x, y, 0, (x * 20 + y) * 163);
      }
    }
    RgbImage out = decoder.decode(file("g16.png", encode(g16, "png")));
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        int expected = (int) (((x * 20 + y) * 163 * 255L + 32767) / 65535);
        assertEquals(expected * 0x010101, out.rgb(x, y), "grey at " + x + "," + y);
      }
    }
  }

  @Test
  void eightBitGreyKeepsValues() throws Exception {
    BufferedImage g8 = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        g8.getRaster().setSample(x, y, 0, x * 12 + y);
      }
    }
    RgbImage out = decoder.decode(file("g8.png", encode(g8, "png")));
    assertEquals((5 * 12 + 7) * 0x010101, out.rgb(5, 7));
  }

  @Test
  void paletteWithTransparencyIsCompositedOntoWhite() throws Exception {
    byte[] r = {(byte) 200, 0};
    byte[] g = {10, 0};
    byte[] b = {10, (byte) 255};
    byte[] a = {(byte) 255, 0};
    IndexColorModel cm = new IndexColorModel(8, 2, r, g, b, a);
    BufferedImage pal = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_INDEXED, cm);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        pal.getRaster().setSample(x, y, 0, x < 10 ? 0 : 1);
      }
    }
    RgbImage out = decoder.decode(file("pal.png", encode(pal, "png")));
    assertEquals(0xC80A0A, out.rgb(2, 2));
    assertEquals(0xFFFFFF, out.rgb(15, 2), "transparent palette entry becomes white");
  }

  @Test
  void alphaIsCompositedOntoWhite() throws Exception {
    BufferedImage argb = new BufferedImage(20, 20, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        argb.setRGB(x, y, (x < 10 ? 0xFF : 0x80) << 24 | 0x000000);
      }
    }
    RgbImage out = decoder.decode(file("rgba.png", encode(argb, "png")));
    assertEquals(0x000000, out.rgb(2, 2));
    int half = (255 * 127 + 127) / 255; // black at alpha 128 over white
    assertEquals(half * 0x010101, out.rgb(15, 2));
  }

  @Test
  void exifOrientationSixRotatesClockwise() throws Exception {
    RgbImage img = pattern(64, 32);
    byte[] jpeg = withExifOrientation(new JpegEncoder(100).encode(img), 6);
    RgbImage out = decoder.decode(file("rot.jpg", jpeg));
    assertEquals(32, out.width());
    assertEquals(64, out.height());
    RgbImage plain = decoder.decode(file("plain.jpg", new JpegEncoder(100).encode(img)));
    assertEquals(plain.rotateClockwise(), out);
  }

  @Test
  void exifOrientationsMatchTheirDefinitions() throws Exception {
    RgbImage img = pattern(48, 32);
    RgbImage plain = decoder.decode(file("p.jpg", new JpegEncoder(100).encode(img)));
    for (int o = 1; o <= 8; o++) {
      RgbImage out = decoder.decode(file("o" + o + ".jpg", withExifOrientation(new JpegEncoder(100).encode(img), o)));
      // Orientation o means: stored pixel (0,0) is displayed at a known corner.
      int displayedCornerOfStoredOrigin = switch (o) {
        case 1, 5 -> out.rgb(0, 0);
        case 2, 6 -> out.rgb(out.width() - 1, 0);
        case 3, 7 -> out.rgb(out.width() - 1, out.height() - 1);
        default -> out.rgb(0, out.height() - 1);
      };
      assertEquals(plain.rgb(0, 0), displayedCornerOfStoredOrigin, "orientation " + o);
      assertEquals(o >= 5 ? 32 : 48, out.width(), "orientation " + o);
    }
  }

  /** Inserts an APP1 EXIF segment (big-endian TIFF, one IFD entry) after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD at 8
      0, 1, // one entry
      0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // orientation SHORT
      0, 0, 0, 0 // no next IFD
    };
    int len = 2 + 6 + tiff.length;
    byte[] out = new byte[jpeg.length + 2 + len];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xD8;
    out[2] = (byte) 0xFF;
    out[3] = (byte) 0xE1;
    out[4] = (byte) (len >> 8);
    out[5] = (byte) len;
    byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
    System.arraycopy(exif, 0, out, 6, 6);
    System.arraycopy(tiff, 0, out, 12, tiff.length);
    System.arraycopy(jpeg, 2, out, 12 + tiff.length, jpeg.length - 2);
    return out;
  }

  @Test
  void emptyFileIsRejected() throws Exception {
    ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(file("e.jpg", new byte[0])));
    assertEquals(ImageRejectedException.EMPTY, e.reason());
    assertTrue(e.getMessage().contains("e.jpg"));
  }

  @Test
  void garbageIsRejectedAsUnsupported() throws Exception {
    byte[] junk = new byte[500];
    Arrays.fill(junk, (byte) 7);
    ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(file("j.png", junk)));
    assertEquals(ImageRejectedException.UNSUPPORTED, e.reason());
  }

  @Test
  void truncatedJpegIsRejected() throws Exception {
    byte[] jpeg = new JpegEncoder(95).encode(pattern(200, 150));
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
    ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(file("t.jpg", cut)));
    assertEquals(ImageRejectedException.TRUNCATED, e.reason(), e.getMessage());
  }

  @Test
  void truncatedPngIsRejected() throws Exception {
    byte[] png = encode(pattern(200, 150).toBufferedImage(), "png");
    byte[] cut = Arrays.copyOf(png, png.length / 2);
    ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(file("t.png", cut)));
    assertTrue(Arrays.asList(ImageRejectedException.TRUNCATED, ImageRejectedException.CORRUPT).contains(e.reason()), e.reason());
  }

  @Test
  void tooSmallIsRejected() throws Exception {
    byte[] png = encode(pattern(10, 40).toBufferedImage(), "png");
    ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(file("s.png", png)));
    assertEquals(ImageRejectedException.TOO_SMALL, e.reason());
  }

  @Test
  void decompressionBombIsRejectedFromItsHeader() throws Exception {
    // A PNG whose header claims 100000 x 100000 pixels with almost no data.
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    byte[] ihdr = {0, 1, (byte) 0x86, (byte) 0xA0, 0, 1, (byte) 0x86, (byte) 0xA0, 8, 2, 0, 0, 0};
    chunk(png, "IHDR", ihdr);
    chunk(png, "IEND", new byte[0]);
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> decoder.decode(file("bomb.png", png.toByteArray())));
    assertEquals(ImageRejectedException.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
    out.write(new byte[] {(byte) (data.length >>> 24), (byte) (data.length >>> 16), (byte) (data.length >>> 8), (byte) data.length});
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    long c = crc.getValue();
    out.write(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
  }

  @Test
  void jpegEncodingIsDeterministic() {
    RgbImage img = pattern(120, 90);
    assertTrue(Arrays.equals(new JpegEncoder(95).encode(img), new JpegEncoder(95).encode(img)));
  }
}
