package org.spatialssrl.depth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DepthReaderTest {
  @TempDir Path dir;

  /** A 7x5 grid of distinct depths in metres with a few invalid entries. */
  private static Grid sample() {
    float[] v = new float[7 * 5];
    for (int i = 0; i < v.length; i++) {
      v[i] = 0.5f + i * 0.25f;
    }
    return new Grid(7, 5, v);
  }

  @ParameterizedTest
  @CsvSource({
    "<f4,false,false", ">f4,false,true", "<f4,true,false", ">f4,true,true",
    "<f8,false,false", ">f8,true,true", "<u2,false,true", ">u2,true,false"
  })
  void npyRoundTripsEveryLayout(String descr, boolean fortran, boolean channel) throws Exception {
    Grid g = sample();
    float[] values = g.values().clone();
    if (descr.endsWith("u2")) {
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.round(values[i] * 1000); // millimetres
      }
    }
    Path f = dir.resolve("d.npy");
    NpyFormat.write(f, new Grid(7, 5, values), new NpyFormat.Layout(descr, fortran, channel));
    Grid back = NpyFormat.read(f);
    assertEquals(7, back.width());
    assertEquals(5, back.height());
    assertArrayEquals(values, back.values(), 1e-6f);
  }

  @Test
  void npyMaskInvalidatesAndWiderMaskIsCropped() throws Exception {
    Grid g = sample();
    float[] mask = new float[9 * 5]; // two extra columns, as some DIODE masks
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 9; x++) {
        mask[y * 9 + x] = (x == 3 && y == 2) || x >= 7 ? 0 : 1;
      }
    }
    Path d = dir.resolve("x_depth.npy");
    Path m = dir.resolve("x_depth_mask.npy");
    NpyFormat.write(d, g, new NpyFormat.Layout("<f4", false, true));
    NpyFormat.write(m, new Grid(9, 5, mask), NpyFormat.Layout.FLOAT32);
    DepthMap map = DepthReader.DEFAULT.read(d, m);
    assertFalse(map.isValid(3, 2));
    assertTrue(map.isValid(6, 4));
    assertEquals(34, map.validCount());
    assertEquals(g.values()[2 * 7 + 4], map.depth(4, 2));
  }

  @Test
  void zeroNegativeNanAndInfiniteDepthAreInvalid() {
    float[] v = {1, 0, -2, Float.NaN, Float.POSITIVE_INFINITY, 3};
    DepthMap map = DepthMap.of(3, 2, v, null);
    assertEquals(2, map.validCount());
    assertTrue(map.isValid(0, 0));
    assertTrue(map.isValid(2, 1));
  }

  @Test
  void pfmRoundTrips() throws Exception {
    Path f = dir.resolve("d.pfm");
    PfmFormat.write(f, sample());
    DepthMap map = DepthReader.DEFAULT.read(f, null);
    assertArrayEquals(sample().values(), map.depths(), 0f);
  }

  @ParameterizedTest
  @CsvSource({"0.001", "0.00390625"})
  void png16RoundTripsWithItsScale(double scale) throws Exception {
    Path f = dir.resolve("d.png");
    Png16Format.write(f, sample(), scale);
    DepthMap map = DepthReader.DEFAULT.withScale(scale).read(f, null);
    float[] expect = sample().values();
    for (int i = 0; i < expect.length; i++) {
      assertEquals(expect[i], map.depths()[i], scale / 2 + 1e-6);
    }
  }

  @Test
  void png16DefaultsToMillimetres() throws Exception {
    Path f = dir.resolve("d.png");
    Png16Format.write(f, new Grid(2, 1, new float[] {1.5f, 0f}), Png16Format.MILLIMETRES);
    DepthMap map = DepthReader.DEFAULT.read(f, null);
    assertEquals(1.5f, map.depth(0, 0), 1e-6);
    assertFalse(map.isValid(1, 0), "0 in a depth PNG means no depth");
  }

  @Test
  void eightBitPngMasksAreAccepted() throws Exception {
    Path d = dir.resolve("x_depth.pfm");
    PfmFormat.write(d, sample());
    java.awt.image.BufferedImage m =
        new java.awt.image.BufferedImage(7, 5, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    m.getRaster().setSample(0, 0, 0, 255);
    Path mask = dir.resolve("x_depth_mask.png");
    javax.imageio.ImageIO.write(m, "png", mask.toFile());
    DepthMap map = DepthReader.DEFAULT.read(d, mask);
    assertEquals(1, map.validCount());
    assertTrue(map.isValid(0, 0));
    assertEquals(DepthFormatException.UNSUPPORTED,
        assertThrows(DepthFormatException.class, () -> DepthReader.DEFAULT.read(mask, null)).reason(),
        "an 8-bit PNG is not a depth map");
  }

  @Test
  void hdf5RoundTripsWithAConfigurableDataset() throws Exception {
    Path f = dir.resolve("d.h5");
    float[][] data = new float[5][7];
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        data[y][x] = sample().values()[y * 7 + x];
      }
    }
    try (WritableHdfFile out = HdfFile.write(f)) {
      out.putDataset("depth", data);
      out.putDataset("other", new double[][] {{2.0, 4.0}});
    }
    assertArrayEquals(sample().values(), DepthReader.DEFAULT.read(f, null).depths(), 0f);
    DepthMap other = new DepthReader(null, "other").read(f, null);
    assertEquals(2, other.width());
    assertEquals(4f, other.depth(1, 0));
    DepthFormatException e =
        assertThrows(DepthFormatException.class, () -> new DepthReader(null, "nope").read(f, null));
    assertTrue(e.getMessage().contains("d.h5"), e.getMessage());
  }

  @Test
  void badFilesAreRejectedNamingTheFile() throws Exception {
    Path f = dir.resolve("broken.npy");
    Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    DepthFormatException e = assertThrows(DepthFormatException.class, () -> NpyFormat.read(f));
    assertEquals(DepthFormatException.CORRUPT, e.reason());
    assertTrue(e.getMessage().contains("broken.npy"));
    Path missing = dir.resolve("missing.pfm");
    assertEquals(DepthFormatException.UNREADABLE,
        assertThrows(DepthFormatException.class, () -> PfmFormat.read(missing)).reason());
    Path cut = dir.resolve("cut.npy");
    NpyFormat.write(cut, sample(), NpyFormat.Layout.FLOAT32);
    byte[] all = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(all, all.length - 4));
    assertEquals(DepthFormatException.CORRUPT,
        assertThrows(DepthFormatException.class, () -> NpyFormat.read(cut)).reason());
  }

  @Test
  void alignResamplesSameAspectAndRefusesOthers() throws Exception {
    float[] v = new float[4 * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = i + 1;
    }
    DepthMap small = DepthMap.of(4, 3, v, null);
    DepthMap big = small.alignTo(8, 6, "d.npy");
    assertEquals(8, big.width());
    assertEquals(small.depth(1, 2), big.depth(2, 4));
    assertEquals(small.depth(1, 2), big.depth(3, 5));
    DepthFormatException e =
        assertThrows(DepthFormatException.class, () -> small.alignTo(8, 8, "d.npy"));
    assertEquals(DepthFormatException.SIZE_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("d.npy"));
  }
}
