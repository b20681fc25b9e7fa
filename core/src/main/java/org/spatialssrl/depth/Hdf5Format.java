package org.spatialssrl.depth;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
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
      float[] fast = deflatedFloats(ds, dims[0], dims[1]);
      if (fast != null) {
        return new Grid(dims[1], dims[0], fast);
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

  /**
   * The fast path for the common MegaDepth layout (chunked float32, deflate only): inflates each
   * chunk with one reused {@link Inflater} straight into the output, about twice as fast as the
   * general path. Returns null for any other layout, which then takes the general path.
   */
  private static float[] deflatedFloats(Dataset ds, int h, int w) {
    if (!(ds instanceof ChunkedDataset cds) || !(ds.getDataType() instanceof FloatingPoint fp)
        || fp.getSize() != 4) {
      return null;
    }
    List<PipelineFilterWithData> filters = cds.getFilters();
    if (filters.size() != 1 || filters.get(0).getId() != 1) {
      return null;
    }
    int[] cd = cds.getChunkDimensions();
    if (cd.length < 2 || (cd.length == 3 && cd[2] != 1) || cd.length > 3) {
      return null;
    }
    int ch = cd[0];
    int cw = cd[1];
    float[] out = new float[h * w];
    byte[] chunk = new byte[ch * cw * 4];
    Inflater inflater = new Inflater();
    try {
      for (int y0 = 0; y0 < h; y0 += ch) {
        for (int x0 = 0; x0 < w; x0 += cw) {
          ByteBuffer raw = cds.getRawChunkBuffer(cd.length == 3 ? new int[] {y0, x0, 0} : new int[] {y0, x0});
          inflater.reset();
          inflater.setInput(raw);
          int n = 0;
          while (n < chunk.length && !inflater.finished()) {
            int got = inflater.inflate(chunk, n, chunk.length - n);
            if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
              return null;
            }
            n += got;
          }
          if (n != chunk.length) {
            return null;
          }
          copyChunk(ByteBuffer.wrap(chunk).order(fp.getByteOrder()).asFloatBuffer(), cw,
              Math.min(ch, h - y0), Math.min(cw, w - x0), out, (y0 * w) + x0, w);
        }
      }
      return out;
    } catch (DataFormatException | RuntimeException e) {
      return null; // the general path reports the problem with its own message
    } finally {
      inflater.end();
    }
  }

  /**
   * Copies a chunk's rows into the grid. A method of its own so the JIT compiles this loop alone
   * rather than all of {@link #deflatedFloats} on its back-edge counter.
   */
  private static void copyChunk(
      FloatBuffer chunk, int chunkWidth, int rows, int cols, float[] out, int offset, int width) {
    for (int r = 0; r < rows; r++) {
      chunk.position(r * chunkWidth);
      chunk.get(out, offset + r * width, cols);
    }
  }
}
