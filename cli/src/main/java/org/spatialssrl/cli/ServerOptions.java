package org.spatialssrl.cli;

import picocli.CommandLine.Option;

/**
 * The options every server command shares, with one name each: address, port, body size limit
 * and queue limit. A command creates the mixin with its own defaults.
 */
public final class ServerOptions {
  /** The body size limit's flag, named in 413 answers. */
  public static final String MAX_BODY_BYTES = "--max-body-bytes";
  /** The queue limit's flag, named in 429 answers. */
  public static final String MAX_QUEUE = "--max-queue";

  @Option(names = "--host", paramLabel = "HOST",
      description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 accepts other machines).")
  String host = "127.0.0.1";

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = MAX_BODY_BYTES, paramLabel = "BYTES",
      description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = MAX_QUEUE, paramLabel = "N",
      description = "Requests that may wait for a worker; more get 429 (default: ${DEFAULT-VALUE}).")
  int maxQueue;

  /**
   * The mixin with a command's defaults.
   *
   * @param port the default port
   * @param maxBodyBytes the default body limit
   * @param maxQueue the default queue limit
   */
  public ServerOptions(int port, long maxBodyBytes, int maxQueue) {
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
    this.maxQueue = maxQueue;
  }

  /** Earlier name of {@code --max-body-bytes} in {@code ssrl serve}, kept working. */
  @Option(names = "--max-body", hidden = true, paramLabel = "BYTES")
  void setMaxBody(long bytes) {
    this.maxBodyBytes = bytes;
  }

  /** Earlier name of {@code --max-queue} in {@code ssrl serve}, kept working. */
  @Option(names = "--queue", hidden = true, paramLabel = "N")
  void setQueue(int n) {
    this.maxQueue = n;
  }

  /** The address to bind. */
  public String host() {
    return host;
  }

  /** The port, 0 for any free one. */
  public int port() {
    return port;
  }

  /** The largest request body accepted. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The requests that may wait for a worker. */
  public int maxQueue() {
    return maxQueue;
  }
}
