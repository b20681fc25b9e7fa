package org.spatialssrl.cli.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.generate.DatasetGenerator;
import org.spatialssrl.generate.GenerateConfig;
import org.spatialssrl.generate.GenerateListener;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.serve.OpenAiServer;
import org.spatialssrl.model.vision.ImageSource;
import org.spatialssrl.task.TaskRegistry;
import picocli.CommandLine;

/** {@code ssrl eval} and its subcommands end to end. */
class EvalCommandsTest {
  @TempDir static Path tmp;
  static Path dataset;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Ssrl.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void generate() throws Exception {
    dataset = tmp.resolve("ds");
    new DatasetGenerator(TaskRegistry.load()).run(GenerateConfig.builder().setOutput(dataset)
        .optBuiltinScenes(6).optValFraction(0.5).optThreads(1).build(), false, GenerateListener.NONE);
  }

  /** A SpatialEval TSV in VLMEvalKit's format: n items with small base64 PNGs. */
  static Path spatialEval(Path dir, int n) throws Exception {
    StringBuilder tsv = new StringBuilder("index\timage\tquestion\tA\tB\tanswer\tcategory\n");
    for (int i = 0; i < n; i++) {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 6, java.awt.image.BufferedImage.TYPE_INT_RGB);
      img.setRGB(i % 8, 0, 0xFFFFFF);
      java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(img, "png", png);
      tsv.append(i).append('\t').append(java.util.Base64.getEncoder().encodeToString(png.toByteArray()))
          .append("\tIs thing ").append(i).append(" on the left?\tleft\tright\t").append(i % 3 == 0 ? "B" : "A")
          .append('\t').append(i % 2 == 0 ? "spatialmap" : "mazenav").append('\n');
    }
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("SpatialEval.tsv"), tsv);
  }

  private static Map<String, String> responses(Path cache) throws Exception {
    Map<String, String> m = new TreeMap<>();
    for (String line : Files.readAllLines(cache)) {
      JsonNode n = JSON.readTree(line);
      m.put(n.path("item_id").asText(), n.path("response").asText());
    }
    return m;
  }

  @Test
  void embeddedAndServedFixtureGiveTheSameAnswers() throws Exception {
    String root = System.getProperty("ssrl.fixtures");
    Path fixture = root == null ? null : Path.of(root, "qwen-tiny-a");
    Assumptions.assumeTrue(fixture != null && Files.isRegularFile(fixture.resolve("config.json")),
        "fixture qwen-tiny-a not found (system property ssrl.fixtures=" + root + "); skipping");
    String[] common = {"--benchmark", "pretext", "--input", dataset.toString(), "--limit", "4",
        "--max-new-tokens", "6", "--max-pixels", "50176", "--quiet"};
    List<String> embedded = new ArrayList<>(List.of("eval", "--model", fixture.toString(), "--output",
        tmp.resolve("embedded").toString(), "--batch", "2"));
    embedded.addAll(List.of(common));
    Run e = run(embedded.toArray(String[]::new));
    assertEquals(0, e.code(), e.err());
    try (QwenModel model = QwenModel.builder().setModelDir(fixture).build();
        OpenAiServer server = new OpenAiServer(model, OpenAiServer.Settings.builder().optPort(0).build(),
            ImageSource.builder().build())) {
      List<String> served = new ArrayList<>(List.of("eval", "--endpoint", "http://127.0.0.1:" + server.port() + "/v1",
          "--model", "qwen-tiny-a", "--output", tmp.resolve("served").toString(), "--concurrency", "2"));
      served.addAll(List.of(common));
      Run s = run(served.toArray(String[]::new));
      assertEquals(0, s.code(), s.err());
    }
    Map<String, String> a = responses(tmp.resolve("embedded/pretext/predictions.jsonl"));
    Map<String, String> b = responses(tmp.resolve("served/pretext/predictions.jsonl"));
    assertEquals(4, a.size());
    assertEquals(a, b, "the harness resizes images as the server's processor does");
    JsonNode report = JSON.readTree(tmp.resolve("served/report.json").toFile());
    assertEquals(4, report.path("benchmarks").get(0).path("items").asInt());
    assertEquals("qwen-tiny-a", report.path("benchmarks").get(0).path("run").path("model").asText());
    assertTrue(Files.size(tmp.resolve("served/report.png")) > 1000);
  }

  @Test
  void scoreAndInspectPrintTheirContracts() throws Exception {
    Path input = spatialEval(tmp.resolve("se"), 6);
    Path preds = tmp.resolve("preds.jsonl");
    Files.writeString(preds, "{\"id\": \"0\", \"response\": \"<think>x</think>\\\\boxed{B}\"}\n"
        + "{\"id\": \"1\", \"response\": \"\\\\boxed{A}\"}\n{\"id\": \"2\", \"response\": \"\\\\boxed{B}\"}\n"
        + "{\"id\": \"3\", \"response\": \"no idea\"}\n");
    Run s = run("eval", "score", "--benchmark", "spatialeval", "--input", input.toString(), "--predictions",
        preds.toString(), "--json");
    assertEquals(0, s.code(), s.err());
    JsonNode o = JSON.readTree(s.out());
    assertEquals(List.of("benchmark", "items", "accuracy", "by_type"), fields(o));
    assertEquals("spatialeval", o.path("benchmark").asText());
    assertEquals(6, o.path("items").asInt(), "items 4 and 5 have no prediction and count as wrong");
    assertEquals(2 / 6.0, o.path("accuracy").asDouble(), 1e-12);
    assertEquals(1 / 3.0, o.path("by_type").path("mazenav").asDouble(), 1e-12, "1 right; 3 unparsed; 5 missing");
    Run i = run("eval", "inspect", "--benchmark", "spatialeval", "--input", input.toString(), "--json");
    assertEquals(0, i.code(), i.err());
    JsonNode io = JSON.readTree(i.out());
    assertEquals(List.of("benchmark", "items", "by_type"), fields(io));
    assertEquals(3, io.path("by_type").path("spatialmap").asInt());
    Run human = run("eval", "inspect", "--benchmark", "spatialeval", "--input", input.toString(), "--types", "mazenav");
    assertTrue(human.out().contains("Question: Is thing 1 on the left?"), human.out());
    assertEquals(2, run("eval", "inspect", "--benchmark", "spatialeval", "--input", input.toString(), "--types", "x").code());
    assertEquals(Ssrl.EXIT_INPUT, run("eval", "inspect", "--benchmark", "spatialeval", "--input",
        tmp.resolve("nope.tsv").toString()).code());
    assertEquals(2, run("eval", "score", "--benchmark", "nope", "--input", input.toString(), "--predictions",
        preds.toString()).code());
  }

  @Test
  void compareShowsTwoRunsSideBySide() throws Exception {
    Path input = spatialEval(tmp.resolve("cmp"), 4);
    Path good = tmp.resolve("good.jsonl");
    Path bad = tmp.resolve("bad.jsonl");
    StringBuilder g = new StringBuilder();
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      g.append("{\"id\": \"").append(i).append("\", \"response\": \"\\\\boxed{").append(i % 3 == 0 ? "B" : "A").append("}\"}\n");
      w.append("{\"id\": \"").append(i).append("\", \"response\": \"\\\\boxed{B}\"}\n");
    }
    Files.writeString(good, g);
    Files.writeString(bad, w);
    for (String[] r : new String[][] {{"runA", bad.toString()}, {"runB", good.toString()}}) {
      assertEquals(0, run("eval", "score", "--benchmark", "spatialeval", "--input", input.toString(), "--predictions",
          r[1], "--output", tmp.resolve(r[0]).toString()).code());
    }
    Run c = run("eval", "compare", tmp.resolve("runA").toString(), tmp.resolve("runB").toString());
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().contains("| SpatialEval | **all** | 50.00 | 100.00 | +50.00 |"), c.out());
    JsonNode j = JSON.readTree(run("eval", "compare", tmp.resolve("runA").toString(), tmp.resolve("runB").toString(),
        "--json").out());
    assertEquals(50.0, j.get(0).path("delta_points").asDouble(), 1e-9);
    String md = Files.readString(tmp.resolve("runB/report.md"));
    assertTrue(md.contains("| Spatial-SSRL-7B (R) | 53.34 | 56.53 | 64.03 | 54.46 | 90.61 | 37.81 | 39.29 | 56.58 |"), md);
    assertTrue(md.contains("| **this run** | - | - | **100.00** |"), md);
  }

  private static List<String> fields(JsonNode o) {
    List<String> f = new ArrayList<>();
    Iterator<String> it = o.fieldNames();
    it.forEachRemaining(f::add);
    return f;
  }
}
