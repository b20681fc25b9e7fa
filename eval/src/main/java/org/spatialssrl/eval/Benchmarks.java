package org.spatialssrl.eval;

import java.util.List;
import java.util.Locale;

/** The benchmarks this harness knows, by id. */
public final class Benchmarks {
  /** The seven benchmarks of the paper's Table 1, in its column order, then {@code pretext}. */
  public static final List<String> IDS = List.of("spatial457", "3dsrbench", "spatialeval",
      "qspatial_plus", "whatsup", "viewspatial", "vsibench", "pretext");

  private Benchmarks() {}

  /**
   * Creates a benchmark.
   *
   * @param id one of {@link #IDS} (case-insensitive; {@code qspatial} and {@code vsi} also work)
   * @param options how it is asked and scored
   * @return the benchmark
   * @throws IllegalArgumentException for an unknown id
   */
  public static Benchmark create(String id, EvalOptions options) {
    return org.spatialssrl.eval.benchmarks.Registry.create(id.toLowerCase(Locale.ROOT), options);
  }
}
