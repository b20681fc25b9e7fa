package org.spatialssrl.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The image processor reproduces the fixture's resized pixels, grids and pixel values. */
class ImageProcessorFixtureTest {

  @Test
  void everyFixtureImageMatches() throws Exception {
    Path dir = Fixture.dir();
    ImageProcessor processor = ImageProcessor.builder(dir).build();
    int checked = 0;
    for (JsonNode c : Fixture.cases()) {
      for (JsonNode img : c.path("images")) {
        String what = c.path("name").asText() + "/" + img.path("file").asText();
        ProcessedImage p = processor.process(RgbImage.read(dir.resolve(img.path("file").asText())));
        assertArrayEquals(Fixture.ints(img.path("resized_hw")),
            new int[] {p.resized().height(), p.resized().width()}, what + " resized size");
        assertArrayEquals(Fixture.ints(img.path("grid_thw")),
            new int[] {p.grid().t(), p.grid().h(), p.grid().w()}, what + " grid");
        assertEquals(img.path("num_image_tokens").asInt(), p.grid().tokens(2), what + " tokens");
        byte[] rgb = p.resized().rgb();
        double[] u8 = new double[rgb.length];
        for (int i = 0; i < u8.length; i++) {
          u8[i] = rgb[i] & 0xFF;
        }
        // Exact: the sums of uint8 values are integers (weighted sums within float64 rounding).
        Fixture.assertChecksums(img.path("resized_u8_hwc"), u8, p.resized().width() * 3, 1e-12, 0,
            what + " resized pixels");
        Fixture.assertChecksums(img.path("pixel_values"), Fixture.widen(p.pixelValues()),
            p.rowWidth(), 1e-6, 1e-6, what + " pixel values");
        checked++;
      }
    }
    assertEquals(7, checked);
  }

  @Test
  void smartResizeRoundsHalfToEvenAndKeepsBounds() {
    // 98/28 = 3.5 and 126/28 = 4.5 both round to 4 (Python rounds half to even).
    assertArrayEquals(new int[] {112, 112}, ImageProcessor.smartResize(98, 126, 28, 3136, 200704));
    // Too small: scaled up until at least min_pixels.
    assertArrayEquals(new int[] {84, 56}, ImageProcessor.smartResize(40, 30, 28, 3136, 200704));
    // Too large: scaled down under max_pixels.
    assertArrayEquals(new int[] {364, 504}, ImageProcessor.smartResize(480, 640, 28, 3136, 200704));
    int[] big = ImageProcessor.smartResize(3000, 4000, 28, 3136, 1003520);
    assertEquals(0, big[0] % 28);
    assertEquals(true, (long) big[0] * big[1] <= 1003520);
    assertThrows(ImageInputException.class, () -> ImageProcessor.smartResize(10, 2100, 28, 3136, 200704));
  }

  @Test
  void unchangedSizeKeepsPixelsAndUpscaleInterpolates() {
    byte[] px = new byte[28 * 28 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7);
    }
    RgbImage img = new RgbImage(28, 28, px);
    assertArrayEquals(px, PillowBicubic.resize(img, 28, 28).rgb());
    RgbImage flat = new RgbImage(2, 2, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    RgbImage up = PillowBicubic.resize(flat, 5, 3);
    for (byte b : up.rgb()) {
      assertEquals(9, b);
    }
  }
}
