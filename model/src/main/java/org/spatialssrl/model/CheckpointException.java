package org.spatialssrl.model;

/**
 * A checkpoint directory that cannot be used: a missing file, a missing tensor, a tensor with the
 * wrong shape or an unsupported data type. The message names the file or tensor.
 */
public class CheckpointException extends ModelException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the checkpoint, naming the file or tensor
   */
  public CheckpointException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong with the checkpoint, naming the file or tensor
   * @param cause the underlying failure
   */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
