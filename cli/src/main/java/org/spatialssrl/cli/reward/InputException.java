package org.spatialssrl.cli.reward;

import java.io.IOException;

/** A reward input (responses file or dataset) that cannot be used; the message says where and why. */
public final class InputException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message where the problem is and what to fix
   */
  public InputException(String message) {
    super(message);
  }
}
