package org.spatialssrl.cli.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.eval.report.Comparison;
import org.spatialssrl.eval.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ssrl eval compare}: two evaluation folders side by side, with the differences. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {"Shows two evaluation runs side by side.",
      "Prints each benchmark's figure and its types for both runs, with B - A in points."})
public final class EvalCompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_A", description = "An evaluation folder (or its report.json).")
  Path a;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "Another one.")
  Path b;

  @Option(names = "--json", description = "Print [{\"benchmark\", \"type\", \"a\", \"b\", \"delta_points\"}].")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Comparison c = Comparison.of(a, b);
      out.print(json ? ReportJson.JSON.writeValueAsString(c.json()) + "\n" : c.markdown("A: " + a, "B: " + b));
      out.flush();
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("ssrl eval compare: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
  }
}
