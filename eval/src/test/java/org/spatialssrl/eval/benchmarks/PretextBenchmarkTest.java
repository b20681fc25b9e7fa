package org.spatialssrl.eval.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.eval.run.Predictions;
import org.spatialssrl.eval.run.Scoring;
import org.spatialssrl.generate.DatasetGenerator;
import org.spatialssrl.generate.GenerateConfig;
import org.spatialssrl.generate.GenerateListener;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.Policy;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.task.Prompts;
import org.spatialssrl.task.TaskRegistry;

/** A generated dataset's val split as a benchmark, scored with the released reward. */
class PretextBenchmarkTest {
  @TempDir static Path tmp;
  static Path dataset;

  @BeforeAll
  static void generate() throws Exception {
    dataset = tmp.resolve("ds");
    new DatasetGenerator(TaskRegistry.load()).run(GenerateConfig.builder().setOutput(dataset)
        .optBuiltinScenes(12).optValFraction(0.5).optThreads(1).build(), false, GenerateListener.NONE);
  }

  private static Map<String, Double> share(List<EvalItem> items, String answer) {
    Map<String, int[]> n = new TreeMap<>();
    for (EvalItem i : items) {
      int[] c = n.computeIfAbsent(i.type(), k -> new int[2]);
      c[0] += i.answer().equals(answer) ? 1 : 0;
      c[1]++;
    }
    Map<String, Double> out = new TreeMap<>();
    n.forEach((k, c) -> out.put(k, c[0] / (double) c[1]));
    return out;
  }

  @Test
  void oracleScoresFullMarksAndAConstantItsShare() throws Exception {
    PretextBenchmark b = new PretextBenchmark(EvalOptions.defaults());
    List<EvalItem> items = b.load(dataset);
    assertTrue(items.size() >= 10, "val rows: " + items.size());
    assertEquals(5, items.stream().map(EvalItem::type).distinct().count(), "all five tasks in val");
    Map<String, Predictions.Prediction> oracle = new HashMap<>();
    Map<String, Predictions.Prediction> constant = new HashMap<>();
    for (EvalItem i : items) {
      oracle.put(i.id(), new Predictions.Prediction("<think>I see it.</think> \\boxed{" + i.answer() + "}", null));
      constant.put(i.id(), new Predictions.Prediction("<think>guess</think>\\boxed{A}", null));
    }
    BenchmarkReport perfect = b.aggregate(Scoring.score(b, items, oracle));
    assertEquals(1.0, perfect.accuracy());
    perfect.byType().values().forEach(v -> assertEquals(1.0, v));
    assertEquals(1.0, perfect.variants().get("reward").value(), 1e-12);
    BenchmarkReport guess = b.aggregate(Scoring.score(b, items, constant));
    assertEquals(share(items, "A"), new TreeMap<>(guess.byType()));
    assertTrue(guess.byType().get("crop") > 0 || guess.byType().get("position") > 0, "letters appear somewhere");
    assertEquals(0.0, guess.byType().get("shuffle"), "a shuffle answer is never A");
    assertTrue(guess.variants().get("by_variant").byType().keySet().stream().allMatch(k -> k.contains("/")));
  }

  @Test
  void promptsFillTheImagePlacesInOrder() throws Exception {
    PretextBenchmark b = new PretextBenchmark(EvalOptions.defaults());
    EvalItem crop = b.load(dataset).stream().filter(i -> i.type().equals("crop")).findFirst().orElseThrow();
    List<PromptPart> parts = b.prompt(crop);
    assertEquals(5, parts.stream().filter(p -> p instanceof PromptPart.Media).count());
    assertTrue(parts.get(0) instanceof PromptPart.Text t && t.text().startsWith("Which image is the missing part"));
    assertTrue(((PromptPart.Text) parts.get(parts.size() - 1)).text().endsWith(Prompts.FORMAT_PROMPT));
  }

  @Test
  void trainersValidateAPolicyInMemory() throws Exception {
    Policy constantA = new Policy() {
      @Override
      public List<List<GenerationResult>> generate(List<List<ChatMessage>> conversations, int n, GenerationParams p) {
        assertEquals(0, p.temperature(), "greedy");
        return conversations.stream().map(c -> List.of(new GenerationResult(new int[] {1},
            "<think>guess</think>\\boxed{A}", "stop"))).toList();
      }

      @Override
      public List<float[]> logProbs(List<List<ChatMessage>> c, List<String> completions) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void close() {}
    };
    PretextBenchmark b = new PretextBenchmark(EvalOptions.defaults());
    BenchmarkReport r = b.evaluate(dataset, constantA, b.settings(null).withMaxNewTokens(64), 4, null);
    List<EvalItem> items = b.load(dataset);
    assertEquals(items.size(), r.items());
    assertEquals(share(items, "A"), new TreeMap<>(r.byType()));
    assertEquals(0, r.errors());
  }
}
