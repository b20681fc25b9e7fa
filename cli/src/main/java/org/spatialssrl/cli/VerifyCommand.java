package org.spatialssrl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.verify.DatasetVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ssrl verify}: re-checks a generated dataset independently of the generator. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Re-checks every sample of a generated dataset.",
      "Checks answer syntax, one <image> per image, that images decode, unique ids and disjoint"
          + " splits; with --sources, re-derives each answer from the source pixels (give the"
          + " generating run's --hdf5-dataset and --depth-scale too). Exit code 1 when anything"
          + " disagrees."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DATASET", description = "A folder written by ssrl generate.")
  Path dataset;

  @Option(names = "--sources", paramLabel = "DIR",
      description = "The --input folder of the generating run (OUTPUT/sources for built-in scenes).")
  Path sources;

  @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @picocli.CommandLine.Mixin DepthOptions depthOptions;

  @Override
  public Integer call() throws Exception {
    DatasetVerifier.Report report;
    try {
      report = new DatasetVerifier(threads == null ? Runtime.getRuntime().availableProcessors() : threads,
          depthOptions.reader()).verify(dataset, sources);
    } catch (IllegalArgumentException e) {
      System.err.println("ssrl verify: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("ssrl verify: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
    if (json) {
      System.out.println(RowJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    } else {
      Map<String, Integer> byKind = new TreeMap<>();
      for (DatasetVerifier.Problem p : report.problems()) {
        byKind.merge(p.kind(), 1, Integer::sum);
        System.out.println(p.id() + "\t" + p.kind() + "\t" + p.message());
      }
      System.out.printf("%d samples checked, %d answers re-derived from sources, %d problems%s%n",
          report.rows(), report.rederived(), report.problems().size(),
          byKind.isEmpty() ? "" : " " + byKind);
      if (sources == null) {
        System.out.println("(give --sources DIR to re-derive answers from the source pixels)");
      }
    }
    return report.ok() ? 0 : Ssrl.EXIT_PROBLEMS;
  }
}
