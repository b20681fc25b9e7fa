package org.spatialssrl.task;

import org.spatialssrl.image.RgbImage;

/** The five ways the crop task makes a wrong option from the true crop's neighbourhood. */
public enum DistractorMethod {
  /** The central half of the true crop, upscaled to full size. */
  INTERIOR("interior"),
  /** The true crop's square grown by a quarter of its side on each side (clipped), resized. */
  EXTERIOR_QUARTER("exterior-0.25"),
  /** The true crop's square grown by half its side on each side (clipped), resized. */
  EXTERIOR_HALF("exterior-0.5"),
  /** The true crop rotated 90 degrees clockwise. */
  ROTATE_CLOCKWISE("rotate-cw"),
  /** The true crop rotated 90 degrees counter-clockwise. */
  ROTATE_COUNTER_CLOCKWISE("rotate-ccw");

  private final String id;

  DistractorMethod(String id) {
    this.id = id;
  }

  /** The name recorded in metadata. */
  public String id() {
    return id;
  }

  /**
   * The method of a recorded name.
   *
   * @param id the name
   * @return the method
   */
  public static DistractorMethod byId(String id) {
    for (DistractorMethod m : values()) {
      if (m.id.equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown distractor method: " + id);
  }

  /**
   * Makes the distractor for a crop box.
   *
   * @param img the source image
   * @param x box left
   * @param y box top
   * @param s box side
   * @return an s x s image
   */
  public RgbImage apply(RgbImage img, int x, int y, int s) {
    return switch (this) {
      case INTERIOR -> img.crop(x + s / 4, y + s / 4, 3 * s / 4 - s / 4, 3 * s / 4 - s / 4)
          .resize(s, s);
      case EXTERIOR_QUARTER -> exterior(img, x, y, s, s / 4);
      case EXTERIOR_HALF -> exterior(img, x, y, s, s / 2);
      case ROTATE_CLOCKWISE -> img.crop(x, y, s, s).rotateClockwise();
      case ROTATE_COUNTER_CLOCKWISE -> img.crop(x, y, s, s).rotateCounterClockwise();
    };
  }

  private static RgbImage exterior(RgbImage img, int x, int y, int s, int margin) {
    int x0 = Math.max(0, x - margin);
    int y0 = Math.max(0, y - margin);
    int x1 = Math.min(img.width(), x + s + margin);
    int y1 = Math.min(img.height(), y + s + margin);
    return img.crop(x0, y0, x1 - x0, y1 - y0).resize(s, s);
  }
}
