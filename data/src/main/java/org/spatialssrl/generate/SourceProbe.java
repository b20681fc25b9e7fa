package org.spatialssrl.generate;

import org.spatialssrl.image.ImageDecoder;
import org.spatialssrl.image.ImageHeader;
import org.spatialssrl.image.ImageRejectedException;

/**
 * What is known about one source before planning: its header (read without decoding pixels)
 * or why it was refused, and whether a depth map is paired with it. Probes are small and a pure
 * function of the file, so a distributed runner can make them on its workers and collect them.
 *
 * @param id the source's identity ({@link SourceFile#id()})
 * @param width the width from the header, 0 when rejected
 * @param height the height from the header, 0 when rejected
 * @param hasDepth whether a depth map is paired with the source
 * @param reject why the source cannot be used, or null when its header passed the checks
 */
public record SourceProbe(String id, int width, int height, boolean hasDepth, RejectRecord reject) {

  /**
   * Probes one source: reads its header and checks it against the decoder's limits.
   *
   * @param file the source
   * @param decoder the decoder whose limits apply
   * @param depths the depth pairing of the input
   * @return the probe; never throws for a bad file (the reject says why)
   */
  public static SourceProbe of(SourceFile file, ImageDecoder decoder, DepthPairing depths) {
    boolean depth = depths.hasDepth(file.id());
    try {
      ImageHeader h = decoder.probe(file.path());
      return new SourceProbe(file.id(), h.width(), h.height(), depth, null);
    } catch (ImageRejectedException e) {
      return new SourceProbe(file.id(), 0, 0, depth,
          new RejectRecord(file.id(), null, null, e.reason(), e.getMessage()));
    }
  }

  /** Whether the header passed the checks (the pixels may still turn out unusable). */
  public boolean usable() {
    return reject == null;
  }
}
