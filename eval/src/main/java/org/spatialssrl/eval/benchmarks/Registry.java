package org.spatialssrl.eval.benchmarks;

import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.Benchmarks;
import org.spatialssrl.eval.EvalOptions;

/** Makes the package's benchmarks; use {@link Benchmarks#create}. */
public final class Registry {
  private Registry() {}

  /**
   * Creates a benchmark by lower-case id.
   *
   * @param id the id
   * @param options the options
   * @return the benchmark
   * @throws IllegalArgumentException for an unknown id
   */
  public static Benchmark create(String id, EvalOptions options) {
    return switch (id) {
      case "spatial457" -> new Spatial457(options);
      case "3dsrbench", "3dsr" -> new ThreeDSRBench(options);
      case "spatialeval" -> new SpatialEval(options);
      case "qspatial_plus", "qspatial", "qspatial+" -> new QSpatialPlus(options);
      case "whatsup", "what'sup" -> new WhatsUp(options);
      case "viewspatial", "viewspatial-bench" -> new ViewSpatial(options);
      case "vsibench", "vsi", "vsi-bench" -> new VsiBench(options);
      case "pretext" -> new PretextBenchmark(options);
      default -> throw new IllegalArgumentException("unknown benchmark '" + id + "'; known: "
          + String.join(", ", Benchmarks.IDS));
    };
  }
}
