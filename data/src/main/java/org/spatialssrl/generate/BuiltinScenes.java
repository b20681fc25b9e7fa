package org.spatialssrl.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.depth.Grid;
import org.spatialssrl.depth.NpyFormat;
import org.spatialssrl.scene.RgbdScene;
import org.spatialssrl.seed.Seeds;

/**
 * Writes the built-in RGB-D scenes in the DIODE layout ({@code scene-0000.png}, {@code
 * scene-0000_depth.npy} of shape (H, W, 1) in metres, {@code scene-0000_depth_mask.npy}), so that
 * the folder serves every task and can be given to {@code ssrl verify} as the sources.
 */
public final class BuiltinScenes {
  /** Width of a built-in scene. */
  public static final int WIDTH = 640;
  /** Height of a built-in scene. */
  public static final int HEIGHT = 480;

  private BuiltinScenes() {}

  /**
   * Renders the scenes not yet present in a folder.
   *
   * @param dir the folder (created when missing)
   * @param seed the run seed
   * @param count the number of scenes
   * @throws IOException when a file cannot be written
   */
  public static void write(Path dir, long seed, int count) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < count; i++) {
      String stem = String.format("scene-%04d", i);
      Path png = dir.resolve(stem + ".png");
      Path depth = dir.resolve(stem + "_depth.npy");
      Path mask = dir.resolve(stem + "_depth_mask.npy");
      if (Files.exists(png) && Files.exists(depth) && Files.exists(mask)) {
        continue;
      }
      RgbdScene.Rendered r = RgbdScene.of(Seeds.derive(seed, "scene", i), WIDTH, HEIGHT).render();
      DepthMap d = r.depth();
      float[] valid = new float[WIDTH * HEIGHT];
      boolean[] m = d.mask();
      for (int k = 0; k < valid.length; k++) {
        valid[k] = m[k] ? 1f : 0f;
      }
      AtomicFiles.write(depth, NpyFormat.toBytes(new Grid(WIDTH, HEIGHT, d.depths()),
          new NpyFormat.Layout("<f4", false, true)));
      AtomicFiles.write(mask, NpyFormat.toBytes(new Grid(WIDTH, HEIGHT, valid),
          NpyFormat.Layout.FLOAT32));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(r.rgb().toBufferedImage(), "png", bytes);
      AtomicFiles.write(png, bytes.toByteArray());
    }
  }
}
