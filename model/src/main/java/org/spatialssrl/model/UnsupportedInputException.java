package org.spatialssrl.model;

/** A request this runtime cannot serve, such as image inputs before vision support exists. */
public class UnsupportedInputException extends ModelException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is unsupported
   */
  public UnsupportedInputException(String message) {
    super(message);
  }
}
