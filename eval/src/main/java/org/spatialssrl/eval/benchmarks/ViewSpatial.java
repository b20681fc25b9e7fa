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
import org.spatialssrl.eval.score.ViewSpatialScorer;

/**
 * ViewSpatial-Bench (EVALUATION.md 3.6, {@code ViewSpatial_eval/main.py}): the JSON list
 * {@code ViewSpatial-Bench.json} ({@code question_type}, {@code image_path} list, {@code question},
 * {@code answer}, {@code choices}); image paths are relative to {@code ViewSpatial_eval/}, the
 * parent of the JSON's {@code eval/} folder. Every image is resized to 420x280 first.
 */
final class ViewSpatial implements Benchmark {
  static final String COT_SUFFIX = "\nThe final answer should be the option letter from the given choices.\n";
  static final String DIRECT_SUFFIX = "\nReply only to the corresponding option.\nAnswer:";
  private final EvalOptions options;

  ViewSpatial(EvalOptions options) {
    this.options = options;
  }

  @Override
  public String id() {
    return "viewspatial";
  }

  @Override
  public String displayName() {
    return "ViewSpatial-Bench";
  }

  @Override
  public List<EvalItem> load(Path input) throws IOException {
    Path file = input;
    if (Files.isDirectory(input)) {
      file = Files.isRegularFile(input.resolve("eval/ViewSpatial-Bench.json"))
          ? input.resolve("eval/ViewSpatial-Bench.json") : input.resolve("ViewSpatial-Bench.json");
    }
    List<JsonNode> nodes = JsonList.read(file);
    Path dir = file.toAbsolutePath().getParent();
    List<EvalItem> items = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode n = nodes.get(i);
      String question = JsonList.text(n, "question");
      String answer = JsonList.text(n, "answer");
      String choices = JsonList.text(n, "choices");
      String type = JsonList.text(n, "question_type");
      JsonNode paths = n.get("image_path");
      String problem = null;
      List<MediaRef> media = new ArrayList<>();
      if (question == null || answer == null || choices == null || type == null || paths == null || !paths.isArray()) {
        problem = file + " item " + i + ": needs question_type, image_path (a list), question, answer, choices";
      } else {
        for (JsonNode p : paths) {
          media.add(new MediaRef.ImageFile(Media.resolve(p.asText(), options.mediaRoot(), dir.getParent(), dir)));
        }
        problem = Media.missing(media);
      }
      Map<String, String> opts = new LinkedHashMap<>();
      if (choices != null) {
        for (String line : choices.split("\n")) {
          int dot = line.indexOf(". ");
          if (dot > 0) {
            opts.put(line.substring(0, dot), line.substring(dot + 2));
          }
        }
      }
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("choices", choices == null ? "" : choices);
      items.add(new EvalItem(String.valueOf(i), type == null ? "none" : type, question == null ? "" : question,
          opts, answer == null ? "" : answer, media, fields, problem));
    }
    return items;
  }

  private boolean cot() {
    return options.promptMode() != PromptMode.DIRECT;
  }

  @Override
  public List<PromptPart> prompt(EvalItem item) {
    List<PromptPart> parts = new ArrayList<>();
    item.media().forEach(m -> parts.add(new PromptPart.Media(m)));
    String suffix = cot() ? COT_SUFFIX + Prompting.FORMAT : DIRECT_SUFFIX;
    parts.add(new PromptPart.Text(item.question() + "\n" + item.field("choices") + suffix));
    return parts;
  }

  @Override
  public ModelSettings settings(String modelName) {
    return ModelSettings.greedy4096(256 * ModelSettings.TOKEN_PIXELS, 1280 * ModelSettings.TOKEN_PIXELS)
        .withForcedSize(420, 280);
  }

  @Override
  public ItemScore score(EvalItem item, String response) {
    return ViewSpatialScorer.score(response, item.answer(), cot());
  }

  @Override
  public BenchmarkReport aggregate(List<ScoredItem> items) {
    return Aggregates.microReport(this, items, "micro over all items (total_correct / total_questions)", Map.of());
  }

  @Override
  public String scorerDescription() {
    return (cot() ? "the last \\\\boxed\\{([^}]*)\\} (empty if none), then " : "")
        + "the first \\b[A-D]\\b (any case) against the answer's letter";
  }
}
