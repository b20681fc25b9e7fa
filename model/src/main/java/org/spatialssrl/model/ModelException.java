package org.spatialssrl.model;

/**
 * A model-runtime failure with an actionable message: a checkpoint that cannot be read, a tensor
 * that is missing or has the wrong shape, an unsupported configuration, an invalid request.
 */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and what to do about it
   */
  public ModelException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure
   */
  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
