package org.spatialssrl.eval.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.MediaRef;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.eval.PromptMode;

/**
 * A benchmark released as a VLMEvalKit TSV (EVALUATION.md 2.4): one row per item, {@code index},
 * {@code question}, option columns {@code A}..{@code Z}, {@code answer}, optional {@code hint},
 * {@code category} and further columns, base64 images in {@code image} (one image, a JSON list,
 * or, in 64 characters or fewer, the index of the row whose image it shares) or paths in
 * {@code image_path}.
 */
abstract class VlmEvalTsvBenchmark implements Benchmark {
  protected final EvalOptions options;

  VlmEvalTsvBenchmark(EvalOptions options) {
    this.options = options;
  }

  @Override
  public List<EvalItem> load(Path input) throws IOException {
    Path file = input;
    if (Files.isDirectory(input)) {
      file = input.resolve(tsvName());
    }
    VlmEvalTsv.Table table = VlmEvalTsv.read(file);
    for (String required : new String[] {"index", "question", "answer"}) {
      if (!table.columns().contains(required)) {
        throw new IOException(file + " is not a VLMEvalKit TSV: no '" + required + "' column (columns: "
            + table.columns() + ")");
      }
    }
    boolean hasImages = table.columns().contains(VlmEvalTsv.IMAGE) || table.columns().contains("image_path");
    if (!hasImages) {
      throw new IOException(file + " has neither an 'image' nor an 'image_path' column");
    }
    Map<String, VlmEvalTsv.ImageCell> byIndex = new HashMap<>();
    for (VlmEvalTsv.Row r : table.rows()) {
      if (r.image() != null && !r.image().isReference()) {
        byIndex.putIfAbsent(r.cells().getOrDefault("index", ""), r.image());
      }
    }
    List<EvalItem> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (VlmEvalTsv.Row r : table.rows()) {
      Map<String, String> cells = r.cells();
      String index = cells.getOrDefault("index", "");
      String id = index.isEmpty() ? "line-" + r.line() : index;
      String problem = r.problem();
      if (problem == null && !seen.add(id)) {
        problem = "line " + r.line() + ": index " + id + " appears twice";
      }
      Map<String, String> choices = new LinkedHashMap<>();
      for (char c = 'A'; c <= 'Z'; c++) {
        String v = cells.get(String.valueOf(c));
        if (v != null && !VlmEvalTsv.NA.contains(v)) {
          choices.put(String.valueOf(c), v);
        }
      }
      Map<String, String> fields = new LinkedHashMap<>();
      cells.forEach((k, v) -> {
        if (!(k.length() == 1 && Character.isUpperCase(k.charAt(0))) && !k.equals("question")
            && !k.equals("answer") && !k.equals("index")) {
          fields.put(k, v);
        }
      });
      List<MediaRef> media = new ArrayList<>();
      if (problem == null) {
        try {
          media = media(file, r, byIndex);
          problem = Media.missing(media);
        } catch (IOException e) {
          problem = "line " + r.line() + ": " + e.getMessage();
        }
      }
      String category = cells.get("category");
      items.add(new EvalItem(id, category == null || category.isEmpty() ? "none" : category,
          cells.getOrDefault("question", ""), choices, cells.getOrDefault("answer", ""), media, fields, problem));
    }
    return items;
  }

  private List<MediaRef> media(Path file, VlmEvalTsv.Row r, Map<String, VlmEvalTsv.ImageCell> byIndex)
      throws IOException {
    VlmEvalTsv.ImageCell cell = r.image();
    List<MediaRef> out = new ArrayList<>();
    if (cell != null && cell.length() > 0) {
      if (cell.isReference()) {
        String target = cell.head().strip();
        cell = byIndex.get(target);
        if (cell == null) {
          throw new IOException("image cell refers to index " + target + ", which has no image");
        }
      }
      if (cell.isList()) {
        for (int i = 0; i <= cell.commas(); i++) {
          out.add(new MediaRef.TsvImage(file, cell.offset(), cell.length(), cell.quoted(), i));
        }
      } else {
        out.add(new MediaRef.TsvImage(file, cell.offset(), cell.length(), cell.quoted(), -1));
      }
      return out;
    }
    String paths = r.cells().get("image_path");
    if (paths == null || paths.isBlank()) {
      throw new IOException("no image (empty 'image' cell and no 'image_path')");
    }
    List<String> names = new ArrayList<>();
    String t = paths.strip();
    if (t.startsWith("[")) {
      for (String p : t.substring(1, t.length() - 1).split(",")) {
        names.add(p.strip().replace("\"", "").replace("'", ""));
      }
    } else {
      names.add(t);
    }
    for (String name : names) {
      out.add(new MediaRef.ImageFile(Media.resolve(name, options.mediaRoot(), file.getParent(),
          file.getParent().resolve("images").resolve(tsvName().replace(".tsv", "")))));
    }
    return out;
  }

  /**
   * The release's file name ({@code Spatial457.tsv}), looked up when the input is a folder.
   *
   * @return the name
   */
  abstract String tsvName();

  @Override
  public ModelSettings settings(String modelName) {
    return ModelSettings.vlmEvalKit();
  }

  /** Whether scorers take the boxed answer first (format-prompt runs). */
  boolean boxedFirst() {
    return options.promptMode() == PromptMode.FORMAT;
  }
}
