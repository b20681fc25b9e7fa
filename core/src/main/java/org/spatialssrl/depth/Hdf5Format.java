package org.spatialssrl.depth;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a depth dataset from an HDF5 file (MegaDepth stores its depth as dataset {@code depth}),
 * of shape (H, W) or (H, W, 1), any numeric type.
 */
public final class Hdf5Format {
  /** The dataset MegaDepth uses. */
  public static final String DEFAULT_DATASET = "depth";

  private Hdf5Format() {}

  /**
   * Reads a dataset.
   *
   * @param file the {@code .h5} file
   * @param dataset the dataset path inside the file, such as {@code depth}
   * @return the values, row-major
   * @throws DepthFormatException naming the file and dataset when missing, malformed or of an
   *     unsupported shape
   */
  public static Grid read(Path file, String dataset) throws DepthFormatException {
    if (!Files.isRegularFile(file)) {
      throw new DepthFormatException(DepthFormatException.UNREADABLE, file + ": no such file");
    }
    try (HdfFile hdf = new HdfFile(file)) {
      Node node = hdf.getByPath(dataset);
      if (!(node instanceof Dataset ds)) {
        throw new DepthFormatException(
            DepthFormatException.UNSUPPORTED, file + ": '" + dataset + "' is not a dataset");
      }
      int[] dims = ds.getDimensions();
      if (!(dims.length == 2 || (dims.length == 3 && dims[2] == 1)) || dims[0] < 1 || dims[1] < 1) {
        throw new DepthFormatException(
            DepthFormatException.UNSUPPORTED,
            file + ": dataset '" + dataset + "' has shape " + java.util.Arrays.toString(dims)
                + ", expected (H, W) or (H, W, 1)");
      }
      Object flat = ds.getDataFlat();
      int n = Array.getLength(flat);
      float[] out = new float[n];
      if (flat instanceof float[] f) {
        System.arraycopy(f, 0, out, 0, n);
      } else {
        for (int i = 0; i < n; i++) {
          Object v = Array.get(flat, i);
          if (!(v instanceof Number num)) {
            throw new DepthFormatException(
                DepthFormatException.UNSUPPORTED,
                file + ": dataset '" + dataset + "' is not numeric (" + ds.getJavaType() + ")");
          }
          out[i] = num.floatValue();
        }
      }
      return new Grid(dims[1], dims[0], out);
    } catch (HdfException e) {
      String why = e.getMessage();
      boolean missing = why != null && why.contains("No node");
      throw new DepthFormatException(
          missing ? DepthFormatException.UNSUPPORTED : DepthFormatException.CORRUPT,
          file + (missing ? ": has no dataset '" + dataset + "' (set the dataset name)"
              : ": not a readable HDF5 file (" + why + ")"), e);
    }
  }
}
