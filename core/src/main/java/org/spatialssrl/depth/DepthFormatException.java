package org.spatialssrl.depth;

import java.io.IOException;

/**
 * A depth or mask file that cannot be used, with a machine-readable reason code (for rejection
 * statistics) and a message that names the file and says what to do.
 */
public final class DepthFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file is missing or cannot be read. */
  public static final String UNREADABLE = "depth-unreadable";
  /** The bytes are not a valid file of the expected format. */
  public static final String CORRUPT = "depth-corrupt";
  /** The format is valid but a variant this reader does not handle (dtype, rank, ...). */
  public static final String UNSUPPORTED = "depth-unsupported";
  /** Depth and image (or depth and mask) sizes cannot be aligned. */
  public static final String SIZE_MISMATCH = "depth-size-mismatch";

  private final String reason;

  /**
   * Creates the exception.
   *
   * @param reason one of the reason codes of this class
   * @param message what is wrong, naming the file
   */
  public DepthFormatException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param reason one of the reason codes of this class
   * @param message what is wrong, naming the file
   * @param cause the underlying failure
   */
  public DepthFormatException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The reason code, such as {@link #CORRUPT}. */
  public String reason() {
    return reason;
  }
}
