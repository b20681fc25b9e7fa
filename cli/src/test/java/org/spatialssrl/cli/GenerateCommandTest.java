package org.spatialssrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.scene.ProceduralScene;

class GenerateCommandTest {
  @TempDir Path tmp;

  private Path scenes(int n) throws IOException {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    for (int i = 0; i < n; i++) {
      ImageIO.write(ProceduralScene.render(i, 480, 360).toBufferedImage(), "png",
          in.resolve("s" + i + ".png").toFile());
    }
    return in;
  }

  static int run(String... args) {
    return Ssrl.commandLine().execute(args);
  }

  static Map<String, String> fingerprint(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(p -> {
        try {
          out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(
              MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      });
    }
    return out;
  }

  @Test
  void resumeAfterKillNineEqualsAnUninterruptedRun() throws Exception {
    Path in = scenes(10);
    // A truncated photo: its share is made by the others in a second pass, which resume replays.
    byte[] jpeg = new org.spatialssrl.image.JpegEncoder(90).encode(ProceduralScene.render(77, 480, 360));
    Files.write(in.resolve("broken.jpg"), java.util.Arrays.copyOf(jpeg, 5000));
    String[] common = {"--input", in.toString(), "--count", "450", "--seed", "3", "--quiet"};
    Path clean = tmp.resolve("clean");
    assertEquals(0, run(concat(new String[] {"generate", "--output", clean.toString(), "--threads", "2"}, common)));

    Path killed = tmp.resolve("killed");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(concat(new String[] {java, "-Djava.awt.headless=true", "-cp",
        System.getProperty("java.class.path"), Ssrl.class.getName(), "generate", "--output",
        killed.toString(), "--threads", "1"}, common))
        .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    Path journal = killed.resolve(".ssrl-state").resolve("journal.jsonl");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && p.isAlive()
        && (!Files.exists(journal) || Files.readAllLines(journal).size() < 2)) {
      Thread.sleep(10);
    }
    assertTrue(p.isAlive(), "the child must still be working when killed: "
        + Files.readString(tmp.resolve("child.log")));
    p.destroyForcibly(); // SIGKILL
    p.waitFor(30, TimeUnit.SECONDS);
    assertFalse(Files.exists(killed.resolve("train.parquet")));

    assertEquals(2, run(concat(new String[] {"generate", "--output", killed.toString()}, common)),
        "a plain rerun is refused");
    assertEquals(0, run(concat(new String[] {"generate", "--output", killed.toString(), "--resume", "--threads", "2"}, common)));
    assertEquals(fingerprint(clean), fingerprint(killed));
    assertEquals(450, Files.readAllLines(killed.resolve("train.jsonl")).size());
  }

  private record Run(int code, String err) {}

  private static Run runCapturingErr(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void fewerSamplesThanAskedForIsReportedEvenWhenQuietAndHasItsOwnExitCode() throws Exception {
    Path in = scenes(2);
    String[] args = {"generate", "--input", in.toString(), "--tasks", "flip,crop",
        "--per-task", "flip=30,crop=2", "--quiet"};
    Run r = runCapturingErr(concat(args, new String[] {"--output", tmp.resolve("a").toString()}));
    assertEquals(Ssrl.EXIT_FEWER, r.code(), r.err());
    assertTrue(r.err().contains("of 32 requested samples") && r.err().contains("flip")
        && r.err().contains("2 sources give at most 16") && r.err().contains("--allow-fewer"), r.err());
    Run allowed = runCapturingErr(concat(args, new String[] {"--output", tmp.resolve("b").toString(),
        "--allow-fewer"}));
    assertEquals(0, allowed.code(), allowed.err());
    assertTrue(allowed.err().contains("of 32 requested samples"), allowed.err());
    assertEquals(fingerprint(tmp.resolve("a")), fingerprint(tmp.resolve("b")), "the same dataset either way");
  }

  @Test
  void hdf5DatasetAndDepthScaleReachGenerateAndVerify() throws Exception {
    // MegaDepth layout with the depth in millimetres under another dataset name.
    Path in = tmp.resolve("mega");
    Files.createDirectories(in.resolve("imgs"));
    Files.createDirectories(in.resolve("depths"));
    int w = 320;
    int h = 240;
    org.spatialssrl.scene.RgbdScene.Rendered scene = org.spatialssrl.scene.RgbdScene.of(5, w, h).render();
    ImageIO.write(scene.rgb().toBufferedImage(), "png", in.resolve("imgs/a.png").toFile());
    float[][] mm = new float[h][w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        mm[y][x] = scene.depth().depth(x, y) * 1000;
      }
    }
    try (io.jhdf.WritableHdfFile f = io.jhdf.HdfFile.write(in.resolve("depths/a.h5"))) {
      f.putDataset("z_mm", mm);
    }
    Path out = tmp.resolve("out");
    Run r = runCapturingErr("generate", "--input", in.toString(), "--output", out.toString(),
        "--tasks", "depth", "--count", "2", "--hdf5-dataset", "z_mm", "--depth-scale", "0.001", "--quiet");
    assertEquals(0, r.code(), r.err());
    List<String> rows = Files.readAllLines(out.resolve("train.jsonl"));
    assertEquals(2, rows.size());
    double high = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(rows.get(0)).get("metadata").asText())
        .get("depth_high").asDouble();
    assertTrue(high > 0.5 && high < 100, "metres, not millimetres: " + high);
    assertEquals(0, run("verify", out.toString(), "--sources", in.toString(), "--hdf5-dataset", "z_mm",
        "--depth-scale", "0.001"));
    assertEquals(Ssrl.EXIT_PROBLEMS, run("verify", out.toString(), "--sources", in.toString(),
        "--hdf5-dataset", "z_mm"), "the scale matters to the re-derivation");

    Run missing = runCapturingErr("generate", "--input", in.toString(), "--output",
        tmp.resolve("default").toString(), "--tasks", "depth", "--count", "2", "--quiet");
    assertEquals(Ssrl.EXIT_FEWER, missing.code(), "the default dataset name 'depth' is not in the file");
    assertTrue(Files.readString(tmp.resolve("default/rejects.jsonl")).contains("a.h5"));
  }

  @Test
  void perTaskCountsAndTaskSelection() throws Exception {
    Path in = scenes(3);
    Path out = tmp.resolve("out");
    assertEquals(0, run("generate", "--input", in.toString(), "--output", out.toString(),
        "--tasks", "shuffle,crop", "--per-task", "shuffle=7,crop=2", "--quiet"));
    List<String> lines = Files.readAllLines(out.resolve("train.jsonl"));
    assertEquals(9, lines.size());
    assertEquals(7, lines.stream().filter(l -> l.contains("\"task\":\"shuffle\"")).count());

    Path only = tmp.resolve("only");
    assertEquals(0, run("generate", "--input", in.toString(), "--output", only.toString(),
        "--per-task", "flip=2,shuffle=3", "--quiet"));
    List<String> made = Files.readAllLines(only.resolve("train.jsonl"));
    assertEquals(5, made.size(), "--per-task alone selects its tasks");
    assertTrue(made.get(0).contains("\"task\":\"shuffle\""), "in the registry's order");
  }

  @Test
  void usageErrorsExitWithTwoAndAReason() throws Exception {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, run("generate", "--output", tmp.resolve("o").toString(), "--tasks", "jigsaw"));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown task 'jigsaw'"), err.toString());
      assertEquals(2, run("generate", "--output", tmp.resolve("o2").toString(), "--threads", "0"));
      assertEquals(Ssrl.EXIT_INPUT, run("generate", "--input", tmp.resolve("missing").toString(),
          "--output", tmp.resolve("o3").toString(), "--quiet"));
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void defaultJobVerifiesAndPreviews() throws Exception {
    Path out = tmp.resolve("demo");
    assertEquals(0, run("generate", "--output", out.toString(), "--scenes", "6", "--quiet"));
    assertEquals(0, run("verify", out.toString(), "--sources", out.resolve("sources").toString()));
    assertEquals(0, run("preview", out.toString()));
    String html = Files.readString(out.resolve("preview.html"));
    for (String section : List.of("shuffle / ", "flip / ", "crop / 4-options")) {
      assertTrue(html.contains(section), section);
    }
    assertTrue(html.contains("data:image/jpeg;base64,"));
    assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no external resources");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
