package org.spatialssrl.cli.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.ScoredItem;
import org.spatialssrl.eval.report.ReportJson;
import org.spatialssrl.eval.report.Reports;
import org.spatialssrl.eval.run.Predictions;
import org.spatialssrl.eval.run.Scoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssrl eval score}: rescores a prediction cache or an external predictions file; asks no model. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Rescores predictions without asking a model.",
      "Scores predictions with the benchmark's released scorer: a predictions.jsonl",
      "written by ssrl eval, or a file with one {\"id\": ..., \"response\": ...} per line (for a JSON",
      "benchmark file without ids, the id is the item's 0-based index as a string). Items without a",
      "prediction count as wrong and are reported as missing."
    })
public final class EvalScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BenchmarkOptions bench;

  @Option(names = "--predictions", required = true, paramLabel = "FILE", description = "The predictions.")
  Path predictions;

  @Option(names = "--json", description = "Print {\"benchmark\", \"items\", \"accuracy\", \"by_type\"} (fractions).")
  boolean json;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Also write DIR/<benchmark>/scores.jsonl and summary.json and rebuild DIR's report.")
  Path output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Benchmark b;
    try {
      b = bench.create();
    } catch (IllegalArgumentException e) {
      err.println("ssrl eval score: " + e.getMessage());
      return 2;
    }
    try {
      List<EvalItem> items = bench.items(b);
      Map<String, Predictions.Prediction> preds = Predictions.read(predictions);
      List<ScoredItem> scored = Scoring.score(b, items, preds);
      BenchmarkReport r = b.aggregate(scored);
      if (output != null) {
        var run = ReportJson.JSON.createObjectNode();
        run.put("model", "predictions in " + predictions.getFileName());
        run.put("predictions", predictions.toAbsolutePath().normalize().toString());
        run.put("prompt_mode", bench.promptMode.id());
        run.put("input", bench.input.toAbsolutePath().normalize().toString());
        Reports.writeBenchmark(output.resolve(b.id()), scored, r, run);
        Reports.writeCombined(output);
      }
      if (json) {
        out.println(ReportJson.JSON.writeValueAsString(ReportJson.contract(r)));
      } else {
        out.printf(Locale.ROOT, "%s: %d items, accuracy %.2f%% (%s); %d errors, %d missing, %d unparsed%n", r.name(),
            r.items(), 100 * r.accuracy(), r.aggregate(), r.errors(), r.missing(), r.unparsed());
        r.byType().forEach((t, v) -> out.printf(Locale.ROOT, "  %-50s %6.2f%%  (%d)%n", t, 100 * v, r.typeCounts().get(t)));
        r.variants().forEach((k, v) -> out.printf(Locale.ROOT, "  [%s] %.2f%%  %s%n", k, 100 * v.value(), v.label()));
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("ssrl eval score: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("ssrl eval score: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
  }
}
