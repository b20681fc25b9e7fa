package org.spatialssrl.depth;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads and writes depth stored as a 16-bit greyscale PNG of integer steps: depth = value x
 * scale, 0 = no depth. Common scales: {@value #MILLIMETRES} (millimetres, NYUv2 and ScanNet) and
 * {@value #KITTI} (1/256 m, KITTI).
 */
public final class Png16Format {
  /** Metres per step for millimetre PNGs (NYUv2, ScanNet). */
  public static final double MILLIMETRES = 0.001;
  /** Metres per step for KITTI depth PNGs. */
  public static final double KITTI = 1.0 / 256;

  private Png16Format() {}

  /**
   * Reads a 16-bit greyscale PNG.
   *
   * @param file the file
   * @param scale depth units per step
   * @return the depths (0 where the PNG holds 0)
   * @throws DepthFormatException naming the file when it is missing, not a PNG, or not one-channel
   */
  public static Grid read(Path file, double scale) throws DepthFormatException {
    return read(file, scale, false);
  }

  /**
   * Reads a one-channel PNG of 16 bits, or also of 8 bits (for masks).
   *
   * @param file the file
   * @param scale units per step
   * @param allow8Bit accept 8-bit greyscale too
   * @return the values (0 where the PNG holds 0)
   * @throws DepthFormatException naming the file when it is missing, not a PNG, or not one-channel
   */
  public static Grid read(Path file, double scale, boolean allow8Bit) throws DepthFormatException {
    byte[] bytes = NpyFormat.readAll(file);
    BufferedImage img;
    try {
      img = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new DepthFormatException(DepthFormatException.CORRUPT, file + ": not a readable PNG", e);
    }
    if (img == null) {
      throw new DepthFormatException(DepthFormatException.CORRUPT, file + ": not a PNG image");
    }
    Raster r = img.getRaster();
    int bits = r.getSampleModel().getSampleSize(0);
    if (r.getNumBands() != 1 || !(bits == 16 || (allow8Bit && bits == 8))) {
      throw new DepthFormatException(
          DepthFormatException.UNSUPPORTED,
          file + ": a depth PNG must be 16-bit greyscale, this one has " + r.getNumBands()
              + " channel(s) of " + r.getSampleModel().getSampleSize(0) + " bits");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] raw = r.getSamples(0, 0, w, h, 0, (int[]) null);
    float[] out = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = (float) (raw[i] * scale);
    }
    return new Grid(w, h, out);
  }

  /**
   * Writes depths as a 16-bit greyscale PNG (value = round(depth / scale), clamped to 0..65535;
   * invalid depth written as 0).
   *
   * @param file the target
   * @param grid the depths
   * @param scale depth units per step
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, Grid grid, double scale) throws IOException {
    BufferedImage img =
        new BufferedImage(grid.width(), grid.height(), BufferedImage.TYPE_USHORT_GRAY);
    float[] v = grid.values();
    int[] steps = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      double s = v[i] / scale;
      steps[i] = Double.isFinite(s) ? (int) Math.max(0, Math.min(65535, Math.round(s))) : 0;
    }
    img.getRaster().setSamples(0, 0, grid.width(), grid.height(), 0, steps);
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException(file + ": no PNG writer installed");
    }
  }
}
