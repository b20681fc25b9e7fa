package org.spatialssrl.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of one benchmark run, as the release aggregates them.
 *
 * @param benchmark the benchmark id ({@code vsibench})
 * @param name its display name ({@code VSI-Bench})
 * @param items the items counted (the denominator)
 * @param accuracy the figure the paper's Table 1 reports, as a fraction
 * @param aggregate how {@code accuracy} is formed ({@code micro}, {@code mean delta_2}, ...)
 * @param byType the same figure per type, sorted by type
 * @param typeCounts items per type
 * @param errors items that could not be asked or whose request failed (counted as wrong)
 * @param missing items without a prediction in a rescored file (counted as wrong)
 * @param unparsed answered items whose response the extractor found no answer in
 * @param variants the other aggregates the report gives (macro where the release is ambiguous,
 *     other settings and scorer variants), each labelled
 * @param scorer a one-line description of the scoring rule
 */
public record BenchmarkReport(
    String benchmark,
    String name,
    int items,
    double accuracy,
    String aggregate,
    Map<String, Double> byType,
    Map<String, Integer> typeCounts,
    int errors,
    int missing,
    int unparsed,
    Map<String, Variant> variants,
    String scorer) {

  /** Copies the maps in order. */
  public BenchmarkReport {
    byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
    typeCounts = Collections.unmodifiableMap(new LinkedHashMap<>(typeCounts));
    variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
  }

  /**
   * Another aggregate of the same predictions.
   *
   * @param value the figure, as a fraction
   * @param label what it is and why it is given
   * @param byType per type, or empty
   */
  public record Variant(double value, String label, Map<String, Double> byType) {
    /** Copies the map in order. */
    public Variant {
      byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
    }
  }
}
