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
