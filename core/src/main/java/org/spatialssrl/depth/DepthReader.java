package org.spatialssrl.depth;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a depth map and its optional mask, choosing the format by file extension: {@code .npy},
 * {@code .h5}/{@code .hdf5}, {@code .png} (16-bit, scaled) and {@code .pfm}.
 *
 * @param scale depth units per stored unit; {@code null} for the format's default ({@link
 *     Png16Format#MILLIMETRES} for PNG, 1 otherwise)
 * @param hdf5Dataset the dataset inside HDF5 files
 */
public record DepthReader(Double scale, String hdf5Dataset) {
  /** Format defaults: PNG in millimetres, HDF5 dataset {@code depth}. */
  public static final DepthReader DEFAULT = new DepthReader(null, Hdf5Format.DEFAULT_DATASET);

  /** Validates the settings. */
  public DepthReader {
    if (scale != null && !(scale > 0 && Double.isFinite(scale))) {
      throw new IllegalArgumentException("depth scale must be positive, got " + scale);
    }
    if (hdf5Dataset == null || hdf5Dataset.isBlank()) {
      throw new IllegalArgumentException("the HDF5 dataset name must not be empty");
    }
  }

  /**
   * This reader with another scale.
   *
   * @param newScale depth units per stored unit, or null for the format default
   * @return the reader
   */
  public DepthReader withScale(Double newScale) {
    return new DepthReader(newScale, hdf5Dataset);
  }

  /** The file extensions this reader understands, lower case. */
  public static boolean isDepthFile(Path file) {
    return switch (extension(file)) {
      case "npy", "h5", "hdf5", "png", "pfm" -> true;
      default -> false;
    };
  }

  /**
   * Reads a depth map.
   *
   * @param depthFile the depth file
   * @param maskFile a mask file (non-zero = valid; any supported format), or null
   * @return the map; invalid where the mask is zero or the depth is not finite and positive
   * @throws DepthFormatException naming the file when it cannot be used
   */
  public DepthMap read(Path depthFile, Path maskFile) throws DepthFormatException {
    Grid depth = grid(depthFile, true);
    boolean[] valid = null;
    if (maskFile != null) {
      Grid mask = grid(maskFile, false);
      if (mask.height() != depth.height() || mask.width() < depth.width()) {
        throw new DepthFormatException(
            DepthFormatException.SIZE_MISMATCH,
            maskFile + ": mask is " + mask.width() + "x" + mask.height() + " but the depth "
                + depthFile.getFileName() + " is " + depth.width() + "x" + depth.height());
      }
      // DIODE ships some masks wider than their depth: the extra right-hand columns are dropped.
      valid = new boolean[depth.values().length];
      for (int y = 0; y < depth.height(); y++) {
        for (int x = 0; x < depth.width(); x++) {
          valid[y * depth.width() + x] = mask.values()[y * mask.width() + x] != 0;
        }
      }
    }
    // The grid's array is this read's own: the map takes it over rather than copying it.
    return DepthMap.adopt(depth.width(), depth.height(), depth.values(), valid);
  }

  private Grid grid(Path file, boolean isDepth) throws DepthFormatException {
    String ext = extension(file);
    Grid g =
        switch (ext) {
          case "npy" -> NpyFormat.read(file);
          case "h5", "hdf5" -> Hdf5Format.read(file, hdf5Dataset);
          case "png" -> isDepth
              ? Png16Format.read(file, scale != null ? scale : Png16Format.MILLIMETRES)
              : Png16Format.read(file, 1.0, true);
          case "pfm" -> PfmFormat.read(file);
          default -> throw new DepthFormatException(
              DepthFormatException.UNSUPPORTED,
              file + ": unknown depth format '." + ext + "' (use .npy, .h5, .png or .pfm)");
        };
    if (isDepth && scale != null && !ext.equals("png") && scale != 1.0) {
      float[] v = g.values();
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] * scale);
      }
    }
    return g;
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
