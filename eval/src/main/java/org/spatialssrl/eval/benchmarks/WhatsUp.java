package org.spatialssrl.eval.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.spatialssrl.eval.score.WhatsUpScorer;

/**
 * What'sUp (EVALUATION.md 3.5, {@code whatsup_eval/main.py}): the {@code Controlled_Images}
 * JSON files of {@code amitakamath/whatsup_vlms} ({@code controlled_images_dataset.json} = subset
 * A, {@code controlled_clevr_dataset.json} = subset B) with their image folders. Given a folder,
 * both subsets are pooled (ids {@code A/0}.., {@code B/0}..), which is what Table 1's k/820
 * values imply; given one file, ids are 0-based positions.
 */
final class WhatsUp implements Benchmark {
  static final String COT_INTRO = "Based on the image, choose the correct option from the list below.";
  static final String DIRECT_INTRO = "Based on the image, choose the correct option from the list below."
      + " Only respond the corresponding letter (e.g., C).\n\n";
  private static final String[] LABELS = {"A", "B", "C", "D"};
  private static final Map<String, String> FILES = Map.of(
      "A", "controlled_images_dataset.json", "B", "controlled_clevr_dataset.json");

  private final EvalOptions options;

  WhatsUp(EvalOptions options) {
    this.options = options;
  }

  @Override
  public String id() {
    return "whatsup";
  }

  @Override
  public String displayName() {
    return "What'sUp";
  }

  @Override
  public List<EvalItem> load(Path input) throws IOException {
    if (Files.isRegularFile(input)) {
      String subset = input.getFileName().toString().contains("clevr") ? "B" : "A";
      return load(input, subset, false);
    }
    List<EvalItem> items = new ArrayList<>();
    for (String subset : new String[] {"A", "B"}) {
      Path f = input.resolve(FILES.get(subset));
      if (!Files.isRegularFile(f)) {
        f = input.resolve("data").resolve(FILES.get(subset));
      }
      if (Files.isRegularFile(f)) {
        items.addAll(load(f, subset, true));
      }
    }
    if (items.isEmpty()) {
      throw new IOException("no " + FILES.get("A") + " or " + FILES.get("B") + " in " + input + " or its data/ folder");
    }
    return items;
  }

  private List<EvalItem> load(Path file, String subset, boolean prefixed) throws IOException {
    List<JsonNode> nodes = JsonList.read(file);
    List<EvalItem> items = new ArrayList<>();
    Path dir = file.toAbsolutePath().getParent();
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode n = nodes.get(i);
      String id = prefixed ? subset + "/" + i : String.valueOf(i);
      String type = "Controlled_Images_" + subset;
      String path = JsonList.text(n, "image_path");
      JsonNode captions = n.get("caption_options");
      Map<String, String> options = new LinkedHashMap<>();
      String problem = null;
      if (path == null || captions == null || !captions.isArray() || captions.isEmpty() || captions.size() > 4) {
        problem = file + " item " + i + ": needs 'image_path' and 1 to 4 'caption_options'";
      } else {
        for (int k = 0; k < captions.size(); k++) {
          options.put(LABELS[k], captions.get(k).asText());
        }
      }
      List<MediaRef> media = new ArrayList<>();
      if (path != null) {
        media.add(new MediaRef.ImageFile(Media.resolve(path, this.options.mediaRoot(), dir, dir.getParent())));
        if (problem == null) {
          problem = Media.missing(media);
        }
      }
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("preposition", preposition(path == null ? "" : path, subset));
      items.add(new EvalItem(id, type, "", options, "A", media, fields, problem));
    }
    return items;
  }

  /** The release's preposition label, from the file name. */
  private static String preposition(String path, String subset) {
    if (path.contains("left_of")) {
      return "left_of";
    }
    if (path.contains("right_of")) {
      return "right_of";
    }
    if (subset.equals("A")) {
      return path.contains("_on_") ? "on" : "under";
    }
    return path.contains("_in-front_of_") ? "in-front_of" : "behind";
  }

  private boolean cot() {
    return options.promptMode() != PromptMode.DIRECT;
  }

  @Override
  public List<PromptPart> prompt(EvalItem item) {
    StringBuilder captions = new StringBuilder();
    for (Map.Entry<String, String> e : item.options().entrySet()) {
      captions.append(captions.length() > 0 ? "\n" : "").append(e.getKey()).append(": ").append(e.getValue());
    }
    String intro = cot() ? COT_INTRO + Prompting.FORMAT : DIRECT_INTRO;
    List<PromptPart> parts = new ArrayList<>();
    item.media().forEach(m -> parts.add(new PromptPart.Media(m)));
    parts.add(new PromptPart.Text(intro + captions));
    return parts;
  }

  @Override
  public ModelSettings settings(String modelName) {
    ModelSettings s = ModelSettings.greedy4096(4 * ModelSettings.TOKEN_PIXELS, 512 * ModelSettings.TOKEN_PIXELS);
    if (modelName != null && modelName.toLowerCase(Locale.ROOT).contains("qwen2.5-vl-3b")) {
      return s.withSampling(cot() ? 0.7 : 0.45, 0.9, 50); // the script samples for 3B models
    }
    return s;
  }

  @Override
  public ItemScore score(EvalItem item, String response) {
    return WhatsUpScorer.score(response, cot());
  }

  @Override
  public BenchmarkReport aggregate(List<ScoredItem> items) {
    return Aggregates.microReport(this, items,
        "micro over the pooled subsets (Mean_Accuracy; the release's \"A\" in answer rule)",
        Map.of("whatsup_strict", Aggregates.variantOf(Aggregates.variant(items, "whatsup_strict"),
            "strict: the first standalone letter A-D is A")));
  }

  @Override
  public String scorerDescription() {
    return (cot() ? "the last boxed\\{([^}]*)\\} (empty if none)" : "the whole response")
        + " contains a capital A (the right caption is always option A)";
  }
}
