package org.spatialssrl.depth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and writes Portable Float Maps ({@code .pfm}): greyscale {@code Pf} or colour {@code PF}
 * (the first channel is used), either byte order (a negative scale means little endian), rows
 * stored bottom to top.
 */
public final class PfmFormat {
  private PfmFormat() {}

  /**
   * Reads a PFM file.
   *
   * @param file the file
   * @return the values, row-major from the top row
   * @throws DepthFormatException naming the file when it is missing or malformed
   */
  public static Grid read(Path file) throws DepthFormatException {
    byte[] bytes = NpyFormat.readAll(file);
    int[] pos = {0};
    String magic = token(bytes, pos, file);
    int channels =
        switch (magic) {
          case "Pf" -> 1;
          case "PF" -> 3;
          default -> throw new DepthFormatException(
              DepthFormatException.CORRUPT, file + ": not a PFM file (magic '" + magic + "')");
        };
    int w;
    int h;
    double scale;
    try {
      w = Integer.parseInt(token(bytes, pos, file));
      h = Integer.parseInt(token(bytes, pos, file));
      scale = Double.parseDouble(token(bytes, pos, file));
    } catch (NumberFormatException e) {
      throw new DepthFormatException(DepthFormatException.CORRUPT, file + ": bad PFM header", e);
    }
    pos[0]++; // the single whitespace byte after the scale
    if (w < 1 || h < 1 || scale == 0) {
      throw new DepthFormatException(
          DepthFormatException.CORRUPT, file + ": bad PFM header (" + w + "x" + h + ", scale " + scale + ")");
    }
    long need = (long) w * h * channels * 4;
    if (pos[0] + need > bytes.length) {
      throw new DepthFormatException(
          DepthFormatException.CORRUPT, file + ": PFM data is truncated (" + (bytes.length - pos[0])
              + " of " + need + " bytes)");
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, pos[0], (int) need).slice()
        .order(scale < 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    float[] out = new float[w * h];
    for (int row = 0; row < h; row++) {
      int dst = (h - 1 - row) * w;
      for (int x = 0; x < w; x++) {
        out[dst + x] = data.getFloat(((row * w + x) * channels) * 4);
      }
    }
    return new Grid(w, h, out);
  }

  /**
   * Writes a greyscale little-endian PFM file.
   *
   * @param file the target
   * @param grid the values, row-major from the top row
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, Grid grid) throws IOException {
    int w = grid.width();
    int h = grid.height();
    byte[] head = String.format(Locale.ROOT, "Pf\n%d %d\n-1.0\n", w, h)
        .getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(head.length + w * h * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(head);
    float[] v = grid.values();
    for (int row = h - 1; row >= 0; row--) {
      for (int x = 0; x < w; x++) {
        buf.putFloat(v[row * w + x]);
      }
    }
    Files.write(file, buf.array());
  }

  private static String token(byte[] b, int[] pos, Path file) throws DepthFormatException {
    int i = pos[0];
    while (i < b.length && Character.isWhitespace(b[i])) {
      i++;
    }
    int start = i;
    while (i < b.length && !Character.isWhitespace(b[i]) && i - start < 32) {
      i++;
    }
    if (start == i) {
      throw new DepthFormatException(DepthFormatException.CORRUPT, file + ": PFM header is cut off");
    }
    pos[0] = i;
    return new String(b, start, i - start, StandardCharsets.US_ASCII);
  }
}
