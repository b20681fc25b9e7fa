package org.spatialssrl.eval.benchmarks;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.spatialssrl.eval.Aggregates;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.ScoredItem;

/**
 * 3DSRBench (VLMEvalKit {@code _3DSRBench}, EVALUATION.md 3.2): per-row MCQ hits, aggregated in
 * the release's four settings. {@code vanilla} (every row) is the Table-1 comparator, since the
 * paper does not say; {@code flip_eval}, {@code circ_eval} and {@code flip_circ_eval} group rows
 * by {@code qid} and count a group right only when all its rows are.
 */
final class ThreeDSRBench extends VlmEvalMcq {
  ThreeDSRBench(EvalOptions options) {
    super(options);
  }

  @Override
  public String id() {
    return "3dsrbench";
  }

  @Override
  public String displayName() {
    return "3DSRBench";
  }

  @Override
  String tsvName() {
    return "3DSRBench.tsv";
  }

  @Override
  public BenchmarkReport aggregate(List<ScoredItem> items) {
    Map<String, BenchmarkReport.Variant> variants = new LinkedHashMap<>();
    boolean hasQid = items.stream().allMatch(s -> s.item().field("qid") != null);
    if (hasQid && !items.isEmpty()) {
      variants.put("flip_eval", grouped(items, q -> q.replace("-flip", ""), q -> !q.contains("-flip"),
          "FlipEval: a question and its -flip twin both right"));
      variants.put("circ_eval", grouped(items, q -> q.contains("-flip") ? head(q, 13) : head(q, 8),
          q -> q.equals(q.contains("-flip") ? head(q, 13) : head(q, 8)),
          "CircularEval: all circular variants of a question right"));
      variants.put("flip_circ_eval", grouped(items, q -> head(q, 8), q -> q.equals(head(q, 8)),
          "FlipEval + CircularEval: all variants of a question right"));
    }
    return Aggregates.microReport(this, items,
        "vanilla: micro over all rows (assumed to be Table 1's setting; EVALUATION.md 7.2)", variants);
  }

  private static String head(String s, int n) {
    return s.substring(0, Math.min(n, s.length()));
  }

  /** The release's grouped settings: a main row's hit is the AND over its key's rows. */
  private static BenchmarkReport.Variant grouped(List<ScoredItem> items, Function<String, String> key,
      Predicate<String> main, String label) {
    Map<String, Boolean> all = new HashMap<>();
    for (ScoredItem s : items) {
      all.merge(key.apply(s.item().field("qid")), s.score().correct(), Boolean::logicalAnd);
    }
    List<ScoredItem> mains = items.stream().filter(s -> main.test(s.item().field("qid"))).toList();
    Aggregates.Means m = Aggregates.micro(mains, s -> all.get(key.apply(s.item().field("qid"))) ? 1 : 0);
    return Aggregates.variantOf(m, label + " (" + mains.size() + " groups)");
  }
}
