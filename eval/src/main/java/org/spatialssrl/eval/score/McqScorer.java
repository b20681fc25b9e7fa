package org.spatialssrl.eval.score;

import java.util.Map;
import java.util.Optional;
import org.spatialssrl.eval.ItemScore;

/**
 * VLMEvalKit's multiple-choice scoring (3DSRBench, SpatialEval) without a judge, i.e. its
 * {@code exact_matching} policy: {@code can_infer} on the response, else {@code Z} (wrong, since
 * no ground truth is Z). For format-prompt runs the harness rule of EVALUATION.md 2.6 applies:
 * {@code can_infer} on the last balanced {@code \boxed{}} first, then on the raw response.
 */
public final class McqScorer {
  private final CanInfer matcher;

  /**
   * A scorer.
   *
   * @param matcher the fork's or upstream's {@code can_infer}
   */
  public McqScorer(CanInfer matcher) {
    this.matcher = matcher;
  }

  /**
   * Scores a response.
   *
   * @param response the response
   * @param answer the ground-truth letter
   * @param choices letter to option text (the non-empty option columns)
   * @param boxedFirst whether to match the boxed answer first
   * @return 1 when the inferred letter is the answer; {@code extracted} is the letter or Z
   */
  public ItemScore score(String response, String answer, Map<String, String> choices, boolean boxedFirst) {
    Optional<String> boxed = boxedFirst ? Boxed.lastBalanced(response) : Optional.empty();
    if (boxed.isPresent()) {
      Optional<CanInfer.Match> m = matcher.infer(boxed.get(), choices);
      if (m.isPresent()) {
        return hit(m.get().letter(), answer, "boxed");
      }
    }
    Optional<CanInfer.Match> raw = matcher.infer(response, choices);
    if (raw.isPresent()) {
      return hit(raw.get().letter(), answer,
          raw.get().path() == CanInfer.Path.OPTION ? "raw_option" : "raw_text");
    }
    return ItemScore.of(0, "Z", "none", false);
  }

  private static ItemScore hit(String letter, String answer, String path) {
    return ItemScore.of(letter.equals(answer) ? 1 : 0, letter, path, true);
  }
}
