package org.spatialssrl.eval.benchmarks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/** Small files in the released formats, written by the tests. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A small PNG whose pixels depend on the seed.
   *
   * @param w width
   * @param h height
   * @param seed varies the colours
   * @return PNG bytes
   */
  public static byte[] png(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((x * 7 + seed * 40) & 0xFF) << 16 | ((y * 5 + seed) & 0xFF) << 8 | ((x + y) & 0xFF));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Base64 of a small PNG.
   *
   * @param seed varies the pixels
   * @return the base64 text
   */
  public static String b64(int seed) {
    return Base64.getEncoder().encodeToString(png(12, 10, seed));
  }

  /**
   * A cell as pandas {@code to_csv(sep='\t')} writes it: quoted when it holds a tab, a quote or
   * a newline, with quotes doubled.
   *
   * @param s the value
   * @return the cell
   */
  public static String cell(String s) {
    if (s.contains("\t") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /**
   * Writes a TSV.
   *
   * @param file the file
   * @param rows header first; each row's cells (quoted here)
   * @return the file
   * @throws IOException on failure
   */
  public static Path tsv(Path file, List<List<String>> rows) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (List<String> r : rows) {
      sb.append(String.join("\t", r.stream().map(Fixtures::cell).toList())).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    return file;
  }
}
