package org.spatialssrl.eval.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.eval.ScoredItem;
import org.spatialssrl.eval.backend.ModelBackend;
import org.spatialssrl.eval.media.MediaPreparer;
import org.spatialssrl.eval.report.ReportJson;
import org.spatialssrl.eval.report.Reports;

/**
 * A whole evaluation: ask what the cache lacks, score everything from the cache, write the
 * benchmark's files and rebuild the folder's report.
 */
public final class Evaluation {
  /** Encoded video frames kept between items (several questions share a video). */
  public static final long FRAME_CACHE_BYTES = 512L << 20;

  private Evaluation() {}

  /**
   * The outcome.
   *
   * @param run what the runner did (null when only rescored)
   * @param report the benchmark's report
   * @param scored the scored items
   */
  public record Outcome(EvalRunner.Summary run, BenchmarkReport report, List<ScoredItem> scored) {}

  /**
   * The items of a run: those of the given types (all when empty), the first {@code limit} of
   * them (all when null), in source order.
   *
   * @param items the benchmark's items
   * @param types the types to keep
   * @param limit the most items
   * @return the selection
   */
  public static List<EvalItem> select(List<EvalItem> items, Set<String> types, Integer limit) {
    List<EvalItem> out = new ArrayList<>();
    for (EvalItem i : items) {
      if (types.isEmpty() || types.contains(i.type())) {
        if (limit != null && out.size() >= limit) {
          break;
        }
        out.add(i);
      }
    }
    return out;
  }

  /**
   * What a report says was run.
   *
   * @param model the model id
   * @param promptMode the prompt mode id
   * @param settings the settings
   * @param input the benchmark input
   * @return the object
   */
  public static ObjectNode runInfo(String model, String promptMode, ModelSettings settings, Path input) {
    ObjectNode o = ReportJson.JSON.createObjectNode();
    o.put("model", model);
    o.put("prompt_mode", promptMode);
    o.set("settings", ReportJson.JSON.valueToTree(settings.toMap()));
    o.put("input", input.toAbsolutePath().normalize().toString());
    return o;
  }

  /**
   * Runs a benchmark into {@code <output>/<benchmark id>/} and rebuilds the folder's report.
   *
   * @param benchmark the benchmark
   * @param input the benchmark's input (recorded in the report)
   * @param items the selected items
   * @param backend the model
   * @param settings the model-side settings
   * @param promptMode the prompt mode id
   * @param output the evaluation folder
   * @param maxAttempts the most failed lines per item
   * @param listener progress
   * @return the outcome
   * @throws IOException when the cache or a report cannot be written, or the cache conflicts
   */
  public static Outcome run(Benchmark benchmark, Path input, List<EvalItem> items, ModelBackend backend,
      ModelSettings settings, String promptMode, Path output, int maxAttempts, EvalRunner.Listener listener)
      throws IOException {
    Path dir = output.resolve(benchmark.id());
    MediaPreparer media = new MediaPreparer(backend.needsResizedImages(), !backend.needsResizedImages(),
        FRAME_CACHE_BYTES);
    EvalRunner runner = new EvalRunner(benchmark, backend, media, settings, promptMode, maxAttempts);
    EvalRunner.Summary summary = runner.run(items, dir.resolve(Reports.PREDICTIONS), listener);
    List<ScoredItem> scored = Scoring.score(benchmark, items,
        Predictions.fromCache(PredictionCache.read(dir.resolve(Reports.PREDICTIONS)).records()));
    BenchmarkReport report = benchmark.aggregate(scored);
    Reports.writeBenchmark(dir, scored, report, runInfo(backend.modelId(), promptMode, settings, input));
    Reports.writeCombined(output);
    return new Outcome(summary, report, scored);
  }
}
