package org.spatialssrl.eval.benchmarks;

import java.util.List;
import java.util.Map;
import org.spatialssrl.eval.Aggregates;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.ScoredItem;

/** SpatialEval (VLMEvalKit {@code ImageMCQDataset}, EVALUATION.md 3.3): micro accuracy over the rows. */
final class SpatialEval extends VlmEvalMcq {
  SpatialEval(EvalOptions options) {
    super(options);
  }

  @Override
  public String id() {
    return "spatialeval";
  }

  @Override
  public String displayName() {
    return "SpatialEval";
  }

  @Override
  String tsvName() {
    return "SpatialEval.tsv";
  }

  @Override
  public BenchmarkReport aggregate(List<ScoredItem> items) {
    return Aggregates.microReport(this, items, "micro (report_acc Overall)", Map.of());
  }
}
