package org.spatialssrl.verify.depth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.generate.DatasetGenerator;
import org.spatialssrl.generate.GenerateConfig;
import org.spatialssrl.generate.GenerateListener;
import org.spatialssrl.generate.GenerateSummary;
import org.spatialssrl.image.ImageDecoder;
import org.spatialssrl.image.ImageRejectedException;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.task.TaskRegistry;
import org.spatialssrl.verify.SampleChecker;
import org.spatialssrl.verify.SourceLookup;

/** Generation of the depth tasks end to end, and their re-verification from the depth maps. */
class RgbdGenerateVerifyTest {
  @TempDir Path tmp;


  private GenerateSummary generate(Path input, Path out, List<String> tasks, int threads,
      Integer count) throws Exception {
    GenerateConfig c = GenerateConfig.builder().setOutput(out).optInput(input).optTasks(tasks)
        .optThreads(threads).optCount(count).optBuiltinScenes(3).build();
    return new DatasetGenerator(TaskRegistry.load()).run(c, false, GenerateListener.NONE);
  }

  private static SourceLookup lookup(Path root) {
    ImageDecoder decoder = new ImageDecoder();
    return new SourceLookup() {
      @Override
      public Path root() {
        return root;
      }

      @Override
      public RgbImage rgb(String id) throws ImageRejectedException {
        return decoder.decode(root.resolve(id));
      }
    };
  }

  /** Verifies every depth/position row with the ServiceLoader-registered checkers. */
  private static int verify(Path out, Path sources) throws Exception {
    Map<String, SampleChecker> checkers = new TreeMap<>();
    ServiceLoader.load(SampleChecker.class).forEach(c -> checkers.put(c.task(), c));
    assertTrue(checkers.containsKey("depth") && checkers.containsKey("position"), checkers.keySet().toString());
    ImageDecoder decoder = new ImageDecoder();
    int checked = 0;
    for (DatasetRow row : RowJson.readAll(out.resolve("train.jsonl"))) {
      SampleChecker c = checkers.get(row.task());
      if (c == null || !(row.task().equals("depth") || row.task().equals("position"))) {
        continue;
      }
      List<RgbImage> images = new ArrayList<>();
      for (String p : row.images()) {
        images.add(decoder.decode(out.resolve(p)));
      }
      assertEquals(List.of(), c.checkSyntax(row));
      assertEquals(List.of(), c.rederive(row, images, lookup(sources)));
      // A wrong answer is caught.
      String wrong = row.task().equals("depth")
          ? new StringBuilder(row.answer()).reverse().toString()
          : row.answer().equals("A") ? "B" : "A";
      DatasetRow bad = new DatasetRow(row.id(), row.task(), row.variant(), row.source(), row.seed(),
          row.problem(), wrong, row.images(), row.metadata());
      assertTrue(!c.rederive(bad, images, lookup(sources)).isEmpty(), "wrong answer detected");
      checked++;
    }
    return checked;
  }

  @Test
  void builtInRgbdScenesMakeAllFiveTasksIdenticallyOnOneAndTwoThreads() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    List<String> all = GenerateConfig.builder().setOutput(a).build().tasks();
    assertEquals(List.of("shuffle", "flip", "crop", "depth", "position"), all);
    GenerateSummary sa = generate(null, a, all, 1, null);
    generate(null, b, all, 2, null);
    assertEquals(15, sa.made());
    assertArrayEquals(Files.readAllBytes(a.resolve("train.jsonl")), Files.readAllBytes(b.resolve("train.jsonl")));
    try (Stream<Path> files = Files.walk(a.resolve("images"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(a.relativize(f))), f.toString());
      }
    }
    assertTrue(Files.exists(a.resolve("sources/scene-0000_depth.npy")));
    assertEquals(6, verify(a, a.resolve("sources")));
  }

  @Test
  void realFixturesGiveVerifiedSamplesAndBrokenDepthIsRejectedWithItsReason() throws Exception {
    String p = System.getProperty("ssrl.fixtures");
    Path fixtures = p == null ? null : Path.of(p, "rgbd");
    assumeTrue(fixtures != null && Files.isDirectory(fixtures),
        "shared RGB-D fixtures not found (ssrl.fixtures=" + p + "); skipped");
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    for (String f : List.of("diode_3.png", "diode_3_depth.npy", "diode_3_depth_mask.npy",
        "megadepth_1.jpg", "megadepth_1_depth.h5")) {
      Files.copy(fixtures.resolve(f), in.resolve(f));
    }
    Files.copy(fixtures.resolve("diode_3.png"), in.resolve("broken.png"));
    Files.write(in.resolve("broken_depth.npy"), new byte[] {1, 2, 3});
    Path out = tmp.resolve("out");
    GenerateSummary s = generate(in, out, List.of("depth", "position"), 2, 6);
    assertEquals(6, s.made(), "three samples per task, all from the two good sources");
    assertEquals(6, verify(out, in));
    String rejects = Files.readString(out.resolve("rejects.jsonl"));
    assertTrue(rejects.contains("\"depth-corrupt\"") && rejects.contains("broken_depth.npy"), rejects);
    assertEquals(1, rejects.lines().filter(l -> l.contains("broken.png")).count(), rejects);
  }
}
