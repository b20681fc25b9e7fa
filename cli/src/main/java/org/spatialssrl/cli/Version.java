package org.spatialssrl.cli;

import org.spatialssrl.ToolVersion;
import picocli.CommandLine.IVersionProvider;

/** Supplies {@code ssrl --version} from the build's version. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"ssrl " + ToolVersion.get()};
  }
}
