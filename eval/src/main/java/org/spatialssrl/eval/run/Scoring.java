package org.spatialssrl.eval.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spatialssrl.eval.Aggregates;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.ScoredItem;

/** Scores every item of a run from its predictions; never asks a model. */
public final class Scoring {
  private Scoring() {}

  /**
   * Scores items in order. An item with a response is scored; one without counts as wrong,
   * with its request's error, its own problem, or "no prediction".
   *
   * @param benchmark the benchmark
   * @param items the items
   * @param predictions item id to outcome
   * @return the scored items, in item order
   */
  public static List<ScoredItem> score(Benchmark benchmark, List<EvalItem> items,
      Map<String, Predictions.Prediction> predictions) {
    List<ScoredItem> out = new ArrayList<>(items.size());
    for (EvalItem item : items) {
      Predictions.Prediction p = predictions.get(item.id());
      if (p != null && p.response() != null) {
        out.add(new ScoredItem(item, p.response(), null, benchmark.score(item, p.response())));
      } else {
        String error = p != null ? p.error() : item.problem() != null ? item.problem() : Aggregates.MISSING;
        out.add(new ScoredItem(item, null, error, ScoredItem.NO_RESPONSE));
      }
    }
    return out;
  }
}
