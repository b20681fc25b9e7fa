package org.spatialssrl.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.generate.Sources;
import org.spatialssrl.reward.SpatialReward;
import org.spatialssrl.task.Prompts;

/** {@code ssrl sft-data}'s library: replies that score 1.0, files LLaMA-Factory reads, bad input. */
class ColdStartWriterTest {
  @TempDir static Path tmp;
  static Path dataset;
  static Path fallbackDataset;
  static Path out;
  static ColdStartSummary summary;

  @BeforeAll
  static void make() throws Exception {
    dataset = ColdStartFixtures.builtin(tmp.resolve("dataset"));
    fallbackDataset = ColdStartFixtures.depthFallback(tmp.resolve("fallback"));
    out = tmp.resolve("sft");
    summary = new ColdStartWriter().run(config(dataset, out).build(), ColdStartWriter.Listener.NONE);
  }

  private static ColdStartConfig.Builder config(Path in, Path to) {
    return ColdStartConfig.builder().setDataset(in).setOutput(to);
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      rows.add(RowJson.MAPPER.readTree(line));
    }
    return rows;
  }

  private static String reply(JsonNode row) {
    JsonNode m = row.get("messages");
    assertEquals(2, m.size());
    assertEquals("user", m.get(0).get("role").asText());
    assertEquals("assistant", m.get(1).get("role").asText());
    return m.get(1).get("content").asText();
  }

  /** The text between the think tags. */
  private static String reasoning(JsonNode row) {
    String r = reply(row);
    return r.substring("<think>".length(), r.indexOf("</think>"));
  }

  /** Checks every row of a converted split against its dataset row; returns the task/variants seen. */
  private static Set<String> checkSplit(Path in, Path to, String split) throws IOException {
    List<DatasetRow> source = RowJson.readAll(in.resolve(split + ".jsonl"));
    List<JsonNode> written = lines(to.resolve(split + ".jsonl"));
    assertEquals(source.size(), written.size(), split);
    Set<String> variants = new TreeSet<>();
    for (int i = 0; i < source.size(); i++) {
      DatasetRow s = source.get(i);
      JsonNode w = written.get(i);
      assertEquals(List.of("id", "task", "variant", "answer", "messages", "images"),
          iterate(w.fieldNames()));
      assertEquals(s.id(), w.get("id").asText(), "dataset order kept");
      assertEquals(s.task(), w.get("task").asText());
      assertEquals(s.variant(), w.get("variant").asText());
      assertEquals(s.answer(), w.get("answer").asText());
      assertEquals(s.problem(), w.get("messages").get(0).get("content").asText(), "problem verbatim");
      String r = reply(w);
      assertEquals(1.0, SpatialReward.released().score(r, s.answer()).overall(), s.id() + ": " + r);
      assertTrue(r.matches("(?s)<think>[^<>{}\\\\]+</think>\n\\\\boxed\\{[^{}]+\\}"), r);
      assertTrue(r.endsWith("</think>\n\\boxed{" + s.answer() + "}"), r);
      List<String> images = new ArrayList<>();
      w.get("images").forEach(n -> images.add(n.asText()));
      assertEquals(s.images(), images);
      for (String image : images) {
        assertTrue(Files.isSameFile(in.resolve(image), to.resolve(image)), "hard link " + image);
      }
      variants.add(s.task() + "/" + s.variant());
    }
    return variants;
  }

  private static List<String> iterate(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void everyRowOfEveryTaskAndVariantScoresOne() throws Exception {
    Set<String> seen = new TreeSet<>(checkSplit(dataset, out, "train"));
    Set<String> val = checkSplit(dataset, out, "val");
    assertFalse(val.isEmpty());
    seen.addAll(val);
    Path fallbackOut = tmp.resolve("sft-fallback");
    new ColdStartWriter().run(config(fallbackDataset, fallbackOut).build(), ColdStartWriter.Listener.NONE);
    seen.addAll(checkSplit(fallbackDataset, fallbackOut, "train"));
    assertEquals(new TreeSet<>(List.of("crop/4-options", "depth/window-25", "depth/window-fallback",
        "flip/horizontal", "flip/vertical", "position/far-diff-x", "position/far-same-x",
        "position/near", "shuffle/1x3", "shuffle/1x4", "shuffle/2x2", "shuffle/2x2-masked",
        "shuffle/3x1", "shuffle/4x1")), seen);
    assertEquals(summary.inputRowsBySplit(), summary.rowsBySplit());
  }

  @Test
  void everyPhrasingOfEveryRowScoresOneAndThePhrasingsDiffer() throws Exception {
    Reasoning reasoning = Reasoning.load(42);
    Map<String, Set<String>> openings = new TreeMap<>();
    for (String split : List.of("train", "val")) {
      for (DatasetRow row : RowJson.readAll(dataset.resolve(split + ".jsonl"))) {
        int n = reasoning.templates().get(row.task()).phrasings();
        assertTrue(n >= 3, row.task());
        Set<String> texts = new HashSet<>();
        for (int p = 0; p < n; p++) {
          String r = reasoning.reply(row, p).text();
          assertEquals(1.0, SpatialReward.released().score(r, row.answer()).overall(), r);
          texts.add(r);
          openings.computeIfAbsent(row.task(), t -> new TreeSet<>())
              .add(String.join(" ", List.of(r.split(" ")).subList(0, 3)));
        }
        assertEquals(n, texts.size(), "phrasings of " + row.id() + " are distinct");
      }
    }
    openings.forEach((task, o) -> assertTrue(o.size() >= 3, task + ": " + o));

    // The seed spreads the rows of each task over all its phrasings.
    Map<String, Set<String>> used = new TreeMap<>();
    for (JsonNode row : lines(out.resolve("train.jsonl"))) {
      String r = reasoning(row);
      used.computeIfAbsent(row.get("task").asText(), t -> new TreeSet<>())
          .add(String.join(" ", List.of(r.split(" ")).subList(0, 3)));
    }
    assertEquals(Set.of("shuffle", "flip", "crop", "depth", "position"), used.keySet());
    used.forEach((task, o) -> assertTrue(o.size() >= 3, task + " uses " + o));
    summary.byPhrasing().forEach((k, v) -> assertTrue(v > 0, k));
  }

  // ------------------------------------------------------------- the reasoning states the facts

  private static Map<String, JsonNode> metadataById() throws IOException {
    Map<String, JsonNode> meta = new HashMap<>();
    for (String split : List.of("train", "val")) {
      for (DatasetRow r : RowJson.readAll(dataset.resolve(split + ".jsonl"))) {
        meta.put(r.id(), RowJson.MAPPER.readTree(r.metadata()));
      }
    }
    return meta;
  }

  private static List<String[]> all(String regex, String text) {
    List<String[]> found = new ArrayList<>();
    var m = java.util.regex.Pattern.compile(regex).matcher(text);
    while (m.find()) {
      String[] g = new String[m.groupCount() + 1];
      for (int i = 0; i <= m.groupCount(); i++) {
        g[i] = m.group(i);
      }
      found.add(g);
    }
    return found;
  }

  private static final List<String> CORNERS = List.of("top-left", "top-right", "bottom-left", "bottom-right");

  @Test
  void shuffleTracesNameTheTrueNeighboursAndOrder() throws Exception {
    Map<String, JsonNode> meta = metadataById();
    int checked = 0;
    for (String split : List.of("train", "val")) {
      for (JsonNode row : lines(out.resolve(split + ".jsonl"))) {
        if (!row.get("task").asText().equals("shuffle")) {
          continue;
        }
        JsonNode m = meta.get(row.get("id").asText());
        int rows = m.get("rows").asInt();
        int cols = m.get("cols").asInt();
        int n = rows * cols;
        int[] labelAt = new int[n];
        for (int slot = 0; slot < n; slot++) {
          labelAt[m.get("slot_to_original").get(slot).asInt()] = slot;
        }
        int white = m.get("masked_slot").isNull() ? -1 : m.get("masked_slot").asInt();
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < n; i++) {
          if (i % cols + 1 < cols && labelAt[i] != white && labelAt[i + 1] != white) {
            expected.add(labelAt[i] + ">" + labelAt[i + 1]);
          }
          if (i / cols + 1 < rows && labelAt[i] != white && labelAt[i + cols] != white) {
            expected.add(labelAt[i] + "v" + labelAt[i + cols]);
          }
        }
        String t = reasoning(row);
        Set<String> claimed = new TreeSet<>();
        all("right edge of (?:patch |strip )?(\\d) continues into the left edge of (?:patch |strip )?(\\d)", t)
            .forEach(g -> claimed.add(g[1] + ">" + g[2]));
        all("(\\d) lines up with (\\d) on its right", t).forEach(g -> claimed.add(g[1] + ">" + g[2]));
        all("(\\d) continues (\\d) to the right", t).forEach(g -> claimed.add(g[2] + ">" + g[1]));
        all("bottom edge of (?:patch |strip )?(\\d) continues into the top edge of (?:patch |strip )?(\\d)", t)
            .forEach(g -> claimed.add(g[1] + "v" + g[2]));
        all("(\\d) lines up with (\\d) below it", t).forEach(g -> claimed.add(g[1] + "v" + g[2]));
        all("(\\d) continues (\\d) downward", t).forEach(g -> claimed.add(g[2] + "v" + g[1]));
        assertEquals(expected, claimed, t);

        String last = t.substring(t.lastIndexOf(". ", t.length() - 2) + 2);
        assertEquals(row.get("answer").asText().replace("-", ""), last.replaceAll("[^0-9]", ""), t);
        if (white >= 0) {
          List<String[]> w = all("(?:Patch (\\d) is all white|white patch, (\\d),|Patch (\\d) shows only white)"
              + "[^.]*?(top-left|top-right|bottom-left|bottom-right)", t);
          assertEquals(1, w.size(), t);
          String label = w.get(0)[1] != null ? w.get(0)[1] : w.get(0)[2] != null ? w.get(0)[2] : w.get(0)[3];
          assertEquals(String.valueOf(white), label, t);
          assertEquals(CORNERS.get(m.get("slot_to_original").get(white).asInt()), w.get(0)[4], t);
        }
        checked++;
      }
    }
    assertTrue(checked >= 40, "checked " + checked);
  }

  @Test
  void flipTracesNameTheFlippedPatchAndDirection() throws Exception {
    Map<String, JsonNode> meta = metadataById();
    int checked = 0;
    for (JsonNode row : lines(out.resolve("train.jsonl"))) {
      if (!row.get("task").asText().equals("flip")) {
        continue;
      }
      JsonNode m = meta.get(row.get("id").asText());
      int k = m.get("flipped_patch").asInt();
      int d = m.get("direction").asInt();
      String t = reasoning(row);
      List<String[]> named = all("[Pp]atch (\\d) (?:in the |at the |\\()(top-left|top-right|bottom-left|bottom-right)", t);
      assertEquals(1, named.size(), t);
      assertEquals(String.valueOf(k), named.get(0)[1], t);
      assertEquals(CORNERS.get(k), named.get(0)[2], t);
      String right = d == 0 ? "(upside down|vertically)" : "(mirrored|horizontally)";
      String wrong = d == 0 ? "(mirror|horizontal)" : "(upside|vertical)";
      assertFalse(all(right, t).isEmpty(), t);
      assertTrue(all(wrong, t).isEmpty(), t);
      assertTrue(t.contains("direction " + d), t);
      checked++;
    }
    assertTrue(checked >= 10, "checked " + checked);
  }

  @Test
  void cropTracesDescribeEachOptionByItsMethod() throws Exception {
    Map<String, JsonNode> meta = metadataById();
    Map<String, String> words = Map.of("interior", "zoomed in", "exterior-0.25", "zoomed out",
        "exterior-0.5", "zoomed out", "rotate-cw", "the missing content turned 90 degrees clockwise",
        "rotate-ccw", "the missing content turned 90 degrees counter-clockwise");
    int checked = 0;
    for (JsonNode row : lines(out.resolve("train.jsonl"))) {
      if (!row.get("task").asText().equals("crop")) {
        continue;
      }
      JsonNode m = meta.get(row.get("id").asText());
      Map<String, String> expected = new TreeMap<>();
      String truth = null;
      for (JsonNode o : m.get("options")) {
        if (o.get("method").asText().equals("true")) {
          truth = o.get("slot").asText();
        } else {
          expected.put(o.get("slot").asText(), words.get(o.get("method").asText()));
        }
      }
      String t = reasoning(row);
      Map<String, String> described = new TreeMap<>();
      all("(?i)option ([A-D]) is (zoomed in|zoomed out|the missing content turned 90 degrees"
          + " (?:counter-)?clockwise)", t).forEach(g -> described.put(g[1].toUpperCase(), g[2]));
      assertEquals(expected, described, t);
      List<String[]> fits = all("(?i)option ([A-D]) (?:continues|fits|matches)", t);
      assertEquals(1, fits.size(), t);
      assertEquals(truth, fits.get(0)[1], t);
      assertEquals(truth, row.get("answer").asText());
      checked++;
    }
    assertTrue(checked >= 10, "checked " + checked);
  }

  @Test
  void depthTracesListRegionsNearestFirstWithTheirPlaces() throws Exception {
    Map<String, JsonNode> meta = metadataById();
    int checked = 0;
    int placed = 0;
    for (JsonNode row : lines(out.resolve("train.jsonl"))) {
      if (!row.get("task").asText().equals("depth")) {
        continue;
      }
      JsonNode m = meta.get(row.get("id").asText());
      List<String> order = new ArrayList<>();
      m.get("order_near_to_far").forEach(x -> order.add(x.asText()));
      String t = reasoning(row);
      List<String> mentioned = new ArrayList<>();
      all("(?:[Rr]egion|marker) (\\d)", t).forEach(g -> {
        if (!mentioned.contains(g[1])) {
          mentioned.add(g[1]);
        }
      });
      assertEquals(order, mentioned, t);
      List<Double> depths = new ArrayList<>();
      all("about (\\d\\.\\d\\d)", t).forEach(g -> depths.add(Double.valueOf(g[1])));
      for (int i = 1; i < depths.size(); i++) {
        assertTrue(depths.get(i - 1) <= depths.get(i), t);
      }
      int w = m.get("image_width").asInt();
      int h = m.get("image_height").asInt();
      for (JsonNode r : m.get("regions")) {
        int x = r.get("centre_x").asInt();
        int y = r.get("centre_y").asInt();
        String row3 = y < h / 3.0 ? "top" : y < 2 * h / 3.0 ? "middle" : "bottom";
        String col3 = x < w / 3.0 ? "left" : x < 2 * w / 3.0 ? "centre" : "right";
        String place = row3.equals("middle") && col3.equals("centre") ? "centre" : row3 + "-" + col3;
        String label = r.get("label").asText();
        for (String[] g : all("(?:[Rr]egion " + label + " \\(([a-z-]+)\\)|marker " + label + " in the ([a-z-]+))", t)) {
          assertEquals(place, g[1] != null ? g[1] : g[2], t);
          placed++;
        }
      }
      checked++;
    }
    assertTrue(checked >= 10, "checked " + checked);
    assertTrue(placed >= 9, "places checked " + placed);
  }

  @Test
  void positionTracesStateTheFrameAndTheOffset() throws Exception {
    Map<String, JsonNode> meta = metadataById();
    Map<String, String> looking = Map.of("left", "toward the left of the image", "right",
        "toward the right of the image", "toward", "toward me", "away", "away from me, into the scene");
    int checked = 0;
    for (JsonNode row : lines(out.resolve("train.jsonl"))) {
      if (!row.get("task").asText().equals("position")) {
        continue;
      }
      JsonNode m = meta.get(row.get("id").asText());
      String camera = m.get("camera_label").asText();
      String target = m.get("target_label").asText();
      double dx = m.get("dx").asDouble();
      double dd = m.get("dd").asDouble();
      String variant = row.get("variant").asText();
      String t = reasoning(row);
      List<String[]> cam = all("(?:[Ss]tands at|[Ss]tanding at|camera at) marker (\\d)", t);
      assertEquals(1, cam.size(), t);
      assertEquals(camera, cam.get(0)[1], t);
      assertTrue(t.contains(looking.get(m.get("facing").asText())), t);
      List<String[]> offset = all("Marker (\\d) (?:is|lies) (to the right of|to the left of|at nearly the"
          + " same horizontal position as) marker (\\d)", t);
      assertEquals(1, offset.size(), t);
      assertEquals(target, offset.get(0)[1], t);
      assertEquals(camera, offset.get(0)[3], t);
      assertEquals(variant.equals("far-same-x") ? "at nearly the same horizontal position as"
          : dx >= 0 ? "to the right of" : "to the left of", offset.get(0)[2], t);
      if (variant.equals("near")) {
        assertTrue(t.contains("about the same depth"), t);
        assertFalse(t.contains("farther from me") || t.contains("closer to me"), t);
      } else {
        assertTrue(t.contains(dd >= 0 ? "farther from me" : "closer to me"), t);
        assertFalse(t.contains(dd >= 0 ? "closer to me" : "farther from me"), t);
      }
      String letter = row.get("answer").asText();
      String truth = m.get("options").get(letter.charAt(0) - 'A').asText();
      assertEquals(truth, m.get("true_option").asText());
      assertTrue(t.contains(truth + ", option " + letter) || t.contains(truth + ": option " + letter)
          || t.contains(truth + ", which is option " + letter), t);
      checked++;
    }
    assertTrue(checked >= 10, "checked " + checked);
  }

  // ------------------------------------------------------------- determinism and selection

  @Test
  void sameSeedGivesTheSameBytesAnotherSeedOtherPhrasings() throws Exception {
    Path again = tmp.resolve("sft-again");
    new ColdStartWriter().run(config(dataset, again).build(), ColdStartWriter.Listener.NONE);
    assertEquals(Sources.fingerprint(out), Sources.fingerprint(again));

    Path other = tmp.resolve("sft-seed7");
    new ColdStartWriter().run(config(dataset, other).optSeed(7).build(), ColdStartWriter.Listener.NONE);
    List<JsonNode> a = lines(out.resolve("train.jsonl"));
    List<JsonNode> b = lines(other.resolve("train.jsonl"));
    assertEquals(a.size(), b.size());
    int differ = 0;
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).get("id"), b.get(i).get("id"));
      assertEquals(a.get(i).get("answer"), b.get(i).get("answer"));
      differ += reply(a.get(i)).equals(reply(b.get(i))) ? 0 : 1;
    }
    assertTrue(differ > a.size() / 3, differ + " of " + a.size() + " replies differ");
  }

  @Test
  void capsKeepASeededSubsetOfEachTaskInDatasetOrder() throws Exception {
    List<String> order = new ArrayList<>();
    RowJson.readAll(dataset.resolve("train.jsonl")).forEach(r -> order.add(r.id()));

    Path limited = tmp.resolve("sft-limit");
    ColdStartSummary s = new ColdStartWriter().run(config(dataset, limited).optLimit(12)
        .optSplits(List.of("train")).build(), ColdStartWriter.Listener.NONE);
    assertEquals(Map.of("train", 12), s.rowsBySplit());
    assertFalse(Files.exists(limited.resolve("val.jsonl")));
    JsonNode info = RowJson.MAPPER.readTree(limited.resolve("dataset_info.json").toFile());
    assertEquals(List.of(ColdStartConfig.DEFAULT_NAME), iterate(info.fieldNames()));
    Map<String, Integer> perTask = new LinkedHashMap<>();
    int last = -1;
    for (JsonNode row : lines(limited.resolve("train.jsonl"))) {
      perTask.merge(row.get("task").asText(), 1, Integer::sum);
      int at = order.indexOf(row.get("id").asText());
      assertTrue(at > last, "dataset order");
      last = at;
    }
    // 12 over 5 tasks: 2 each, the 2 left over to the first tasks in file order.
    assertEquals(Map.of("shuffle", 3, "flip", 3, "crop", 2, "depth", 2, "position", 2), perTask);

    Path capped = tmp.resolve("sft-cap");
    s = new ColdStartWriter().run(config(dataset, capped).optPerTask(4)
        .optPerTaskCaps(Map.of("shuffle", 9)).build(), ColdStartWriter.Listener.NONE);
    Map<String, Integer> train = new TreeMap<>();
    s.byTaskVariant().forEach((k, v) -> {
      if (k.startsWith("train/")) {
        train.merge(k.split("/")[1], v, Integer::sum);
      }
    });
    assertEquals(Map.of("shuffle", 9, "flip", 4, "crop", 4, "depth", 4, "position", 4), train);

    // Another seed draws another subset; the same seed the same one.
    Path limited7 = tmp.resolve("sft-limit7");
    new ColdStartWriter().run(config(dataset, limited7).optLimit(12).optSeed(7)
        .optSplits(List.of("train")).build(), ColdStartWriter.Listener.NONE);
    assertNotEquals(ids(limited), ids(limited7));
    Path limitedAgain = tmp.resolve("sft-limit-again");
    new ColdStartWriter().run(config(dataset, limitedAgain).optLimit(12)
        .optSplits(List.of("train")).build(), ColdStartWriter.Listener.NONE);
    assertEquals(Sources.fingerprint(limited), Sources.fingerprint(limitedAgain));
  }

  private static List<String> ids(Path dir) throws IOException {
    List<String> ids = new ArrayList<>();
    lines(dir.resolve("train.jsonl")).forEach(r -> ids.add(r.get("id").asText()));
    return ids;
  }

  // ------------------------------------------------------------- LLaMA-Factory files

  @Test
  void llamaFactoryFilesAreValidShareGpt() throws Exception {
    JsonNode info = RowJson.MAPPER.readTree(out.resolve("dataset_info.json").toFile());
    assertEquals(List.of("spatial_ssrl_coldstart", "spatial_ssrl_coldstart_val"), iterate(info.fieldNames()));
    for (String split : List.of("train", "val")) {
      String name = split.equals("train") ? "spatial_ssrl_coldstart" : "spatial_ssrl_coldstart_val";
      JsonNode e = info.get(name);
      assertEquals(name + ".json", e.get("file_name").asText());
      assertEquals("sharegpt", e.get("formatting").asText());
      assertEquals(RowJson.MAPPER.readTree("{\"messages\":\"messages\",\"images\":\"images\"}"), e.get("columns"));
      assertEquals(RowJson.MAPPER.readTree("{\"role_tag\":\"role\",\"content_tag\":\"content\","
          + "\"user_tag\":\"user\",\"assistant_tag\":\"assistant\"}"), e.get("tags"));
      JsonNode array = RowJson.MAPPER.readTree(out.resolve(e.get("file_name").asText()).toFile());
      List<JsonNode> jsonl = lines(out.resolve(split + ".jsonl"));
      assertTrue(array.isArray());
      assertEquals(jsonl.size(), array.size());
      for (int i = 0; i < array.size(); i++) {
        JsonNode g = array.get(i);
        assertEquals(List.of("messages", "images"), iterate(g.fieldNames()));
        assertEquals(jsonl.get(i).get("messages"), g.get("messages"));
        assertEquals(jsonl.get(i).get("images"), g.get("images"));
        String user = g.get("messages").get(0).get("content").asText();
        assertEquals(g.get("images").size(), Prompts.countImagePlaceholders(user));
        assertFalse(reply(g).contains("<image>"));
        for (JsonNode image : g.get("images")) {
          Path p = Path.of(image.asText());
          assertFalse(p.isAbsolute());
          assertTrue(Files.isRegularFile(out.resolve(p)), image.asText()); // media_dir = DIR
        }
      }
    }
    List<String> card = Files.readAllLines(out.resolve("README.md"));
    assertEquals(ColdStartWriter.CARD_TITLE, card.get(0));
    summary.byTaskVariant().forEach((k, v) -> {
      String[] p = k.split("/");
      assertTrue(card.contains("| " + p[0] + " | " + p[1] + " | " + p[2] + " | " + v + " |"), k);
    });
    assertTrue(String.join("\n", card).contains("with seed 42"));
  }

  // ------------------------------------------------------------- output folder

  @Test
  void copiesWhenAskedAndReplacesAnEarlierOutput() throws Exception {
    Path dir = tmp.resolve("sft-copy");
    ColdStartSummary first = new ColdStartWriter().run(config(dataset, dir).optCopyImages(true).build(),
        ColdStartWriter.Listener.NONE);
    assertEquals(0, first.imagesLinked());
    String image = lines(dir.resolve("train.jsonl")).get(0).get("images").get(0).asText();
    assertFalse(Files.isSameFile(dataset.resolve(image), dir.resolve(image)));
    assertEquals(-1L, Files.mismatch(dataset.resolve(image), dir.resolve(image)));

    ColdStartSummary second = new ColdStartWriter().run(config(dataset, dir).optLimit(5).build(),
        ColdStartWriter.Listener.NONE);
    assertEquals(5, second.rowsBySplit().get("train"));
    long files;
    try (Stream<Path> walk = Files.walk(dir.resolve("images"))) {
      files = walk.filter(Files::isRegularFile).count();
    }
    assertEquals(second.imagesLinked() + second.imagesCopied(), files, "no stale images left");
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".sft-copy")));
    }
  }

  // ------------------------------------------------------------- bad input

  /** A dataset folder whose train.jsonl is the original's with each line rewritten. */
  private static Path broken(String name, UnaryOperator<ObjectNode> edit) throws IOException {
    Path dir = tmp.resolve("broken-" + name);
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("images"), dataset.resolve("images"));
    List<String> lines = new ArrayList<>();
    int i = 0;
    for (String line : Files.readAllLines(dataset.resolve("train.jsonl"))) {
      ObjectNode row = (ObjectNode) RowJson.MAPPER.readTree(line);
      lines.add((i++ == 3 ? edit.apply(row) : row).toString());
    }
    Files.write(dir.resolve("train.jsonl"), lines);
    return dir;
  }

  private static String refused(Path in, Path to) {
    ColdStartException e = assertThrows(ColdStartException.class,
        () -> new ColdStartWriter().run(config(in, to).build(), ColdStartWriter.Listener.NONE));
    assertFalse(Files.exists(to), "nothing written: " + to);
    assertFalse(Files.exists(to.resolveSibling("." + to.getFileName() + ".sft-data-tmp")));
    return e.getMessage();
  }

  @Test
  void badInputStopsWithTheFileAndReasonBeforeWriting() throws Exception {
    Path to = tmp.resolve("never");
    String m = refused(tmp.resolve("no-such-dataset"), to);
    assertTrue(m.contains("no-such-dataset") && m.contains("no such dataset folder"), m);

    Path empty = Files.createDirectories(tmp.resolve("empty-dataset"));
    m = refused(empty, to);
    assertTrue(m.contains(empty.resolve("train.jsonl").toString()) && m.contains("ssrl generate"), m);

    Path noAnswer = broken("no-answer", r -> {
      r.remove("answer");
      return r;
    });
    m = refused(noAnswer, to);
    assertTrue(m.contains(noAnswer.resolve("train.jsonl") + ":4") && m.contains("'answer'"), m);

    Path emptyAnswer = broken("empty-answer", r -> r.put("answer", ""));
    m = refused(emptyAnswer, to);
    assertTrue(m.contains("train.jsonl:4") && m.contains("without answers"), m);

    Path noMeta = broken("no-metadata", r -> r.put("metadata", "{}"));
    m = refused(noMeta, to);
    assertTrue(m.contains(noMeta.resolve("train.jsonl") + ":4") && m.contains("metadata is empty"), m);

    Path partialMeta = broken("partial-metadata", r -> r.put("metadata", "{\"rows\":2}"));
    m = refused(partialMeta, to);
    assertTrue(m.contains("train.jsonl:4") && m.contains("metadata"), m);

    Path wrongAnswer = broken("wrong-answer", r -> r.put("answer", "9-9-9-9"));
    m = refused(wrongAnswer, to);
    assertTrue(m.contains("train.jsonl:4") && m.contains("the metadata gives the answer"), m);

    Path missingImage = broken("missing-image", r -> {
      r.putArray("images").add("images/shuffle/not-there.jpg");
      return r;
    });
    m = refused(missingImage, to);
    assertTrue(m.contains(missingImage.resolve("images/shuffle/not-there.jpg").toString())
        && m.contains("not found"), m);

    Path escaping = broken("escaping-image", r -> {
      r.putArray("images").add("../dataset/images/x.jpg");
      return r;
    });
    m = refused(escaping, to);
    assertTrue(m.contains("must be relative to the dataset folder"), m);

    Path notJson = tmp.resolve("not-json");
    Files.createDirectories(notJson);
    Files.writeString(notJson.resolve("train.jsonl"), "{\"id\": \n");
    m = refused(notJson, to);
    assertTrue(m.contains(notJson.resolve("train.jsonl") + ":1") && m.contains("not JSON"), m);

    ColdStartException e = assertThrows(ColdStartException.class, () -> new ColdStartWriter()
        .run(config(noAnswer, to).optSplits(List.of("val")).build(), ColdStartWriter.Listener.NONE));
    assertTrue(e.getMessage().contains(noAnswer.resolve("val.jsonl").toString()), e.getMessage());

    // A folder of someone else's files is never replaced.
    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    e = assertThrows(ColdStartException.class, () -> new ColdStartWriter()
        .run(config(dataset, foreign).build(), ColdStartWriter.Listener.NONE));
    assertTrue(e.getMessage().contains("is not an earlier ssrl sft-data output"), e.getMessage());
    assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
    e = assertThrows(ColdStartException.class, () -> new ColdStartWriter()
        .run(config(dataset, dataset).build(), ColdStartWriter.Listener.NONE));
    assertTrue(e.getMessage().contains("holds the dataset"), e.getMessage());
  }

  @Test
  void configurationMistakesAreNamed() {
    assertThrows(IllegalArgumentException.class, () -> config(dataset, out).optLimit(0).build());
    assertThrows(IllegalArgumentException.class, () -> config(dataset, out).optPerTask(0).build());
    assertThrows(IllegalArgumentException.class,
        () -> config(dataset, out).optSplits(List.of("test")).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config(dataset, out).optName("my data/set").build());
    assertTrue(e.getMessage().contains("--name"));
  }
}
