package org.spatialssrl.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.depth.DepthReader;
import org.spatialssrl.image.ImageDecoder;
import org.spatialssrl.image.RgbImage;

/** The real DIODE and MegaDepth samples give valid samples of both depth tasks. */
class RgbdFixturesTest {
  private static Path fixtures() {
    String p = System.getProperty("ssrl.fixtures");
    Path dir = p == null ? null : Path.of(p, "rgbd");
    assumeTrue(dir != null && Files.isDirectory(dir),
        "shared RGB-D fixtures not found (system property ssrl.fixtures=" + p + "); skipped");
    return dir;
  }

  private static SourceImage load(Path dir, String rgb, String depth, String mask) throws Exception {
    RgbImage img = new ImageDecoder().decode(dir.resolve(rgb));
    DepthMap d = DepthReader.DEFAULT.read(dir.resolve(depth), mask == null ? null : dir.resolve(mask));
    return new SourceImage(rgb, img, d.alignTo(img.width(), img.height(), depth));
  }

  @Test
  void fastHdf5PathEqualsTheGeneralReader() throws Exception {
    Path h5 = fixtures().resolve("megadepth_1_depth.h5");
    float[] general;
    try (io.jhdf.HdfFile f = new io.jhdf.HdfFile(h5)) {
      general = (float[]) f.getDatasetByPath("depth").getDataFlat();
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(general,
        org.spatialssrl.depth.Hdf5Format.read(h5, "depth").values());
  }

  @Test
  void diodeAndMegaDepthGiveBothTasks() throws Exception {
    Path dir = fixtures();
    SourceImage diode = load(dir, "diode_3.png", "diode_3_depth.npy", "diode_3_depth_mask.npy");
    SourceImage mega = load(dir, "megadepth_1.jpg", "megadepth_1_depth.h5", null);
    assertEquals(1024, diode.depth().width());
    assertEquals(1600, mega.depth().width());
    for (SourceImage src : new SourceImage[] {diode, mega}) {
      for (PretextTask task : new PretextTask[] {new DepthOrderTask(), new RelativePositionTask()}) {
        for (int seed = 0; seed < 2; seed++) {
          TaskOutcome o = task.generate(src, new SplittableRandom(seed));
          Sample s = assertInstanceOf(Sample.class, o, src.id() + " " + task.name() + ": " + o);
          assertEquals(src.rgb().width(), s.images().get(0).width());
          assertEquals(task.name().equals("depth") ? 5 : 1, s.answer().length());
        }
      }
    }
  }
}
