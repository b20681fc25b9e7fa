package org.spatialssrl.image;

/**
 * An input image that cannot be used, with a machine-readable reason code (for rejection
 * statistics) and a message a user can act on.
 */
public final class ImageRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Reason codes. */
  public static final String EMPTY = "empty-file";
  /** The bytes are not in a format any installed reader recognises. */
  public static final String UNSUPPORTED = "unsupported-format";
  /** The decoder failed on the data. */
  public static final String CORRUPT = "corrupt";
  /** The data ends before the image does. */
  public static final String TRUNCATED = "truncated";
  /** A side is below the configured minimum. */
  public static final String TOO_SMALL = "too-small";
  /** The pixel count is above the configured limit (decompression bomb guard). */
  public static final String TOO_LARGE = "too-large";
  /** The file could not be read. */
  public static final String UNREADABLE = "unreadable";

  private final String reason;

  /**
   * Creates the exception.
   *
   * @param reason one of the reason codes of this class
   * @param message what is wrong, naming the file
   */
  public ImageRejectedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The reason code, such as {@link #TRUNCATED}. */
  public String reason() {
    return reason;
  }
}
