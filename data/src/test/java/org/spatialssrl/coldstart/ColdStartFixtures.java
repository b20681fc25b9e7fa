package org.spatialssrl.coldstart;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.spatialssrl.depth.Grid;
import org.spatialssrl.depth.NpyFormat;
import org.spatialssrl.generate.DatasetGenerator;
import org.spatialssrl.generate.GenerateConfig;
import org.spatialssrl.generate.GenerateListener;
import org.spatialssrl.scene.ProceduralScene;
import org.spatialssrl.task.TaskRegistry;

/** Datasets for the cold-start tests, made with the generator's Java API. */
final class ColdStartFixtures {
  private ColdStartFixtures() {}

  /**
   * All five tasks from the built-in scenes, with a validation split; the counts are enough for
   * every variant of every task to appear (the tests check that they do).
   */
  static Path builtin(Path dir) throws Exception {
    GenerateConfig c = GenerateConfig.builder().setOutput(dir).optBuiltinScenes(8)
        .optPerTaskCounts(Map.of("shuffle", 44, "flip", 20, "crop", 20, "depth", 20, "position", 30))
        .optValFraction(0.25).optSeed(3).optThreads(2).build();
    new DatasetGenerator(TaskRegistry.load()).run(c, false, GenerateListener.NONE);
    return dir;
  }

  /**
   * Depth samples of the {@code window-fallback} variant: small scenes whose depth is a steep ramp
   * across the width, so no 25x25 window is flat enough but 11x11 windows are.
   */
  static Path depthFallback(Path dir) throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    int w = 128;
    int h = 96;
    for (int i = 0; i < 3; i++) {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(ProceduralScene.render(500 + i, w, h).toBufferedImage(), "png", png);
      Files.write(in.resolve("ramp" + i + ".png"), png.toByteArray());
      float[] depth = new float[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          depth[y * w + x] = 1f + 9f * x / (w - 1) + 0.01f * y;
        }
      }
      Files.write(in.resolve("ramp" + i + "_depth.npy"),
          NpyFormat.toBytes(new Grid(w, h, depth), NpyFormat.Layout.FLOAT32));
    }
    Path out = dir.resolve("dataset");
    GenerateConfig c = GenerateConfig.builder().setOutput(out).optInput(in)
        .optTasks(List.of("depth")).optCount(3).optThreads(1).build();
    new DatasetGenerator(TaskRegistry.load()).run(c, false, GenerateListener.NONE);
    return out;
  }
}
