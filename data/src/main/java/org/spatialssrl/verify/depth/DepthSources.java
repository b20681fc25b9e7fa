package org.spatialssrl.verify.depth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.depth.DepthReader;
import org.spatialssrl.generate.DepthPairing;
import org.spatialssrl.generate.SourceFile;
import org.spatialssrl.verify.SourceLookup;

/**
 * Finds the depth of a dataset's sources exactly as the generator did (same pairing rules, same
 * reader, aligned to the image size), caching the pairing of each source folder.
 */
final class DepthSources {
  private static final Map<Path, DepthPairing> PAIRINGS = new HashMap<>();

  private DepthSources() {}

  /**
   * The aligned depth of a source.
   *
   * @param sources the dataset's sources
   * @param id the row's source identity
   * @param width the image width the sample was made at
   * @param height its height
   * @return the depth map
   * @throws IOException when the folder cannot be scanned, the source has no depth, or the depth
   *     cannot be read
   */
  static DepthMap load(SourceLookup sources, String id, int width, int height) throws IOException {
    Path root = sources.root().toAbsolutePath().normalize();
    DepthPairing pairing;
    synchronized (PAIRINGS) {
      pairing = PAIRINGS.get(root);
      if (pairing == null) {
        pairing = DepthPairing.scan(root, SourceFile.scan(root, null));
        PAIRINGS.put(root, pairing);
      }
    }
    if (!pairing.hasDepth(id)) {
      throw new IOException(root.resolve(id) + ": no depth map found beside the source (expected"
          + " the DIODE or MegaDepth layout, or a depth manifest in " + root + ")");
    }
    return pairing.load(id, width, height, DepthReader.DEFAULT);
  }
}
