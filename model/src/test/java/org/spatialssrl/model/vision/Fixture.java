package org.spatialssrl.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The qwen-tiny-a fixture and the checksums of its cases.json. */
final class Fixture {
  private Fixture() {}

  /** The fixture directory; skips the calling test when it is absent. */
  static Path dir() {
    String root = System.getProperty("ssrl.fixtures");
    Path dir = root == null ? null : Path.of(root, "qwen-tiny-a");
    Assumptions.assumeTrue(
        dir != null && Files.isRegularFile(dir.resolve("cases.json")),
        "fixture qwen-tiny-a not found (system property ssrl.fixtures=" + root + "); skipping");
    return dir;
  }

  /** The cases, by name. */
  static JsonNode cases() throws IOException {
    return new ObjectMapper().readTree(dir().resolve("cases.json").toFile()).path("cases");
  }

  static JsonNode named(String name) throws IOException {
    for (JsonNode c : cases()) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no case " + name);
  }

  static int[] ints(JsonNode arr) {
    int[] out = new int[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asInt();
    }
    return out;
  }

  /**
   * Compares values (C-order flat, {@code cols} per row) with a checksum entry: shape, sum,
   * abs_sum, weighted_sum within {@code rel} relative, first8 / row1_first8 / last_row_first8
   * within {@code abs}.
   */
  static void assertChecksums(JsonNode want, double[] x, int cols, double rel, double abs, String what) {
    int rows = x.length / cols;
    JsonNode shape = want.path("shape");
    long n = 1;
    for (JsonNode s : shape) {
      n *= s.asLong();
    }
    assertEquals(n, x.length, what + " element count");
    assertEquals(rows, shape.get(0).asInt(), what + " rows");
    double sum = 0;
    double absSum = 0;
    double weighted = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i];
      absSum += Math.abs(x[i]);
      weighted += x[i] * ((i % 1000) + 1) / 1000.0;
    }
    double scale = Math.max(1.0, want.path("abs_sum").asDouble());
    assertEquals(want.path("sum").asDouble(), sum, rel * scale, what + " sum");
    assertEquals(want.path("abs_sum").asDouble(), absSum, rel * scale, what + " abs_sum");
    assertEquals(want.path("weighted_sum").asDouble(), weighted, rel * scale, what + " weighted_sum");
    checkRow(want.path("first8"), x, 0, abs, what + " first8");
    if (want.has("row1_first8")) {
      checkRow(want.path("row1_first8"), x, cols, abs, what + " row1_first8");
    }
    if (want.has("last_row_first8")) {
      checkRow(want.path("last_row_first8"), x, (rows - 1) * cols, abs, what + " last_row_first8");
    }
  }

  private static void checkRow(JsonNode want, double[] x, int offset, double abs, String what) {
    double[] w = new double[want.size()];
    double[] got = new double[want.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = want.get(i).asDouble();
      got[i] = x[offset + i];
    }
    assertArrayEquals(w, got, abs, what);
  }

  static double[] widen(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = x[i];
    }
    return d;
  }
}
