package org.spatialssrl.cli;

import org.spatialssrl.depth.DepthReader;
import picocli.CommandLine.Option;

/** How depth files are read; shared by {@code generate} and {@code verify}, which must agree. */
public final class DepthOptions {
  @Option(names = "--hdf5-dataset", paramLabel = "NAME", defaultValue = "depth",
      description = "Dataset read from HDF5 depth files (default: ${DEFAULT-VALUE}, as MegaDepth).")
  String hdf5Dataset;

  @Option(names = "--depth-scale", paramLabel = "S",
      description = "Depth units per stored unit for depth files without a manifest scale, e.g."
          + " 0.001 for depth stored in millimetres (default: 0.001 for 16-bit PNG, 1 otherwise).")
  Double depthScale;

  /**
   * The reader these options describe.
   *
   * @return the reader
   * @throws IllegalArgumentException naming the option when a value is out of range
   */
  public DepthReader reader() {
    try {
      return new DepthReader(depthScale, hdf5Dataset);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(depthScale != null && !(depthScale > 0)
          ? "--depth-scale must be positive, got " + depthScale
          : "--hdf5-dataset must not be empty", e);
    }
  }
}
