package org.spatialssrl.cli.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.Benchmarks;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.PromptMode;
import org.spatialssrl.eval.run.Evaluation;
import picocli.CommandLine.Option;

/** The options that name a benchmark, its input and how it is asked and scored. */
public final class BenchmarkOptions {
  @Option(names = "--benchmark", paramLabel = "NAME",
      description = "Required: spatial457, 3dsrbench, spatialeval, qspatial_plus, whatsup, viewspatial, vsibench or pretext.")
  String benchmark;

  @Option(names = "--input", paramLabel = "PATH",
      description = "Required: the benchmark's released file or folder (see docs/EVAL.md); for pretext, a generated dataset.")
  Path input;

  @Option(names = "--prompt-mode", defaultValue = "FORMAT", paramLabel = "MODE",
      description = "format (Spatial-SSRL: the method's format prompt as each script adds it), cot (the"
          + " benchmark's own reasoning prompt) or direct (no reasoning). Default: ${DEFAULT-VALUE}.")
  PromptMode promptMode;

  @Option(names = "--fork-injection",
      description = "Inject the format prompt exactly as the VLMEvalKit fork does (appended to every text part,"
          + " no separator) instead of once, after one space, to the last text part.")
  boolean forkInjection;

  @Option(names = "--upstream-matching",
      description = "Score multiple-choice answers with upstream VLMEvalKit's later can_infer, not the fork's.")
  boolean upstreamMatching;

  @Option(names = "--media-root", paramLabel = "DIR",
      description = "Where the benchmark's image and video paths resolve (default: next to the input).")
  Path mediaRoot;

  @Option(names = "--split", defaultValue = "val", paramLabel = "SPLIT",
      description = "pretext only: val or train (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--types", split = ",", paramLabel = "TYPE",
      description = "Only these types (categories, levels, question types, tasks), comma-separated.")
  List<String> types = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", description = "Only the first N items (after --types).")
  Integer limit;

  /**
   * The benchmark.
   *
   * @return it
   * @throws IllegalArgumentException for an unknown name or bad options
   */
  Benchmark create() {
    // Not picocli-required: the parent command's required options would block its subcommands.
    if (benchmark == null || input == null) {
      throw new IllegalArgumentException("give --benchmark NAME and --input PATH");
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1");
    }
    return Benchmarks.create(benchmark, new EvalOptions(promptMode, forkInjection, upstreamMatching, mediaRoot, split));
  }

  /**
   * The selected items.
   *
   * @param b the benchmark
   * @return the items
   * @throws IOException when the input cannot be read
   */
  List<EvalItem> items(Benchmark b) throws IOException {
    Set<String> t = new LinkedHashSet<>(types);
    List<EvalItem> all = b.load(input);
    if (!t.isEmpty()) {
      Set<String> known = new LinkedHashSet<>();
      all.forEach(i -> known.add(i.type()));
      for (String type : t) {
        if (!known.contains(type)) {
          throw new IllegalArgumentException("--types: no items of type '" + type + "' in " + input + "; types: " + known);
        }
      }
    }
    return Evaluation.select(all, t, limit);
  }
}
