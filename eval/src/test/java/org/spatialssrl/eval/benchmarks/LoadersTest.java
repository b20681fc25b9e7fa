package org.spatialssrl.eval.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.Benchmarks;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.MediaRef;
import org.spatialssrl.eval.PromptMode;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.eval.ScoredItem;
import org.spatialssrl.task.Prompts;

/** Each loader on a small file in its release's format, and the prompts it builds. */
class LoadersTest {
  @TempDir Path tmp;
  private static final String FORMAT = Prompts.FORMAT_PROMPT;

  private static Benchmark bench(String id) {
    return Benchmarks.create(id, EvalOptions.defaults());
  }

  private static String text(List<PromptPart> parts) {
    StringBuilder sb = new StringBuilder();
    for (PromptPart p : parts) {
      sb.append(p instanceof PromptPart.Text t ? t.text() : "<img>");
    }
    return sb.toString();
  }

  @Test
  void spatial457TsvWithQuotingReferencesAndBadRows() throws IOException {
    String q = "Is there a \"red\"\tthing?\nCount it.";
    Path f = Fixtures.tsv(tmp.resolve("Spatial457.tsv"), List.of(
        List.of("index", "image", "question", "answer", "category"),
        List.of("10", Fixtures.b64(1), "What color is the jet?", "red", "L1_single"),
        List.of("11", Fixtures.b64(2), q, "Yes", "L4_pose"),
        List.of("12", "10", "How many?", "3", "L2_objects"),
        List.of("13", Fixtures.b64(3), "short row"),
        List.of("11", Fixtures.b64(4), "again", "No", "L4_occ"),
        List.of("14", "", "no image", "No", "L4_occ")));
    List<EvalItem> items = bench("spatial457").load(tmp); // a folder: the release's file name
    assertEquals(List.of("10", "11", "12", "13", "11", "14"), items.stream().map(EvalItem::id).toList());
    assertEquals(q, items.get(1).question());
    assertEquals("L4_pose", items.get(1).type());
    assertNull(items.get(0).problem());
    assertArrayEquals(Fixtures.png(12, 10, 2), items.get(1).media().get(0).read());
    assertArrayEquals(Fixtures.png(12, 10, 1), items.get(2).media().get(0).read(), "a short cell is an index reference");
    assertTrue(items.get(3).problem().contains("3 fields, the header has 5"), items.get(3).problem());
    assertTrue(items.get(4).problem().contains("appears twice"));
    assertNotNull(items.get(5).problem());

    List<PromptPart> parts = bench("spatial457").prompt(items.get(1));
    assertEquals(4, parts.size());
    assertTrue(((PromptPart.Text) parts.get(0)).text().contains("their facing direction in 3D space from the camera view"));
    assertTrue(parts.get(1) instanceof PromptPart.Media);
    assertEquals(q, ((PromptPart.Text) parts.get(2)).text());
    String last = ((PromptPart.Text) parts.get(3)).text();
    assertTrue(last.endsWith("choose the best answer that fits the question. " + FORMAT), last);
    assertTrue(last.contains("Small, Large, Airliner, Dirtbike, Road bike,"));

    Benchmark fork = Benchmarks.create("spatial457", EvalOptions.defaults().withForkInjection(true));
    List<PromptPart> forked = fork.prompt(items.get(1));
    assertEquals(3, forked.stream().filter(p -> p instanceof PromptPart.Text t && t.text().endsWith(FORMAT)).count(),
        "the fork appends the format prompt to every text part");
    assertTrue(((PromptPart.Text) forked.get(3)).text().endsWith("the question.\n\n" + FORMAT));
    String cot = text(Benchmarks.create("spatial457", EvalOptions.defaults().withPromptMode(PromptMode.COT)).prompt(items.get(5)));
    assertTrue(cot.endsWith("{'Reasoning': '<your reasons>', 'Answer': '<Your answer>'}") && !cot.contains(FORMAT));
    String l5 = text(bench("spatial457").prompt(new EvalItem("x", "L5_6d_spatial", "q", Map.of(), "a", List.of(), Map.of(), null)));
    assertTrue(l5.contains("objects\u2019 perspective"), "typographic apostrophe kept");
  }

  @Test
  void threeDsrTsvOptionsPromptAndSettings() throws IOException {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("index", "qid", "question", "A", "B", "C", "D", "answer", "category", "image"));
    String[] qids = {"VIN6MS3J", "VIN6MS3J-1", "VIN6MS3J-flip", "VIN6MS3J-flip-1", "XYZ12345"};
    for (int i = 0; i < qids.length; i++) {
      rows.add(List.of(String.valueOf(i), qids[i], "Is the cup left of the plate?", "yes", "no", "", "nan",
          "A", "location_next_to", Fixtures.b64(i)));
    }
    Path f = Fixtures.tsv(tmp.resolve("3DSRBench.tsv"), rows);
    Benchmark b = bench("3dsrbench");
    List<EvalItem> items = b.load(f);
    assertEquals(Map.of("A", "yes", "B", "no"), items.get(0).options(), "empty and nan option cells are NaN");
    assertEquals("<img>Question: Is the cup left of the plate?\nOptions:\nA. yes\nB. no\n"
        + "Please select the correct answer from the options above. " + FORMAT, text(b.prompt(items.get(0))));
    String forked = text(Benchmarks.create("3dsrbench", EvalOptions.defaults().withForkInjection(true)).prompt(items.get(0)));
    assertTrue(forked.endsWith("from the options above. \n" + FORMAT));
    String plain = text(Benchmarks.create("3dsrbench", EvalOptions.defaults().withPromptMode(PromptMode.DIRECT)).prompt(items.get(0)));
    assertTrue(plain.endsWith("above. \n"));
    assertEquals(1280 * 784, b.settings("m").minPixels());
    assertEquals(2048, b.settings("m").maxNewTokens());
    // Settings: the base question right in 3 of its 4 variants, the other question right.
    List<String> responses = List.of("\\boxed{A}", "\\boxed{A}", "\\boxed{B}", "\\boxed{A}", "\\boxed{A}");
    List<ScoredItem> scored = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      scored.add(new ScoredItem(items.get(i), responses.get(i), null, b.score(items.get(i), responses.get(i))));
    }
    BenchmarkReport r = b.aggregate(scored);
    assertEquals(0.8, r.accuracy(), 1e-12);
    assertEquals(2.0 / 3, r.variants().get("flip_eval").value(), 1e-12,
        "main rows VIN6MS3J (fails with its -flip twin), VIN6MS3J-1 and XYZ12345 (pass)");
    assertEquals(2.0 / 3, r.variants().get("circ_eval").value(), 1e-12, "groups VIN6MS3J, VIN6MS3J-flip, XYZ12345");
    assertEquals(0.5, r.variants().get("flip_circ_eval").value(), 1e-12);
  }

  @Test
  void spatialEvalImageListAndHint() throws IOException {
    String list = "['" + Fixtures.b64(5) + "', '" + Fixtures.b64(6) + "']";
    Path f = Fixtures.tsv(tmp.resolve("SpatialEval.tsv"), List.of(
        List.of("index", "image", "hint", "question", "A", "B", "answer", "category"),
        List.of("0", list, "Look closely.", "Which is bigger?", "the box", "the ball", "B", "spatialreal")));
    Benchmark b = bench("spatialeval");
    EvalItem item = b.load(f).get(0);
    assertEquals(2, item.media().size());
    assertArrayEquals(Fixtures.png(12, 10, 6), item.media().get(1).read());
    assertEquals("<img><img>Hint: Look closely.\nQuestion: Which is bigger?\nOptions:\nA. the box\nB. the ball\n"
        + "Please select the correct answer from the options above. " + FORMAT, text(b.prompt(item)));
    assertThrows(IOException.class, () -> b.load(Fixtures.tsv(tmp.resolve("x.tsv"),
        List.of(List.of("id", "q"), List.of("1", "2")))), "not a VLMEvalKit TSV");
  }

  @Test
  void qspatialParquetWithEmbeddedImages() throws Exception {
    Path f = tmp.resolve("qspatial.parquet");
    String hex = HexFormat.of().formatHex(Fixtures.png(12, 10, 7));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("COPY (SELECT * FROM (VALUES"
          + " ('How wide is the door?', 0.8, 'm', 'width', 'QSpatial_plus/a.png', {'bytes': from_hex('" + hex + "'), 'path': 'a.png'}),"
          + " ('How tall is it?', 30.0, 'cm', 'height', 'QSpatial_scannet/b.png', {'bytes': from_hex('" + hex + "'), 'path': 'b.png'}),"
          + " ('How far?', 2.0, 'feet', 'distance', 'QSpatial_plus/c.png', {'bytes': from_hex('" + hex + "'), 'path': 'c.png'})"
          + ") t(question, answer_value, answer_unit, question_type, image_path, image)) TO '" + f + "' (FORMAT parquet)");
    }
    Benchmark b = bench("qspatial_plus");
    List<EvalItem> items = b.load(f);
    assertEquals(List.of("0", "1"), items.stream().map(EvalItem::id).toList(), "QSpatial_plus rows, re-indexed");
    assertEquals("feet", items.get(1).field("answer_unit"));
    assertArrayEquals(Fixtures.png(12, 10, 7), items.get(0).media().get(0).read());
    String prompt = text(b.prompt(items.get(0)));
    assertEquals("<img>" + QSpatialPlus.SYSTEM_PROMPT + "\nQuestion: How wide is the door?\nLet's thinkg step by"
        + " step and start by finding good reference objects or object parts in the image.", prompt);
    assertTrue(!prompt.contains(FORMAT), "QSpatial is asked with its official prompt only");
    assertEquals(1, b.score(items.get(0), "\\scalar{75} \\distance_unit{cm}").score());
  }

  @Test
  void whatsUpFolderPoolsBothSubsets() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("whatsup/data/controlled_images"));
    Files.createDirectories(tmp.resolve("whatsup/data/controlled_clevr"));
    Files.write(data.resolve("mug_on_table.jpeg"), Fixtures.png(12, 10, 1));
    Files.write(tmp.resolve("whatsup/data/controlled_clevr/cube_left_of_ball.jpeg"), Fixtures.png(12, 10, 2));
    Files.writeString(tmp.resolve("whatsup/data/controlled_images_dataset.json"), "[{\"image_path\": "
        + "\"data/controlled_images/mug_on_table.jpeg\", \"caption_options\": [\"A mug on a table\", "
        + "\"A mug under a table\", \"A mug to the left of a table\", \"A mug to the right of a table\"]},"
        + "{\"image_path\": \"data/controlled_images/gone_on_x.jpeg\", \"caption_options\": [\"a\", \"b\", \"c\", \"d\"]}]");
    Files.writeString(tmp.resolve("whatsup/data/controlled_clevr_dataset.json"), "[{\"image_path\": "
        + "\"data/controlled_clevr/cube_left_of_ball.jpeg\", \"caption_options\": [\"A cube left of a ball\", "
        + "\"A cube right of a ball\", \"A cube in front of a ball\", \"A cube behind a ball\"]}]");
    Benchmark b = bench("whatsup");
    List<EvalItem> items = b.load(tmp.resolve("whatsup"));
    assertEquals(List.of("A/0", "A/1", "B/0"), items.stream().map(EvalItem::id).toList());
    assertNull(items.get(0).problem());
    assertTrue(items.get(1).problem().contains("does not exist"));
    assertEquals("Controlled_Images_B", items.get(2).type());
    assertEquals("left_of", items.get(2).field("preposition"));
    assertEquals("<img>Based on the image, choose the correct option from the list below." + FORMAT
        + "A: A mug on a table\nB: A mug under a table\nC: A mug to the left of a table\nD: A mug to the right of a table",
        text(b.prompt(items.get(0))));
    assertEquals(512 * 784, b.settings("Spatial-SSRL-7B").maxPixels());
    assertEquals(0.0, b.settings("Spatial-SSRL-7B").temperature());
    assertEquals(0.7, b.settings("/models/Qwen2.5-VL-3B-Instruct").temperature(), "the script samples for 3B");
    List<EvalItem> single = b.load(tmp.resolve("whatsup/data/controlled_images_dataset.json"));
    assertEquals("0", single.get(0).id(), "one file: 0-based positions");
  }

  @Test
  void viewSpatialJsonWithImageFolders() throws IOException {
    Path root = tmp.resolve("ViewSpatial_eval");
    Path scene = Files.createDirectories(root.resolve("ViewSpatial-Bench/scannetv2_val/scene0001_00/original_images"));
    Files.write(scene.resolve("1.jpg"), Fixtures.png(12, 10, 1));
    Files.write(scene.resolve("2.jpg"), Fixtures.png(12, 10, 2));
    Files.createDirectories(root.resolve("eval"));
    Files.writeString(root.resolve("eval/ViewSpatial-Bench.json"), "[{\"question_type\": \"Person perspective -"
        + " Scene Simulation Relative Direction\", \"image_path\": [\"ViewSpatial-Bench/scannetv2_val/scene0001_00/"
        + "original_images/1.jpg\", \"ViewSpatial-Bench/scannetv2_val/scene0001_00/original_images/2.jpg\"],"
        + " \"question\": \"Where is the sofa?\", \"answer\": \"C. back-left\", \"choices\": \"A. right\\nB. front-up\\n"
        + "C. back-left\\nD. front\"}, {\"question\": \"broken\"}]");
    Benchmark b = bench("viewspatial");
    List<EvalItem> items = b.load(root);
    assertEquals(2, items.get(0).media().size());
    assertNull(items.get(0).problem());
    assertNotNull(items.get(1).problem());
    assertEquals("<img><img>Where is the sofa?\nA. right\nB. front-up\nC. back-left\nD. front"
        + "\nThe final answer should be the option letter from the given choices.\n" + FORMAT, text(b.prompt(items.get(0))));
    assertEquals(420, b.settings("m").resizeWidth());
    assertEquals(1, b.score(items.get(0), "<think>x</think>\\boxed{c}").score());
  }

  @Test
  void vsiJsonRemapsAbsolutePathsAndParquetToo() throws Exception {
    Path videos = Files.createDirectories(tmp.resolve("videos/arkitscenes"));
    Files.write(videos.resolve("41069025.mp4"), new byte[] {0});
    Files.writeString(tmp.resolve("vsi_bench.json"), "[{\"mp4_path\": \"/mnt/shared-storage-user/x/VSIBench/"
        + "arkitscenes/41069025.mp4\", \"question_type\": \"object_rel_direction_easy\", \"question\": \"Is the tv"
        + " to the left or the right of the sofa?\", \"answer\": \"A\", \"A\": \"A. left\", \"B\": \"B. right\","
        + " \"C\": null, \"D\": null}, {\"mp4_path\": \"/mnt/x/arkitscenes/41069025.mp4\", \"question_type\":"
        + " \"object_counting\", \"question\": \"How many chairs?\", \"answer\": \"4\", \"A\": null, \"B\": null,"
        + " \"C\": null, \"D\": null}]");
    Benchmark b = Benchmarks.create("vsibench", EvalOptions.defaults().withMediaRoot(tmp.resolve("videos")));
    List<EvalItem> items = b.load(tmp.resolve("vsi_bench.json"));
    MediaRef.VideoFile v = (MediaRef.VideoFile) items.get(0).media().get(0);
    assertEquals(videos.resolve("41069025.mp4"), v.path());
    assertEquals("<img>Watch the given video and anser the following question.\n\nIs the tv to the left or the"
        + " right of the sofa?A. A. leftB. B. right\nThe final answer should be the option letter from the given"
        + " choices.\n" + FORMAT, text(b.prompt(items.get(0))));
    assertTrue(text(b.prompt(items.get(1))).endsWith("chairs?\nThe final answer should be a number(integer or decimal).\n" + FORMAT));
    assertTrue(text(Benchmarks.create("vsibench", EvalOptions.defaults().withPromptMode(PromptMode.DIRECT))
        .prompt(items.get(1))).endsWith("chairs?\nAnswer directly with a number(integer or decimal)."));

    Path pq = tmp.resolve("test-00000-of-00001.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("COPY (SELECT 7 AS id, 'arkitscenes' AS dataset, '41069025' AS scene_name,"
          + " 'route_planning' AS question_type, 'Which way?' AS question, ['A. left', 'B. right', 'C. back'] AS options,"
          + " 'C' AS ground_truth) TO '" + pq + "' (FORMAT parquet)");
    }
    List<EvalItem> hf = b.load(pq);
    assertEquals("7", hf.get(0).id());
    assertEquals(3, hf.get(0).options().size());
    assertEquals(videos.resolve("41069025.mp4"), ((MediaRef.VideoFile) hf.get(0).media().get(0)).path());
  }

  @Test
  void unknownBenchmarkAndMissingFilesAreClearErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bench("mmbench"));
    assertTrue(e.getMessage().contains("spatial457"));
    IOException io = assertThrows(IOException.class, () -> bench("viewspatial").load(tmp.resolve("none.json")));
    assertTrue(io.getMessage().contains("none.json"));
    assertEquals("QUJD", Base64.getEncoder().encodeToString("ABC".getBytes()));
  }
}
