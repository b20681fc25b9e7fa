package org.spatialssrl.eval.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.ItemScore;
import org.spatialssrl.eval.MediaRef;
import org.spatialssrl.eval.PromptMode;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.eval.score.CanInfer;
import org.spatialssrl.eval.score.McqScorer;

/**
 * A VLMEvalKit {@code ImageMCQDataset}: the default multiple-choice prompt (EVALUATION.md 2.5)
 * after the images, scored by {@link McqScorer}.
 */
abstract class VlmEvalMcq extends VlmEvalTsvBenchmark {
  private final McqScorer scorer;

  VlmEvalMcq(EvalOptions options) {
    super(options);
    this.scorer = new McqScorer(options.upstreamMatching() ? CanInfer.upstream2026() : CanInfer.fork());
  }

  @Override
  public List<PromptPart> prompt(EvalItem item) {
    List<PromptPart> parts = new ArrayList<>();
    for (MediaRef m : item.media()) {
      parts.add(new PromptPart.Media(m));
    }
    StringBuilder sb = new StringBuilder();
    String hint = item.field("hint");
    if (hint != null && !VlmEvalTsv.NA.contains(hint)) {
      sb.append("Hint: ").append(hint).append('\n');
    }
    sb.append("Question: ").append(item.question()).append('\n');
    if (!item.options().isEmpty()) {
      sb.append("Options:\n");
      for (Map.Entry<String, String> e : item.options().entrySet()) {
        sb.append(e.getKey()).append(". ").append(e.getValue()).append('\n');
      }
      sb.append("Please select the correct answer from the options above. \n");
    }
    parts.add(new PromptPart.Text(sb.toString()));
    return options.promptMode() == PromptMode.FORMAT
        ? Prompting.append(parts, Prompting.FORMAT, options.forkInjection()) : parts;
  }

  @Override
  public ItemScore score(EvalItem item, String response) {
    return scorer.score(response, item.answer(), item.options(), boxedFirst());
  }

  @Override
  public String scorerDescription() {
    return (boxedFirst() ? "can_infer on the last balanced \\boxed{} first, then " : "")
        + "can_infer on the response (VLMEvalKit " + (options.upstreamMatching() ? "upstream 2026" : "fork")
        + " rule), else Z (exact_matching: no judge)";
  }
}
