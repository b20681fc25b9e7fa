package org.spatialssrl.model.vision;

import org.spatialssrl.model.ModelException;

/**
 * An image that cannot be used: unreadable or undecodable data, a reference outside the allowed
 * directory, a disallowed kind of reference, or a shape the resize rule rejects.
 */
public class ImageInputException extends ModelException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the image and how to fix it
   */
  public ImageInputException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong with the image and how to fix it
   * @param cause the underlying failure
   */
  public ImageInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
