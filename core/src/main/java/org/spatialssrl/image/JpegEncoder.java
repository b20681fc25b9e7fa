package org.spatialssrl.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes {@link RgbImage}s as baseline JPEG at a fixed quality; deterministic. */
public final class JpegEncoder {
  private final int quality;
  private final ImageWriterSpi writerSpi;

  /**
   * Creates an encoder.
   *
   * @param quality 1..100, as in libjpeg and OpenCV (95 is the published scripts' default)
   */
  public JpegEncoder(int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
    }
    this.quality = quality;
    // Looked up once: the registry lookup is synchronised and would serialise worker threads.
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("no JPEG writer in this Java runtime");
    }
    ImageWriter probe = writers.next();
    this.writerSpi = probe.getOriginatingProvider();
    probe.dispose();
  }

  /** The quality setting. */
  public int quality() {
    return quality;
  }

  /**
   * Encodes an image.
   *
   * @param img the pixels
   * @return the JPEG file's bytes
   */
  public byte[] encode(RgbImage img) {
    ImageWriter writer;
    try {
      writer = writerSpi.createWriterInstance();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a JPEG writer", e);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(img.width() * img.height() / 4 + 1024);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      writer.write(null, new IIOImage(toInterleavedRgb(img), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** sRGB colour model of 8-bit interleaved RGB bytes, no alpha (immutable, shareable). */
  private static final ComponentColorModel RGB_BYTES =
      new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
          Transparency.OPAQUE, DataBuffer.TYPE_BYTE);

  /**
   * The pixels as interleaved bytes in R, G, B order. The writer copies each row into its own
   * R, G, B line buffer for libjpeg; with bands stored in that same order the copy is one
   * {@code System.arraycopy} per row, whereas {@code TYPE_3BYTE_BGR} (bands B, G, R) makes AWT
   * reorder every pixel through a per-pixel loop (measured: about 8% of generation CPU). The
   * colour model is the same sRGB one as {@code TYPE_3BYTE_BGR}'s, so the file is byte-identical.
   */
  private static BufferedImage toInterleavedRgb(RgbImage img) {
    int w = img.width();
    int h = img.height();
    byte[] d = new byte[Math.multiplyExact(w * 3, h)];
    int[] p = img.raw();
    for (int i = 0, j = 0; i < p.length; i++, j += 3) {
      int v = p[i];
      d[j] = (byte) (v >> 16);
      d[j + 1] = (byte) (v >> 8);
      d[j + 2] = (byte) v;
    }
    WritableRaster raster = Raster.createInterleavedRaster(
        new DataBufferByte(d, d.length), w, h, w * 3, 3, new int[] {0, 1, 2}, null);
    return new BufferedImage(RGB_BYTES, raster, false, null);
  }
}
