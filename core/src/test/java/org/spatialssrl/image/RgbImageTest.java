package org.spatialssrl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RgbImageTest {
  private final RgbImage img = ImageDecoderTest.pattern(7, 5);

  @Test
  void flipsAreInvolutionsAndMoveCorners() {
    assertEquals(img, img.flipVertical().flipVertical());
    assertEquals(img, img.flipHorizontal().flipHorizontal());
    assertEquals(img.rgb(0, 0), img.flipVertical().rgb(0, 4));
    assertEquals(img.rgb(0, 0), img.flipHorizontal().rgb(6, 0));
    assertNotEquals(img, img.flipVertical());
  }

  @Test
  void rotationsInvertEachOther() {
    RgbImage cw = img.rotateClockwise();
    assertEquals(5, cw.width());
    assertEquals(7, cw.height());
    assertEquals(img.rgb(0, 0), cw.rgb(4, 0), "top-left goes to top-right");
    assertEquals(img, cw.rotateCounterClockwise());
    assertEquals(img.flipHorizontal().flipVertical(), cw.rotateClockwise());
  }

  @Test
  void cropCopiesTheRegionAndChecksBounds() {
    RgbImage c = img.crop(2, 1, 3, 2);
    assertEquals(img.rgb(3, 2), c.rgb(1, 1));
    assertThrows(IllegalArgumentException.class, () -> img.crop(5, 0, 3, 1));
  }

  @Test
  void resizeKeepsUniformColourAndSize() {
    RgbImage flat = RgbImage.filled(10, 10, 0x336699);
    assertEquals(RgbImage.filled(23, 7, 0x336699), flat.resize(23, 7));
    assertEquals(img, img.resize(7, 5));
  }

  @Test
  void pixelsAreCopiedNotShared() {
    int[] p = img.pixels();
    p[0] = 0x123456;
    assertNotEquals(0x123456, img.rgb(0, 0));
  }
}
