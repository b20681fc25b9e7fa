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
