package org.spatialssrl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The PNG fast path must give exactly ImageIO's pixels. */
class PngFastPathTest {
  private static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static RgbImage viaImageIo(byte[] png) throws Exception {
    return ImageDecoder.toRgb(ImageIO.read(new ByteArrayInputStream(png)));
  }

  @Test
  void rgbAndRgbaMatchImageIo() throws Exception {
    SplittableRandom rng = new SplittableRandom(5);
    for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR}) {
      BufferedImage img = new BufferedImage(131, 77, type);
      for (int y = 0; y < 77; y++) {
        for (int x = 0; x < 131; x++) {
          // smooth areas, edges and noise make the encoder use every filter type
          int v = (x * 2 + y) & 255;
          int alpha = type == BufferedImage.TYPE_4BYTE_ABGR ? (x < 60 ? 255 : rng.nextInt(256)) : 255;
          img.setRGB(x, y, alpha << 24 | (y < 40 ? v : rng.nextInt(256)) << 16 | (x * 3 & 255) << 8 | (x ^ y) & 255);
        }
      }
      byte[] bytes = png(img);
      RgbImage fast = PngFastPath.decode(bytes);
      assertNotNull(fast);
      assertEquals(viaImageIo(bytes), fast, "type " + type);
    }
  }

  @Test
  void everyFilterTypeMatchesImageIo() throws Exception {
    // Rows filtered by hand with each type in turn (ImageIO's encoder picks its own), over
    // noise so that every Paeth branch and wrap-around is taken, for 3 and 4 bytes per pixel.
    SplittableRandom rng = new SplittableRandom(17);
    for (int bpp : new int[] {3, 4}) {
      int w = 53;
      int h = 15;
      int stride = w * bpp;
      byte[][] rows = new byte[h][stride];
      for (byte[] row : rows) {
        for (int i = 0; i < stride; i++) {
          row[i] = (byte) (rng.nextInt(4) == 0 ? rng.nextInt(256) : 250 + rng.nextInt(12));
        }
        if (bpp == 4) {
          for (int i = 3; i < stride; i += 4) {
            row[i] = (byte) 255; // opaque: alpha compositing is tested elsewhere
          }
        }
      }
      ByteArrayOutputStream filtered = new ByteArrayOutputStream();
      for (int y = 0; y < h; y++) {
        int type = y % 5;
        filtered.write(type);
        for (int i = 0; i < stride; i++) {
          int a = i >= bpp ? rows[y][i - bpp] & 255 : 0;
          int b = y > 0 ? rows[y - 1][i] & 255 : 0;
          int c = i >= bpp && y > 0 ? rows[y - 1][i - bpp] & 255 : 0;
          int pred = switch (type) {
            case 0 -> 0;
            case 1 -> a;
            case 2 -> b;
            case 3 -> (a + b) / 2;
            default -> {
              int p = a + b - c;
              int pa = Math.abs(p - a);
              int pb = Math.abs(p - b);
              int pc = Math.abs(p - c);
              yield pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            }
          };
          filtered.write((rows[y][i] - pred) & 255);
        }
      }
      byte[] bytes = handMadePng(w, h, bpp == 3 ? 2 : 6, filtered.toByteArray());
      RgbImage fast = PngFastPath.decode(bytes);
      assertNotNull(fast);
      assertEquals(viaImageIo(bytes), fast, bpp + " bytes per pixel");
    }
  }

  private static byte[] handMadePng(int w, int h, int colourType, byte[] filtered) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h)
        .put((byte) 8).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream d = new java.util.zip.DeflaterOutputStream(z)) {
      d.write(filtered);
    }
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    crc.update(t);
    crc.update(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void otherLayoutsAreLeftToImageIo() throws Exception {
    assertNull(PngFastPath.decode(png(new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY))));
    assertNull(PngFastPath.decode(png(new BufferedImage(20, 20, BufferedImage.TYPE_USHORT_GRAY))));
  }

  @Test
  void fixturePngMatchesImageIo() throws Exception {
    Path f = Path.of(System.getProperty("ssrl.fixtures", "../shared/fixtures"), "rgb", "scene_rgb.png");
    Assumptions.assumeTrue(Files.exists(f), "shared fixtures absent: " + f);
    byte[] bytes = Files.readAllBytes(f);
    assertEquals(viaImageIo(bytes), PngFastPath.decode(bytes));
  }
}
