package org.spatialssrl.task;

/**
 * Where the imagined camera of the relative position task faces, with its question phrase
 * (SPEC 3.5) and the ground-truth table.
 */
public enum Facing {
  /** Toward the left edge of the image. */
  LEFT("left", "to the left of the image",
      new String[] {"Back", "Front"}, new String[] {"Right", "Left"},
      new String[] {"Right-Back", "Left-Back", "Right-Front", "Left-Front"}),
  /** Toward the right edge of the image. */
  RIGHT("right", "to the right of the image",
      new String[] {"Front", "Back"}, new String[] {"Left", "Right"},
      new String[] {"Left-Front", "Right-Front", "Left-Back", "Right-Back"}),
  /** Toward the viewer. */
  TOWARD("toward", "to me",
      new String[] {"Left", "Right"}, new String[] {"Back", "Front"},
      new String[] {"Left-Back", "Left-Front", "Right-Back", "Right-Front"}),
  /** Away from the viewer (the released phrase is ungrammatical on purpose: data). */
  AWAY("away", "to away from me",
      new String[] {"Right", "Left"}, new String[] {"Front", "Back"},
      new String[] {"Right-Front", "Right-Back", "Left-Front", "Left-Back"});

  private final String id;
  private final String phrase;
  private final String[] near;
  private final String[] farSameX;
  private final String[] farDiffX;

  Facing(String id, String phrase, String[] near, String[] farSameX, String[] farDiffX) {
    this.id = id;
    this.phrase = phrase;
    this.near = near;
    this.farSameX = farSameX;
    this.farDiffX = farDiffX;
  }

  /** The short name stored in metadata ({@code left}, {@code right}, {@code toward}, {@code away}). */
  public String id() {
    return id;
  }

  /** The phrase F of the question. */
  public String phrase() {
    return phrase;
  }

  /**
   * The facing of a stored short name.
   *
   * @param id the short name
   * @return the facing
   * @throws IllegalArgumentException for an unknown name
   */
  public static Facing ofId(String id) {
    for (Facing f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown facing '" + id + "'");
  }

  /**
   * The true option for a near pair.
   *
   * @param dx x of the target minus x of the camera, pixels
   * @return the option text
   */
  public String near(double dx) {
    return near[dx >= 0 ? 0 : 1];
  }

  /**
   * The true option for a far pair with about the same x.
   *
   * @param dd depth of the target minus depth of the camera (larger = farther)
   * @return the option text
   */
  public String farSameX(double dd) {
    return farSameX[dd >= 0 ? 0 : 1];
  }

  /**
   * The true option for a far pair with different x.
   *
   * @param dx x of the target minus x of the camera, pixels
   * @param dd depth of the target minus depth of the camera
   * @return the option text
   */
  public String farDiffX(double dx, double dd) {
    return farDiffX[(dx >= 0 ? 0 : 2) + (dd >= 0 ? 0 : 1)];
  }
}
