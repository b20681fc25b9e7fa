package org.spatialssrl.image;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The font every label is drawn with: DejaVu Sans Bold, shipped inside this jar (see
 * {@code fonts/LICENSE-DejaVu.txt}), so output never depends on the fonts of the machine.
 */
public final class LabelFont {
  private static final String RESOURCE = "/org/spatialssrl/image/fonts/DejaVuSans-Bold.ttf";
  private static final Font BASE = load();

  private LabelFont() {}

  /**
   * The label font at a pixel size.
   *
   * @param pixels the em size in pixels
   * @return the derived font
   */
  public static Font atSize(float pixels) {
    return BASE.deriveFont(pixels);
  }

  private static Font load() {
    try (InputStream in = LabelFont.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("label font missing from the jar: " + RESOURCE);
      }
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the label font " + RESOURCE, e);
    } catch (FontFormatException e) {
      throw new IllegalStateException("label font " + RESOURCE + " is not a TrueType font", e);
    }
  }
}
