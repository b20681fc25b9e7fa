package org.spatialssrl.model.vision;

/**
 * Pillow's bicubic resampling of 8-bit images ({@code Image.resize(size, BICUBIC)}), reproduced
 * bit for bit: the cubic kernel with {@code a = -0.5}, support widened by the scale when
 * downscaling, coefficients normalised per output pixel and rounded to 22-bit fixed point, a
 * horizontal pass over the rows the vertical pass needs, then a vertical pass, each rounding and
 * clipping to 0..255.
 */
public final class PillowBicubic {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double SUPPORT = 2.0;

  private PillowBicubic() {}

  /** Coefficients of one pass: for each output index, the first input index, count, weights. */
  private record Coeffs(int ksize, int[] bounds, int[] kk) {}

  private static double filter(double x) {
    double a = -0.5;
    if (x < 0.0) {
      x = -x;
    }
    if (x < 1.0) {
      return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0.0;
  }

  private static Coeffs coeffs(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterscale = Math.max(scale, 1.0);
    double support = SUPPORT * filterscale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] kk = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ss = 1.0 / filterscale;
      int xmin = (int) (center - support + 0.5);
      if (xmin < 0) {
        xmin = 0;
      }
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) {
        xmax = inSize;
      }
      xmax -= xmin;
      double ww = 0.0;
      for (int x = 0; x < xmax; x++) {
        double w = filter((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < ksize; x++) {
        double v = x < xmax ? (ww != 0.0 ? k[x] / ww : k[x]) : 0.0;
        kk[xx * ksize + x] = v < 0
            ? (int) (-0.5 + v * (1 << PRECISION_BITS))
            : (int) (0.5 + v * (1 << PRECISION_BITS));
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return new Coeffs(ksize, bounds, kk);
  }

  private static int clip8(int in) {
    if (in >= (1 << PRECISION_BITS << 8)) {
      return 255;
    }
    if (in <= 0) {
      return 0;
    }
    return in >> PRECISION_BITS;
  }

  /**
   * Resizes an image.
   *
   * @param in the image
   * @param width the new width
   * @param height the new height
   * @return the resized image (the same pixels when the size does not change)
   */
  public static RgbImage resize(RgbImage in, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
    }
    boolean needH = width != in.width();
    boolean needV = height != in.height();
    Coeffs horiz = coeffs(in.width(), width);
    Coeffs vert = coeffs(in.height(), height);
    byte[] src = in.rgb();
    int srcW = in.width();
    int rows = in.height();
    int[] vb = vert.bounds().clone();
    if (needH) {
      int first = vb[0];
      int last = vb[height * 2 - 2] + vb[height * 2 - 1];
      for (int i = 0; i < height; i++) {
        vb[i * 2] -= first;
      }
      rows = last - first;
      byte[] tmp = new byte[rows * width * 3];
      int ks = horiz.ksize();
      for (int yy = 0; yy < rows; yy++) {
        int rowBase = (yy + first) * srcW * 3;
        for (int xx = 0; xx < width; xx++) {
          int xmin = horiz.bounds()[xx * 2];
          int xmax = horiz.bounds()[xx * 2 + 1];
          int s0 = 1 << (PRECISION_BITS - 1);
          int s1 = s0;
          int s2 = s0;
          for (int x = 0; x < xmax; x++) {
            int k = horiz.kk()[xx * ks + x];
            int p = rowBase + (x + xmin) * 3;
            s0 += (src[p] & 0xFF) * k;
            s1 += (src[p + 1] & 0xFF) * k;
            s2 += (src[p + 2] & 0xFF) * k;
          }
          int o = (yy * width + xx) * 3;
          tmp[o] = (byte) clip8(s0);
          tmp[o + 1] = (byte) clip8(s1);
          tmp[o + 2] = (byte) clip8(s2);
        }
      }
      src = tmp;
      srcW = width;
    }
    if (!needV) {
      return new RgbImage(width, height, needH ? src : src.clone());
    }
    byte[] out = new byte[height * srcW * 3];
    int ks = vert.ksize();
    for (int yy = 0; yy < height; yy++) {
      int ymin = vb[yy * 2];
      int ymax = vb[yy * 2 + 1];
      for (int xx = 0; xx < srcW; xx++) {
        int s0 = 1 << (PRECISION_BITS - 1);
        int s1 = s0;
        int s2 = s0;
        for (int y = 0; y < ymax; y++) {
          int k = vert.kk()[yy * ks + y];
          int p = ((y + ymin) * srcW + xx) * 3;
          s0 += (src[p] & 0xFF) * k;
          s1 += (src[p + 1] & 0xFF) * k;
          s2 += (src[p + 2] & 0xFF) * k;
        }
        int o = (yy * srcW + xx) * 3;
        out[o] = (byte) clip8(s0);
        out[o + 1] = (byte) clip8(s1);
        out[o + 2] = (byte) clip8(s2);
      }
    }
    return new RgbImage(width, height, out);
  }
}
