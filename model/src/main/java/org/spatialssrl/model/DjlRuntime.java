package org.spatialssrl.model;

import java.nio.file.Path;

/**
 * Configures DJL before its first use: offline mode (nothing is downloaded at run time; libtorch
 * comes from the {@code pytorch-native-cpu} jar on the class path) and a cache directory for the
 * extracted native libraries. Explicit settings (system properties or the {@code DJL_CACHE_DIR}
 * environment variable) are left alone.
 */
public final class DjlRuntime {
  private DjlRuntime() {}

  /** Applies the defaults; cheap and idempotent. */
  public static synchronized void configure() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
      System.setProperty(
          "DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".djl.ai").toString());
    }
    if (System.getProperty("ai.djl.default_engine") == null) {
      System.setProperty("ai.djl.default_engine", "PyTorch");
    }
  }
}
