package org.spatialssrl.eval.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spatialssrl.eval.Aggregates;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.ItemScore;
import org.spatialssrl.eval.MediaRef;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.eval.PromptMode;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.eval.ScoredItem;
import org.spatialssrl.eval.score.VsiScorer;

/**
 * VSI-Bench (EVALUATION.md 3.7): the Spatial-SSRL {@code vsi_bench.json} ({@code mp4_path},
 * {@code question_type}, {@code question}, {@code answer}, {@code A}..{@code D}; absolute paths
 * remapped by their last two components) or the Hugging Face parquet ({@code id},
 * {@code dataset}, {@code scene_name}, {@code question_type}, {@code question}, {@code options},
 * {@code ground_truth}; videos at {@code <dataset>/<scene_name>.mp4}). The prompt is
 * {@code vsi_infer.fix_prompt}, typos and doubled letters included. The Table-1 candidate is the
 * micro mean of {@code check_accuracy.py}; the official 8-category macro is given too.
 */
final class VsiBench implements Benchmark {
  static final String INTRO = "Watch the given video and anser the following question.\n\n";
  private static final String[] LETTERS = {"A", "B", "C", "D"};
  /** lmms-eval's eight categories; the three relative-direction types are averaged into one. */
  private static final List<String> OFFICIAL = List.of("object_counting", "object_abs_distance",
      "object_size_estimation", "room_size_estimation", "object_rel_distance", "object_rel_direction",
      "route_planning", "obj_appearance_order");

  private final EvalOptions options;

  VsiBench(EvalOptions options) {
    this.options = options;
  }

  @Override
  public String id() {
    return "vsibench";
  }

  @Override
  public String displayName() {
    return "VSI-Bench";
  }

  @Override
  public List<EvalItem> load(Path input) throws IOException {
    String name = input.getFileName().toString();
    if (Files.isDirectory(input) || name.endsWith(".parquet")) {
      return loadParquet(input);
    }
    List<JsonNode> nodes = JsonList.read(input);
    Path dir = input.toAbsolutePath().getParent();
    List<EvalItem> items = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode n = nodes.get(i);
      List<String> opts = new ArrayList<>();
      for (String l : LETTERS) {
        opts.add(JsonList.text(n, l));
      }
      String mp4 = JsonList.text(n, "mp4_path");
      items.add(item(String.valueOf(i), JsonList.text(n, "question_type"), JsonList.text(n, "question"),
          JsonList.scalar(n, "answer"), opts, mp4 == null ? null : Media.resolve(mp4, options.mediaRoot(), dir),
          input + " item " + i));
    }
    return items;
  }

  private List<EvalItem> loadParquet(Path input) throws IOException {
    List<Path> files = Parquet.files(input, Files.isDirectory(input) ? "test" : null);
    List<Map<String, Object>> rows = Parquet.read(files,
        "id, dataset, scene_name, question_type, question, options, ground_truth");
    Path dir = files.get(0).toAbsolutePath().getParent();
    List<EvalItem> items = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      List<String> opts = new ArrayList<>();
      if (r.get("options") instanceof List<?> l) {
        l.forEach(o -> opts.add(o == null ? null : o.toString()));
      }
      String video = r.get("dataset") + "/" + r.get("scene_name") + ".mp4";
      items.add(item(String.valueOf(r.get("id")), str(r.get("question_type")), str(r.get("question")),
          str(r.get("ground_truth")), opts, Media.resolve(video, options.mediaRoot(), dir, dir.getParent()),
          "row id " + r.get("id")));
    }
    return items;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static EvalItem item(String id, String type, String question, String answer, List<String> opts,
      Path video, String where) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int k = 0; k < opts.size() && k < LETTERS.length; k++) {
      if (opts.get(k) == null) {
        break; // fix_prompt stops at the first missing option
      }
      options.put(LETTERS[k], opts.get(k));
    }
    List<MediaRef> media = video == null ? List.of() : List.of(new MediaRef.VideoFile(video));
    String problem = type == null || question == null || answer == null || video == null
        ? where + ": needs question_type, question, answer and a video path" : Media.missing(media);
    return new EvalItem(id, type == null ? "none" : type, question == null ? "" : question, options,
        answer == null ? "" : answer, media, Map.of(), problem);
  }

  private boolean cot() {
    return options.promptMode() != PromptMode.DIRECT;
  }

  @Override
  public List<PromptPart> prompt(EvalItem item) {
    StringBuilder p = new StringBuilder(INTRO).append(item.question());
    item.options().forEach((letter, text) -> p.append(letter).append(". ").append(text));
    boolean mcq = !item.options().isEmpty();
    if (!cot()) {
      p.append(mcq ? "\nAnswer directly with the option letter from the given choices."
          : "\nAnswer directly with a number(integer or decimal).");
    } else {
      p.append(mcq ? "\nThe final answer should be the option letter from the given choices.\n"
          : "\nThe final answer should be a number(integer or decimal).\n").append(Prompting.FORMAT);
    }
    List<PromptPart> parts = new ArrayList<>();
    item.media().forEach(m -> parts.add(new PromptPart.Media(m)));
    parts.add(new PromptPart.Text(p.toString()));
    return parts;
  }

  @Override
  public ModelSettings settings(String modelName) {
    return ModelSettings.greedy4096(4 * ModelSettings.TOKEN_PIXELS, 16384 * ModelSettings.TOKEN_PIXELS);
  }

  @Override
  public ItemScore score(EvalItem item, String response) {
    return VsiScorer.score(response, item.answer(), !item.options().isEmpty(), cot());
  }

  @Override
  public BenchmarkReport aggregate(List<ScoredItem> items) {
    Map<String, BenchmarkReport.Variant> variants = new LinkedHashMap<>();
    Aggregates.Means ssrl = Aggregates.scores(items);
    variants.put("macro_8", macro8(ssrl, "official 8-category macro (rel_direction = mean of its 3 types),"
        + " SSRL scorer"));
    Aggregates.Means official = Aggregates.variant(items, "official");
    variants.put("official_macro_8", macro8(official, "official 8-category macro with lmms-eval's rule"
        + " (first word, MRA with <=)"));
    variants.put("official_micro", Aggregates.variantOf(official, "micro with lmms-eval's rule"));
    return Aggregates.microReport(this, items,
        "micro over all items, SSRL check_accuracy.py (Table 1 may be this or macro_8: EVALUATION.md 7.3)",
        variants);
  }

  /** The official overall: the mean of the eight category means present. */
  private static BenchmarkReport.Variant macro8(Aggregates.Means m, String label) {
    Map<String, Double> cats = new LinkedHashMap<>();
    double[] dir = {0, 0};
    m.byType().forEach((type, v) -> {
      if (type.startsWith("object_rel_direction")) {
        dir[0] += v;
        dir[1]++;
      }
    });
    for (String c : OFFICIAL) {
      if (c.equals("object_rel_direction")) {
        if (dir[1] > 0) {
          cats.put(c, dir[0] / dir[1]);
        }
      } else if (m.byType().containsKey(c)) {
        cats.put(c, m.byType().get(c));
      }
    }
    double sum = 0;
    for (double v : cats.values()) {
      sum += v;
    }
    return new BenchmarkReport.Variant(cats.isEmpty() ? 0 : sum / cats.size(), label, cats);
  }

  @Override
  public String scorerDescription() {
    return (cot() ? "the last \\\\boxed\\{([^}]*)\\}" : "the stripped response")
        + "; one letter: case-insensitive match, else MRA over 1-(0.5+0.05i) with strict <"
        + " (0 for a non-number)";
  }
}
