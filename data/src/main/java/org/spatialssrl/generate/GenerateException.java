package org.spatialssrl.generate;

/** A generation run cannot start or continue; the message says what to do. */
public final class GenerateException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and what to do
   */
  public GenerateException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong and what to do
   * @param cause the cause
   */
  public GenerateException(String message, Throwable cause) {
    super(message, cause);
  }
}
