package org.spatialssrl.eval.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.Benchmarks;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.backend.ModelBackend;
import org.spatialssrl.eval.benchmarks.Fixtures;
import org.spatialssrl.eval.report.Reports;

/** The runner's cache: resuming, failures recorded per item, conflicts, deterministic reports. */
class EvalRunnerTest {
  @TempDir Path tmp;

  /** Answers with a function of the prompt text; counts requests. */
  static class FakeBackend implements ModelBackend {
    final AtomicInteger calls = new AtomicInteger();
    final Function<String, String> answer;
    final String model;

    FakeBackend(String model, Function<String, String> answer) {
      this.model = model;
      this.answer = answer;
    }

    @Override
    public String modelId() {
      return model;
    }

    @Override
    public int parallelism() {
      return 4;
    }

    @Override
    public int batchSize() {
      return 3;
    }

    @Override
    public boolean needsResizedImages() {
      return true;
    }

    @Override
    public List<Completion> complete(List<Request> batch) {
      List<Completion> out = new ArrayList<>();
      for (Request r : batch) {
        calls.incrementAndGet();
        String text = r.parts().stream().filter(p -> p.type().equals("text")).map(p -> p.text()).findFirst().orElse("");
        String a = answer.apply(text);
        out.add(a == null ? Completion.failed("model error", 1) : new Completion(a, "stop", 1, 1, 1, null));
      }
      return out;
    }

    @Override
    public void close() {}
  }

  private Path spatialEval(int n) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("index", "image", "question", "A", "B", "answer", "category"));
    for (int i = 0; i < n; i++) {
      rows.add(List.of(String.valueOf(i), i == 3 ? "" : Fixtures.b64(i), "Question " + i + "?", "left", "right",
          i % 2 == 0 ? "A" : "B", i % 3 == 0 ? "maze" : "grid"));
    }
    return Fixtures.tsv(tmp.resolve("SpatialEval.tsv"), rows);
  }

  private static String answerFor(String prompt) {
    if (prompt.contains("Question 5?")) {
      return null; // the model fails on item 5
    }
    return prompt.contains("Question 1?") || prompt.contains("Question 2?") ? "\\boxed{B}" : "\\boxed{A}";
  }

  @Test
  void resumesAsksEachItemOnceAndGivesTheSameReport() throws IOException {
    Benchmark b = Benchmarks.create("spatialeval", EvalOptions.defaults());
    Path input = spatialEval(12);
    List<EvalItem> items = b.load(input);
    var settings = b.settings("fake").withImagePixels(3136, 3136 * 4);

    FakeBackend whole = new FakeBackend("fake", EvalRunnerTest::answerFor);
    Path full = tmp.resolve("full");
    Evaluation.Outcome o = Evaluation.run(b, input, items, whole, settings, "format", full, 2, new EvalRunner.Listener() {});
    assertEquals(11, whole.calls.get(), "item 3 (no image) is never sent to the model");
    assertEquals(12, o.run().asked(), "but it is recorded");
    assertEquals(2, o.report().errors(), "item 3's missing image and item 5's model error");

    // The same run in two halves, as after an interruption.
    Path split = tmp.resolve("split");
    FakeBackend first = new FakeBackend("fake", EvalRunnerTest::answerFor);
    Evaluation.run(b, input, Evaluation.select(items, Set.of(), 7), first, settings, "format", split, 2,
        new EvalRunner.Listener() {});
    FakeBackend second = new FakeBackend("fake", EvalRunnerTest::answerFor);
    Evaluation.Outcome resumed = Evaluation.run(b, input, items, second, settings, "format", split, 2,
        new EvalRunner.Listener() {});
    assertEquals(5, resumed.run().alreadyDone(), "items 0-2, 4 and 6 were answered in the first half");
    assertEquals(5 + 1, second.calls.get(), "items 7-11, and the failed item 5 again");
    for (String f : new String[] {"report.json", "report.md", "spatialeval/scores.jsonl", "spatialeval/summary.json"}) {
      assertEquals(Files.readString(full.resolve(f)), Files.readString(split.resolve(f)), f);
    }
    assertTrue(Files.size(split.resolve("report.png")) > 1000);

    // A third run gives up on the items that failed twice and asks nothing.
    FakeBackend third = new FakeBackend("fake", EvalRunnerTest::answerFor);
    Evaluation.Outcome again = Evaluation.run(b, input, items, third, settings, "format", split, 2,
        new EvalRunner.Listener() {});
    assertEquals(0, third.calls.get());
    assertEquals(2, again.run().givenUp());
    List<String> lines = Files.readAllLines(split.resolve("spatialeval/predictions.jsonl"));
    ObjectMapper json = new ObjectMapper();
    long answered = lines.stream().map(l -> {
      try {
        return json.readTree(l);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).filter(n -> n.path("error").isNull()).map(n -> n.path("item_id").asText()).distinct().count();
    assertEquals(10, answered);
    assertEquals(10 + 4, lines.size(), "ten answers, two failed lines each for items 3 and 5");
  }

  @Test
  void aCacheFromOtherSettingsIsRefused() throws IOException {
    Benchmark b = Benchmarks.create("spatialeval", EvalOptions.defaults());
    Path input = spatialEval(4);
    List<EvalItem> items = b.load(input);
    var settings = b.settings("m").withImagePixels(3136, 3136 * 4);
    Path out = tmp.resolve("out");
    Evaluation.run(b, input, items, new FakeBackend("m1", p -> "A"), settings, "format", out, 1, new EvalRunner.Listener() {});
    IOException e = assertThrows(EvalRunner.CacheConflictException.class, () -> Evaluation.run(b, input, items,
        new FakeBackend("m2", p -> "A"), settings, "format", out, 1, new EvalRunner.Listener() {}));
    assertTrue(e.getMessage().contains("m1") && e.getMessage().contains("--output"), e.getMessage());
  }

  @Test
  void aTornLastLineIsCutAndItsItemAskedAgain() throws IOException {
    Benchmark b = Benchmarks.create("spatialeval", EvalOptions.defaults());
    Path input = spatialEval(3);
    List<EvalItem> items = b.load(input);
    var settings = b.settings("m").withImagePixels(3136, 3136 * 4);
    Path out = tmp.resolve("out");
    Evaluation.run(b, input, items, new FakeBackend("m", p -> "\\boxed{A}"), settings, "format", out, 1,
        new EvalRunner.Listener() {});
    Path cache = out.resolve("spatialeval/" + Reports.PREDICTIONS);
    String text = Files.readString(cache);
    Files.writeString(cache, text.substring(0, text.length() - 20), StandardCharsets.UTF_8); // cut the last line
    assertTrue(PredictionCache.read(cache).tornTail());
    FakeBackend again = new FakeBackend("m", p -> "\\boxed{A}");
    Evaluation.run(b, input, items, again, settings, "format", out, 1, new EvalRunner.Listener() {});
    assertEquals(1, again.calls.get());
    assertEquals(3, Files.readAllLines(cache).size());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("spatialeval/summary.json").toFile());
    assertEquals(3, summary.path("items").asInt());
  }

  @Test
  void videosBecomeFramesAndAnUnreadableVideoIsOneFailedItem() throws IOException {
    Path videos = Files.createDirectories(tmp.resolve("v/scannet"));
    org.spatialssrl.eval.media.TestVideos.greyRamp(videos.resolve("scene0001.mp4"), 10, 64, 48, 10);
    Files.writeString(videos.resolve("broken.mp4"), "not a video");
    Files.writeString(tmp.resolve("vsi.json"), "[{\"mp4_path\": \"/abs/scannet/scene0001.mp4\", \"question_type\":"
        + " \"object_counting\", \"question\": \"How many?\", \"answer\": \"3\", \"A\": null, \"B\": null, \"C\": null,"
        + " \"D\": null}, {\"mp4_path\": \"/abs/scannet/broken.mp4\", \"question_type\": \"object_counting\","
        + " \"question\": \"How many?\", \"answer\": \"2\", \"A\": null, \"B\": null, \"C\": null, \"D\": null}]");
    Benchmark b = Benchmarks.create("vsibench", EvalOptions.defaults().withMediaRoot(tmp.resolve("v")));
    List<EvalItem> items = b.load(tmp.resolve("vsi.json"));
    int[] images = {0};
    FakeBackend backend = new FakeBackend("m", p -> "\\boxed{3}") {
      @Override
      public List<Completion> complete(List<Request> batch) {
        batch.forEach(r -> images[0] += (int) r.parts().stream().filter(x -> x.type().equals("image")).count());
        return super.complete(batch);
      }
    };
    Evaluation.Outcome o = Evaluation.run(b, tmp.resolve("vsi.json"), items, backend,
        b.settings("m").withFrames(4, 3136, 3136 * 4), "format", tmp.resolve("vout"), 1, new EvalRunner.Listener() {});
    assertEquals(4, images[0], "four frames of the readable video; the broken one is never sent");
    assertEquals(1, o.report().errors());
    assertEquals(0.5, o.report().accuracy(), 1e-12);
    String cache = Files.readString(tmp.resolve("vout/vsibench/predictions.jsonl"));
    assertTrue(cache.contains("video 4 of 10 frames") && cache.contains("broken.mp4"), cache);
  }

  @Test
  void externalPredictionsUseIdsOrIndices() throws IOException {
    Path f = tmp.resolve("preds.jsonl");
    Files.writeString(f, "{\"id\": \"0\", \"response\": \"\\\\boxed{A}\"}\n{\"index\": 1, \"prediction\": \"B\"}\n\n"
        + "{\"id\": \"0\", \"response\": \"\\\\boxed{B}\"}\n");
    var p = Predictions.read(f);
    assertEquals("\\boxed{B}", p.get("0").response(), "the last line of an id wins");
    assertEquals("B", p.get("1").response());
    Files.writeString(f, "{\"id\": \"0\"}\n");
    IOException e = assertThrows(IOException.class, () -> Predictions.read(f));
    assertTrue(e.getMessage().contains("preds.jsonl:1"), e.getMessage());
  }
}
