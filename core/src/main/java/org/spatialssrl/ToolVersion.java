package org.spatialssrl;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this toolkit, as recorded by the build. */
public final class ToolVersion {
  private static final String VERSION = load();

  private ToolVersion() {}

  /** Returns the tool version, for example {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = ToolVersion.class.getResourceAsStream("/org/spatialssrl/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
