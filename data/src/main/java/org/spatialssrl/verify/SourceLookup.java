package org.spatialssrl.verify;

import java.nio.file.Path;
import org.spatialssrl.depth.DepthReader;
import org.spatialssrl.image.ImageRejectedException;
import org.spatialssrl.image.RgbImage;

/** The source folder a dataset was made from, as seen by {@link SampleChecker}s. */
public interface SourceLookup {
  /** The source folder (the {@code --input} of the generating run). */
  Path root();

  /**
   * The decoded RGB pixels of a source, exactly as the generator saw them.
   *
   * @param sourceId the row's {@code source} value
   * @return the pixels
   * @throws ImageRejectedException when the file is missing or unusable
   */
  RgbImage rgb(String sourceId) throws ImageRejectedException;

  /**
   * How the source folder's depth files are read: the {@code --hdf5-dataset} and
   * {@code --depth-scale} of the generating run (a depth manifest's own scale still wins).
   */
  default DepthReader depthReader() {
    return DepthReader.DEFAULT;
  }
}
