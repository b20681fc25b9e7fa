package org.spatialssrl.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a benchmark's scorer made of one response.
 *
 * @param score the item's score as the release counts it: 0 or 1, or a fraction (VSI-Bench MRA)
 * @param extracted what the extractor took as the answer ({@code ""} when nothing)
 * @param matchPath how it was matched ({@code boxed}, {@code raw_option}, {@code raw_text},
 *     {@code json}, {@code robust}, {@code none}, ...), for audit
 * @param parsed whether the extractor found an answer at all
 * @param variants scores of the same response under the other rules the report also gives
 *     (for example {@code whatsup_strict}, {@code mra_official}, {@code delta_1_5})
 */
public record ItemScore(
    double score, String extracted, String matchPath, boolean parsed, Map<String, Double> variants) {

  /** Copies the variants in order. */
  public ItemScore {
    variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
  }

  /**
   * A score without variants.
   *
   * @param score the score
   * @param extracted the extracted answer
   * @param matchPath the match path
   * @param parsed whether an answer was found
   * @return the score
   */
  public static ItemScore of(double score, String extracted, String matchPath, boolean parsed) {
    return new ItemScore(score, extracted, matchPath, parsed, Map.of());
  }

  /**
   * Whether the item counts as correct (a score of 1).
   *
   * @return true for full credit
   */
  public boolean correct() {
    return score == 1.0;
  }
}
