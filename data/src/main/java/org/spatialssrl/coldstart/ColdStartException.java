package org.spatialssrl.coldstart;

/**
 * A dataset that cannot be turned into cold-start data (missing folder, file, field, image, or
 * metadata that does not give the stored answer), or an output folder that must not be replaced.
 * The message names the file and the reason; nothing has been written when it is thrown.
 */
public final class ColdStartException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming the file
   */
  public ColdStartException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, naming the file
   * @param cause the underlying failure
   */
  public ColdStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
