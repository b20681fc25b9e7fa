package org.spatialssrl.eval.report;

import java.util.List;

/**
 * The paper's Table 1 (EVALUATION.md section 4): accuracy in percent on the seven benchmarks,
 * in the order of {@link #BENCHMARKS}, and the plain mean of the seven.
 */
public final class Table1 {
  /** The benchmark ids in the table's column order. */
  public static final List<String> BENCHMARKS = List.of("spatial457", "3dsrbench", "spatialeval",
      "qspatial_plus", "whatsup", "viewspatial", "vsibench");

  /**
   * One row.
   *
   * @param model the model, with {@code (R)} for reasoning and {@code (no reasoning)}
   * @param values percent per benchmark, in column order
   * @param average the row's Avg
   */
  public record Row(String model, double[] values, double average) {}

  /** The rows as printed. */
  public static final List<Row> ROWS = List.of(
      row("SpatialLadder-3B (R)", 40.19, 48.91, 41.57, 37.62, 66.59, 39.06, 41.67, 45.09),
      row("SpaceR-7B (R)", 53.66, 53.91, 61.57, 48.51, 86.22, 37.34, 40.54, 54.54),
      row("Qwen2.5-VL-3B (no reasoning)", 33.70, 50.30, 54.65, 33.66, 85.85, 35.38, 27.84, 45.91),
      row("Qwen2.5-VL-3B (R)", 34.82, 49.47, 50.55, 30.66, 83.54, 34.23, 30.67, 44.85),
      row("Spatial-SSRL-3B (R)", 46.07, 51.72, 59.59, 39.60, 86.71, 36.62, 33.49, 50.54),
      row("Qwen2.5-VL-7B (no reasoning)", 44.67, 53.39, 62.37, 46.53, 86.95, 36.83, 38.08, 52.69),
      row("Qwen2.5-VL-7B (R)", 44.88, 54.55, 61.12, 46.53, 70.61, 36.66, 32.69, 49.58),
      row("Spatial-SSRL-7B (R)", 53.34, 56.53, 64.03, 54.46, 90.61, 37.81, 39.29, 56.58),
      row("Qwen3-VL-4B (no reasoning)", 53.43, 56.46, 63.04, 63.37, 98.78, 39.09, 46.82, 60.14),
      row("Qwen3-VL-4B (R)", 55.25, 55.83, 71.69, 61.39, 96.83, 41.79, 38.82, 60.23),
      row("Spatial-SSRL-4B (R)", 57.12, 59.48, 72.38, 59.41, 97.44, 42.07, 42.13, 61.43));

  private Table1() {}

  private static Row row(String model, double... v) {
    return new Row(model, java.util.Arrays.copyOf(v, 7), v[7]);
  }

  /**
   * A reference row by model name.
   *
   * @param model the name as in {@link #ROWS}
   * @return the row
   */
  public static Row find(String model) {
    return ROWS.stream().filter(r -> r.model().equals(model)).findFirst().orElseThrow();
  }
}
