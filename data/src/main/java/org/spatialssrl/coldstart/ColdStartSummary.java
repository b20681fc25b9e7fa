package org.spatialssrl.coldstart;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one {@code sft-data} run wrote.
 *
 * @param output the folder written
 * @param rowsBySplit rows written per split ({@code train}, {@code val}), in file order
 * @param inputRowsBySplit rows of the dataset per converted split
 * @param byTaskVariant rows per {@code split/task/variant}
 * @param byPhrasing rows per {@code task/phrasing}
 * @param inputSha256 SHA-256 of each converted input JSONL, by split
 * @param imagesLinked images hard-linked from the dataset
 * @param imagesCopied images copied (another file system, or {@code copyImages})
 */
public record ColdStartSummary(
    Path output,
    Map<String, Integer> rowsBySplit,
    Map<String, Integer> inputRowsBySplit,
    Map<String, Integer> byTaskVariant,
    Map<String, Integer> byPhrasing,
    Map<String, String> inputSha256,
    long imagesLinked,
    long imagesCopied) {

  /** Copies the maps, keeping their order. */
  public ColdStartSummary {
    rowsBySplit = freeze(rowsBySplit);
    inputRowsBySplit = freeze(inputRowsBySplit);
    byTaskVariant = freeze(byTaskVariant);
    byPhrasing = freeze(byPhrasing);
    inputSha256 = freeze(inputSha256);
  }

  private static <V> Map<String, V> freeze(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** Rows written over all splits. */
  public int rows() {
    return rowsBySplit.values().stream().mapToInt(Integer::intValue).sum();
  }
}
