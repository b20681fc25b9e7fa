package org.spatialssrl.verify;

import java.util.List;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.image.RgbImage;

/**
 * Re-checks the samples of one task independently of the generator: the answer's syntax, and,
 * when the sources are at hand, the answer re-derived from pixels (or depth). Implementations
 * are found with {@link java.util.ServiceLoader}, one per task.
 */
public interface SampleChecker {
  /** The task this checker handles. */
  String task();

  /**
   * Checks the answer string's syntax for the row's task and variant.
   *
   * @param row the row
   * @return problems found; empty when the answer is well formed
   */
  List<String> checkSyntax(DatasetRow row);

  /**
   * Re-derives the answer from the sample's images and its source, and compares.
   *
   * @param row the row
   * @param images the decoded sample images, in placeholder order
   * @param sources access to the source files the dataset was made from
   * @return problems found; empty when the re-derived answer equals the stored one
   * @throws Exception when the source cannot be read (reported as a problem of this row)
   */
  List<String> rederive(DatasetRow row, List<RgbImage> images, SourceLookup sources)
      throws Exception;
}
