package org.spatialssrl.cli.reward;

/** A request the reward service refuses: the HTTP status to answer and the reason to give. */
public final class RequestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status, 400 or 413
   * @param message the reason, sent to the client
   */
  public RequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** Creates a 400 Bad Request with the given reason. */
  static RequestException badRequest(String message) {
    return new RequestException(400, message);
  }

  /** Returns the HTTP status to answer with. */
  public int status() {
    return status;
  }
}
