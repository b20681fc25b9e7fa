package org.spatialssrl.image;

/**
 * Reads the EXIF orientation tag of a JPEG and applies it, so that pixels come out the way a
 * photo viewer shows them.
 */
public final class ExifOrientation {
  private static final int TAG_ORIENTATION = 0x0112;

  private ExifOrientation() {}

  /**
   * The EXIF orientation (1..8) of a JPEG file's bytes, or 1 when absent or unreadable.
   *
   * @param jpeg the file's bytes
   * @return the orientation value
   */
  public static int read(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 255) != 0xFF || (jpeg[1] & 255) != 0xD8) {
      return 1;
    }
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      if ((jpeg[pos] & 255) != 0xFF) {
        return 1;
      }
      int marker = jpeg[pos + 1] & 255;
      if (marker == 0xFF) {
        pos++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return 1; // start of scan or end of image: no EXIF before the pixels
      }
      int len = ((jpeg[pos + 2] & 255) << 8) | (jpeg[pos + 3] & 255);
      if (len < 2 || pos + 2 + len > jpeg.length) {
        return 1;
      }
      if (marker == 0xE1 && len >= 8 && startsWithExif(jpeg, pos + 4)) {
        return readTiff(jpeg, pos + 10, pos + 2 + len);
      }
      pos += 2 + len;
    }
    return 1;
  }

  private static boolean startsWithExif(byte[] b, int at) {
    return at + 6 <= b.length
        && b[at] == 'E'
        && b[at + 1] == 'x'
        && b[at + 2] == 'i'
        && b[at + 3] == 'f'
        && b[at + 4] == 0
        && b[at + 5] == 0;
  }

  private static int readTiff(byte[] b, int tiff, int end) {
    if (tiff + 8 > end) {
      return 1;
    }
    boolean little;
    if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
      little = true;
    } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
      little = false;
    } else {
      return 1;
    }
    long ifd = u32(b, tiff + 4, little);
    if (ifd < 8 || tiff + ifd + 2 > end) {
      return 1;
    }
    int entries = u16(b, (int) (tiff + ifd), little);
    int p = (int) (tiff + ifd + 2);
    for (int i = 0; i < entries && p + 12 <= end; i++, p += 12) {
      if (u16(b, p, little) == TAG_ORIENTATION) {
        int value = u16(b, p + 8, little);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  private static int u16(byte[] b, int at, boolean little) {
    return little
        ? (b[at] & 255) | (b[at + 1] & 255) << 8
        : (b[at] & 255) << 8 | (b[at + 1] & 255);
  }

  private static long u32(byte[] b, int at, boolean little) {
    return little
        ? (u16(b, at, true) & 0xFFFFL) | (long) u16(b, at + 2, true) << 16
        : (long) u16(b, at, false) << 16 | (u16(b, at + 2, false) & 0xFFFFL);
  }

  /**
   * Applies an EXIF orientation to decoded pixels.
   *
   * @param img the pixels as stored
   * @param orientation 1..8
   * @return the pixels as displayed
   */
  public static RgbImage apply(RgbImage img, int orientation) {
    return switch (orientation) {
      case 2 -> img.flipHorizontal();
      case 3 -> img.flipHorizontal().flipVertical();
      case 4 -> img.flipVertical();
      case 5 -> img.transpose();
      case 6 -> img.rotateClockwise();
      case 7 -> img.transpose().flipHorizontal().flipVertical();
      case 8 -> img.rotateCounterClockwise();
      default -> img;
    };
  }
}
