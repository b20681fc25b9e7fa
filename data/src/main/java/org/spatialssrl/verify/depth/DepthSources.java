package org.spatialssrl.verify.depth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.generate.DepthPairing;
import org.spatialssrl.generate.SourceFile;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.verify.SourceLookup;

/**
 * Finds the depth of a dataset's sources exactly as the generator did (same pairing rules, same
 * reader, aligned to the image size), caching the pairing of each source folder.
 */
final class DepthSources {
  private static final Map<Path, DepthPairing> PAIRINGS = new HashMap<>();

  private DepthSources() {}

  /** A depth sample's parsed metadata and its source's depth at the sample's size. */
  record Context(JsonNode meta, int width, int height, DepthMap depth) {}

  /**
   * Reads what a depth checker needs: the row's metadata and the source depth at the size the
   * sample was made at, noting a problem when the sample image is not at that size.
   *
   * @param row the row
   * @param images its decoded images
   * @param sources the dataset's sources
   * @param problems where a size problem is added
   * @return the context
   * @throws IOException when the metadata or the depth cannot be read
   */
  static Context context(DatasetRow row, List<RgbImage> images, SourceLookup sources,
      List<String> problems) throws IOException {
    JsonNode m = RowJson.MAPPER.readTree(row.metadata());
    int w = m.path("image_width").asInt();
    int h = m.path("image_height").asInt();
    if (images.size() != 1 || images.get(0).width() != w || images.get(0).height() != h) {
      problems.add(row.id() + ": the image is not the " + w + "x" + h + " source size");
    }
    return new Context(m, w, h, load(sources, row.source(), w, h));
  }

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
    return pairing.load(id, width, height, sources.depthReader());
  }
}
