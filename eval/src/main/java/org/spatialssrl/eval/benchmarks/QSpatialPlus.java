package org.spatialssrl.eval.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.spatialssrl.eval.score.PyFloat;
import org.spatialssrl.eval.score.QSpatialScorer;

/**
 * QSpatial_plus (VLMEvalKit {@code QSpatial}, EVALUATION.md 3.4), from the Hugging Face parquet
 * of {@code andrewliao11/Q-Spatial-Bench} (a file or the snapshot folder; rows whose
 * {@code image_path} names {@code QSpatial_plus}, re-indexed 0..n-1). The official prompts, with
 * no format prompt in any mode; the figure is the mean of {@code delta_2}.
 */
final class QSpatialPlus implements Benchmark {
  static final String SYSTEM_PROMPT = "You will be provided with a question and a 2D image. The question"
      + " involves measuring the precise distance in 3D space through a 2D image. You will answer the"
      + " question by providing a numeric answer consisting of a scalar and a distance unit in the format"
      + " of \"\"\"\\scalar{scalar} \\distance_unit{distance unit}\"\"\" at the end of your response.";
  static final String REASONING = "Question: %s\nLet's thinkg step by step and start by finding good"
      + " reference objects or object parts in the image.";
  static final String STANDARD = "Question: %s";
  private static final String SPLIT = "QSpatial_plus";

  private final EvalOptions options;

  QSpatialPlus(EvalOptions options) {
    this.options = options;
  }

  @Override
  public String id() {
    return "qspatial_plus";
  }

  @Override
  public String displayName() {
    return "QSpatial_plus";
  }

  @Override
  public List<EvalItem> load(Path input) throws IOException {
    List<Map<String, Object>> rows;
    if (input.getFileName().toString().endsWith(".json") || input.getFileName().toString().endsWith(".jsonl")) {
      rows = readJson(input);
    } else {
      rows = Parquet.read(Parquet.files(input, null),
          "question, answer_value, answer_unit, question_type, image_path, image.bytes AS image_bytes");
    }
    List<EvalItem> items = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      String imagePath = String.valueOf(r.get("image_path"));
      if (!imagePath.contains(SPLIT)) {
        continue;
      }
      String id = String.valueOf(items.size());
      Object value = r.get("answer_value");
      Object unit = r.get("answer_unit");
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("answer_unit", unit == null ? "" : unit.toString());
      fields.put("image_path", imagePath);
      String problem = null;
      List<MediaRef> media = new ArrayList<>();
      if (r.get("image_bytes") instanceof byte[] b && b.length > 0) {
        media.add(new MediaRef.ImageBytes(imagePath, b));
      } else if (r.get("image_file") instanceof Path p) {
        media.add(new MediaRef.ImageFile(p));
        problem = Media.missing(media);
      } else {
        problem = "row " + id + " (" + imagePath + ") has no image bytes";
      }
      if (value == null || PyFloat.parse(value.toString()).isEmpty() || unit == null) {
        problem = "row " + id + " has no numeric answer_value and answer_unit";
      }
      Object type = r.get("question_type");
      items.add(new EvalItem(id, type == null ? "none" : type.toString(), String.valueOf(r.get("question")),
          Map.of(), value == null ? "" : value.toString(), media, fields, problem));
    }
    if (items.isEmpty()) {
      throw new IOException(input + " has no QSpatial_plus rows (no image_path containing '" + SPLIT + "')");
    }
    return items;
  }

  /** A JSON list or JSON lines with the parquet's fields and {@code image_path} on disk. */
  private List<Map<String, Object>> readJson(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> nodes = new ArrayList<>();
    if (file.getFileName().toString().endsWith(".jsonl")) {
      for (String line : java.nio.file.Files.readAllLines(file)) {
        if (!line.isBlank()) {
          nodes.add(json.readTree(line));
        }
      }
    } else {
      json.readTree(file.toFile()).forEach(nodes::add);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode n : nodes) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("question", n.path("question").asText());
      r.put("answer_value", n.hasNonNull("answer_value") ? n.get("answer_value").asText() : null);
      r.put("answer_unit", n.hasNonNull("answer_unit") ? n.get("answer_unit").asText() : null);
      r.put("question_type", n.path("question_type").asText("none"));
      String path = n.path("image_path").asText();
      r.put("image_path", path);
      r.put("image_file", Media.resolve(path, options.mediaRoot(), file.getParent()));
      rows.add(r);
    }
    return rows;
  }

  @Override
  public List<PromptPart> prompt(EvalItem item) {
    String template = options.promptMode() == PromptMode.DIRECT ? STANDARD : REASONING;
    List<PromptPart> parts = new ArrayList<>();
    item.media().forEach(m -> parts.add(new PromptPart.Media(m)));
    parts.add(new PromptPart.Text(SYSTEM_PROMPT + "\n" + template.replace("%s", item.question())));
    return parts;
  }

  @Override
  public ModelSettings settings(String modelName) {
    return ModelSettings.vlmEvalKit();
  }

  @Override
  public ItemScore score(EvalItem item, String response) {
    return QSpatialScorer.score(response, PyFloat.parse(item.answer()).orElse(Double.NaN),
        item.field("answer_unit"));
  }

  @Override
  public BenchmarkReport aggregate(List<ScoredItem> items) {
    return Aggregates.microReport(this, items, "mean delta_2 (max(pred/gt, gt/pred) < 2)",
        Map.of("delta_1_5", Aggregates.variantOf(Aggregates.variant(items, "delta_1_5"),
            "mean delta_1_point_5 (ratio < 1.5), logged by the release")));
  }

  @Override
  public String scorerDescription() {
    return "the fork's parse_prediction (\\scalar{} and \\distance_unit{}; boxed{ rewritten), in cm,"
        + " delta = max(p/g, g/p) < 2 with 1e-8 added; unknown unit = 0";
  }
}
