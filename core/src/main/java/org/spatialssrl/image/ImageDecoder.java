package org.spatialssrl.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG (YCbCr, grey, CMYK and YCCK; with EXIF orientation), PNG (8/16-bit, grey,
 * palette, alpha composited onto white), BMP and WebP into {@link RgbImage}, refusing unusable
 * files with a reason.
 *
 * <p>Sizes are checked from the header before pixels are decoded. Decoder warnings (such as a
 * JPEG that ends early) count as failures: a half-grey image is worse than no image.
 */
public final class ImageDecoder {
  private final ImageLimits limits;

  /**
   * Creates a decoder.
   *
   * @param limits the size limits to enforce
   */
  public ImageDecoder(ImageLimits limits) {
    this.limits = limits;
  }

  /** A decoder with {@link ImageLimits#DEFAULT}. */
  public ImageDecoder() {
    this(ImageLimits.DEFAULT);
  }

  /** The limits this decoder enforces. */
  public ImageLimits limits() {
    return limits;
  }

  /**
   * Reads a file's header and checks its size against the limits, without decoding pixels.
   *
   * @param file the image file
   * @return the header
   * @throws ImageRejectedException when the file is empty, unreadable, of an unknown format or
   *     outside the size limits
   */
  public ImageHeader probe(Path file) throws ImageRejectedException {
    // Streamed, so only the header's bytes are read (not the whole file, as decoding does);
    // the checks and messages are those of decoding.
    String name = file.toString();
    try (InputStream raw = Files.newInputStream(file);
        ImageInputStream in = new MemoryCacheImageInputStream(new BufferedInputStream(raw))) {
      if (in.read() < 0) {
        throw new ImageRejectedException(ImageRejectedException.EMPTY, file + ": file is empty");
      }
      in.seek(0);
      ImageReader reader = readerFor(in, name);
      try {
        return header(reader, name);
      } finally {
        reader.dispose();
      }
    } catch (NoSuchFileException e) {
      throw new ImageRejectedException(ImageRejectedException.UNREADABLE, file + ": no such file");
    } catch (IOException e) {
      throw new ImageRejectedException(
          ImageRejectedException.UNREADABLE, file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /**
   * Decodes a file.
   *
   * @param file the image file
   * @return the displayed pixels (EXIF orientation applied, alpha composited onto white)
   * @throws ImageRejectedException when the file cannot be used; the message names the file
   */
  public RgbImage decode(Path file) throws ImageRejectedException {
    return decode(readAll(file), file.toString());
  }

  /**
   * Decodes image bytes.
   *
   * @param bytes the encoded image
   * @param name a name for messages (usually the path)
   * @return the displayed pixels
   * @throws ImageRejectedException when the bytes cannot be used
   */
  public RgbImage decode(byte[] bytes, String name) throws ImageRejectedException {
    if (bytes.length == 0) {
      throw new ImageRejectedException(ImageRejectedException.EMPTY, name + ": file is empty");
    }
    ImageReader reader = readerFor(bytes, name);
    List<String> warnings = new ArrayList<>();
    try {
      ImageHeader h = header(reader, name);
      if ("png".equals(h.format())) {
        try {
          RgbImage fast = PngFastPath.decode(bytes);
          if (fast != null) {
            return fast;
          }
        } catch (PngFastPath.TruncatedException e) {
          throw new ImageRejectedException(ImageRejectedException.TRUNCATED, name + ": " + e.getMessage());
        } catch (java.util.zip.DataFormatException e) {
          throw new ImageRejectedException(
              ImageRejectedException.CORRUPT, name + ": corrupt PNG data (" + e.getMessage() + ")");
        }
      }
      reader.addIIOReadWarningListener(
          new IIOReadWarningListener() {
            @Override
            public void warningOccurred(ImageReader source, String warning) {
              warnings.add(warning);
            }
          });
      BufferedImage img;
      try {
        img = reader.read(0, readParam(reader, h));
      } catch (IOException | RuntimeException e) {
        String msg = String.valueOf(e.getMessage());
        String reason =
            msg.toLowerCase(Locale.ROOT).contains("eof")
                    || msg.toLowerCase(Locale.ROOT).contains("end of")
                    || msg.toLowerCase(Locale.ROOT).contains("unexpected end")
                ? ImageRejectedException.TRUNCATED
                : ImageRejectedException.CORRUPT;
        throw new ImageRejectedException(
            reason, name + ": cannot decode " + h.format() + " data (" + msg + ")");
      }
      if (!warnings.isEmpty()) {
        String w = String.join("; ", warnings);
        String reason =
            w.toLowerCase(Locale.ROOT).contains("premature end")
                ? ImageRejectedException.TRUNCATED
                : ImageRejectedException.CORRUPT;
        throw new ImageRejectedException(reason, name + ": decoder reported: " + w);
      }
      if ("jpeg".equals(h.format()) && !hasEndOfImageAfterScan(bytes)) {
        throw new ImageRejectedException(
            ImageRejectedException.TRUNCATED,
            name + ": JPEG data ends before its end-of-image marker (file truncated?)");
      }
      RgbImage rgb = toRgb(img);
      if ("jpeg".equals(h.format())) {
        rgb = ExifOrientation.apply(rgb, ExifOrientation.read(bytes));
      }
      return rgb;
    } finally {
      reader.dispose();
    }
  }

  /** sRGB colour model of 8-bit interleaved bytes, no alpha: TYPE_3BYTE_BGR's, bands reordered. */
  private static final ComponentColorModel RGB_BYTES =
      new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
          Transparency.OPAQUE, DataBuffer.TYPE_BYTE);

  /**
   * For a JPEG that ImageIO would decode into {@code TYPE_3BYTE_BGR}, a destination with the
   * same colour model but bands in R, G, B order: the decoder delivers R, G, B rows, and with
   * the same band order each row is stored with one array copy instead of AWT's per-pixel
   * reordering (measured: about 5% of generation CPU). Other images get ImageIO's default.
   */
  private static ImageReadParam readParam(ImageReader reader, ImageHeader h) throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    if (!"jpeg".equals(h.format())) {
      return param;
    }
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    if (types.hasNext() && types.next().getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR) {
      int w = h.width();
      byte[] data = new byte[Math.multiplyExact(w * 3, h.height())];
      WritableRaster raster = Raster.createInterleavedRaster(
          new DataBufferByte(data, data.length), w, h.height(), w * 3, 3, new int[] {0, 1, 2}, null);
      param.setDestination(new BufferedImage(RGB_BYTES, raster, false, null));
    }
    return param;
  }

  /**
   * True when an end-of-image marker follows the first start-of-scan. Entropy-coded data cannot
   * contain FF D9 (FF is stuffed as FF 00), and an EXIF thumbnail's own EOI precedes the scan, so
   * this catches truncation while tolerating trailers that cameras append after the EOI.
   */
  static boolean hasEndOfImageAfterScan(byte[] b) {
    int sos = -1;
    int pos = 2;
    while (pos + 4 <= b.length) {
      if ((b[pos] & 255) != 0xFF) {
        return false;
      }
      int marker = b[pos + 1] & 255;
      if (marker == 0xFF) {
        pos++;
        continue;
      }
      if (marker == 0xDA) {
        sos = pos;
        break;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        pos += 2;
        continue;
      }
      pos += 2 + (((b[pos + 2] & 255) << 8) | (b[pos + 3] & 255));
    }
    if (sos < 0) {
      return false;
    }
    for (int i = sos + 2; i + 1 < b.length; i++) {
      if ((b[i] & 255) == 0xFF && (b[i + 1] & 255) == 0xD9) {
        return true;
      }
    }
    return false;
  }

  private static byte[] readAll(Path file) throws ImageRejectedException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ImageRejectedException(ImageRejectedException.UNREADABLE, file + ": no such file");
    } catch (IOException | OutOfMemoryError e) {
      throw new ImageRejectedException(
          ImageRejectedException.UNREADABLE, file + ": cannot read (" + e.getMessage() + ")");
    }
    if (bytes.length == 0) {
      throw new ImageRejectedException(ImageRejectedException.EMPTY, file + ": file is empty");
    }
    return bytes;
  }

  private static ImageReader readerFor(byte[] bytes, String name) throws ImageRejectedException {
    if (bytes.length == 0) {
      throw new ImageRejectedException(ImageRejectedException.EMPTY, name + ": file is empty");
    }
    return readerFor(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)), name);
  }

  private static ImageReader readerFor(ImageInputStream in, String name)
      throws ImageRejectedException {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw new ImageRejectedException(
          ImageRejectedException.UNSUPPORTED,
          name + ": not a JPEG, PNG, BMP or WebP image (unrecognised content)");
    }
    ImageReader reader = readers.next();
    reader.setInput(in, true, true);
    return reader;
  }

  private ImageHeader header(ImageReader reader, String name) throws ImageRejectedException {
    String format;
    int w;
    int h;
    try {
      format = reader.getFormatName().toLowerCase(Locale.ROOT);
      w = reader.getWidth(0);
      h = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw new ImageRejectedException(
          ImageRejectedException.CORRUPT, name + ": unreadable header (" + e.getMessage() + ")");
    }
    if (format.equals("jpg")) {
      format = "jpeg";
    }
    if ((long) w * h > limits.maxPixels()) {
      throw new ImageRejectedException(
          ImageRejectedException.TOO_LARGE,
          name + ": " + w + "x" + h + " has " + ((long) w * h) + " pixels, above the limit of "
              + limits.maxPixels());
    }
    if (Math.min(w, h) < limits.minSide()) {
      throw new ImageRejectedException(
          ImageRejectedException.TOO_SMALL,
          name + ": " + w + "x" + h + " is below the minimum side of " + limits.minSide()
              + " pixels");
    }
    return new ImageHeader(format, w, h);
  }

  /**
   * Converts any decoded AWT image to opaque RGB, compositing alpha onto white and reading grey
   * samples directly (AWT's grey conversion would apply a gamma curve).
   *
   * @param img the decoded image
   * @return the RGB pixels
   */
  public static RgbImage toRgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] out = new int[Math.multiplyExact(w, h)];
    Raster raster = img.getRaster();
    ColorModel cm = img.getColorModel();
    if (isRgbBytes(img)) {
      byte[] d = ((DataBufferByte) raster.getDataBuffer()).getData();
      for (int i = 0, p = 0; i < out.length; i++, p += 3) {
        out[i] = (d[p] & 255) << 16 | (d[p + 1] & 255) << 8 | (d[p + 2] & 255);
      }
    } else if (isPlainBytes(img, 3)) {
      byte[] d = ((DataBufferByte) raster.getDataBuffer()).getData();
      for (int i = 0, p = 0; i < out.length; i++, p += 3) {
        out[i] = (d[p + 2] & 255) << 16 | (d[p + 1] & 255) << 8 | (d[p] & 255);
      }
    } else if (isPlainBytes(img, 4)) {
      byte[] d = ((DataBufferByte) raster.getDataBuffer()).getData();
      for (int i = 0, p = 0; i < out.length; i++, p += 4) {
        int a = d[p] & 255;
        out[i] = onWhite(d[p + 3] & 255, a) << 16 | onWhite(d[p + 2] & 255, a) << 8
            | onWhite(d[p + 1] & 255, a);
      }
    } else if (cm.getColorSpace().getType() == ColorSpace.TYPE_CMYK && raster.getNumBands() == 4) {
      cmykToRgb(raster, out);
    } else if (cm instanceof IndexColorModel icm) {
      int[] idx = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      for (int i = 0; i < out.length; i++) {
        out[i] = composite(icm.getRGB(idx[i]));
      }
    } else if (cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY) {
      int bits = cm.getComponentSize(0);
      int max = (1 << bits) - 1;
      int[] g = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      int[] a = cm.hasAlpha() ? raster.getSamples(0, 0, w, h, 1, (int[]) null) : null;
      int amax = cm.hasAlpha() ? (1 << cm.getComponentSize(1)) - 1 : 1;
      for (int i = 0; i < out.length; i++) {
        int v = (int) ((g[i] * 255L + max / 2) / max);
        if (a != null) {
          int alpha = (int) ((a[i] * 255L + amax / 2) / amax);
          v = onWhite(v, alpha);
        }
        out[i] = v << 16 | v << 8 | v;
      }
    } else {
      int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0; i < out.length; i++) {
        out[i] = cm.hasAlpha() ? composite(argb[i]) : argb[i] & 0xFFFFFF;
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  /**
   * CMYK (and YCCK, which the JPEG reader turns into CMYK following the Adobe APP14 transform
   * flag, undoing the Adobe inversion) to RGB as Pillow's {@code convert("RGB")} does, which is
   * what the Spatial-SSRL scripts read: R = (255 - C)(255 - K) / 255 with Pillow's rounding. The
   * colour space's own conversion (AWT's) goes through linear light and turns grey #808080 into
   * #BCBCBC. Embedded CMYK profiles are ignored, as Pillow ignores them.
   */
  private static void cmykToRgb(Raster raster, int[] out) {
    int w = raster.getWidth();
    int[] row = new int[w * 4];
    for (int y = 0, i = 0; y < raster.getHeight(); y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
      for (int p = 0; p < row.length; p += 4, i++) {
        int notBlack = 255 - row[p + 3];
        out[i] = inkToRgb(row[p], notBlack) << 16 | inkToRgb(row[p + 1], notBlack) << 8
            | inkToRgb(row[p + 2], notBlack);
      }
    }
  }

  /** Pillow's {@code CLIP8(nk - MULDIV255(ink, nk))}. */
  private static int inkToRgb(int ink, int notBlack) {
    int t = ink * notBlack + 128;
    return Math.max(0, Math.min(255, notBlack - (((t >> 8) + t) >> 8)));
  }

  /** True for the R, G, B interleaved byte layout of {@link #readParam}, without padding. */
  private static boolean isRgbBytes(BufferedImage img) {
    if (img.getColorModel() != RGB_BYTES
        || !(img.getRaster().getDataBuffer() instanceof DataBufferByte)
        || !(img.getSampleModel() instanceof PixelInterleavedSampleModel sm)) {
      return false;
    }
    int[] offsets = sm.getBandOffsets();
    return sm.getNumBands() == 3 && sm.getPixelStride() == 3
        && sm.getScanlineStride() == 3 * img.getWidth()
        && offsets[0] == 0 && offsets[1] == 1 && offsets[2] == 2
        && img.getRaster().getSampleModelTranslateX() == 0
        && img.getRaster().getSampleModelTranslateY() == 0;
  }

  /** True for interleaved 8-bit BGR (3) or ABGR (4) rasters without padding. */
  private static boolean isPlainBytes(BufferedImage img, int bands) {
    int type = bands == 3 ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_4BYTE_ABGR;
    if (img.getType() != type
        || !(img.getRaster().getDataBuffer() instanceof DataBufferByte)
        || !(img.getSampleModel() instanceof ComponentSampleModel sm)) {
      return false;
    }
    return sm.getPixelStride() == bands
        && sm.getScanlineStride() == bands * img.getWidth()
        && img.getRaster().getSampleModelTranslateX() == 0
        && img.getRaster().getSampleModelTranslateY() == 0;
  }

  private static int composite(int argb) {
    int a = argb >>> 24;
    return onWhite(argb >> 16 & 255, a) << 16 | onWhite(argb >> 8 & 255, a) << 8
        | onWhite(argb & 255, a);
  }

  private static int onWhite(int c, int a) {
    return (c * a + 255 * (255 - a) + 127) / 255;
  }
}
