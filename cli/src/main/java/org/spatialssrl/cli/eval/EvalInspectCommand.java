package org.spatialssrl.cli.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.eval.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssrl eval inspect}: what a benchmark file holds, without a model. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {"Shows a benchmark's items per type and one prompt.",
      "Loads a benchmark's files and prints its items per type, the items that cannot be asked, and one prompt."})
public final class EvalInspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BenchmarkOptions bench;

  @Option(names = "--json", description = "Print {\"benchmark\", \"items\", \"by_type\": {type: count}}.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Benchmark b = bench.create();
      List<EvalItem> items = bench.items(b);
      Map<String, Integer> counts = new TreeMap<>();
      items.forEach(i -> counts.merge(i.type(), 1, Integer::sum));
      if (json) {
        ObjectNode o = ReportJson.JSON.createObjectNode();
        o.put("benchmark", b.id());
        o.put("items", items.size());
        ObjectNode t = o.putObject("by_type");
        counts.forEach(t::put);
        out.println(ReportJson.JSON.writeValueAsString(o));
      } else {
        out.println(b.displayName() + ": " + items.size() + " items from " + bench.input);
        counts.forEach((t, n) -> out.printf("  %-50s %6d%n", t, n));
        List<EvalItem> bad = items.stream().filter(i -> i.problem() != null).toList();
        out.println(bad.size() + " items cannot be asked" + (bad.isEmpty() ? "" : ":"));
        bad.stream().limit(10).forEach(i -> out.println("  " + i.id() + ": " + i.problem()));
        items.stream().filter(i -> i.problem() == null).findFirst().ifPresent(i -> {
          out.println("prompt of item " + i.id() + " (answer " + i.answer() + "):");
          for (PromptPart p : b.prompt(i)) {
            out.println(p instanceof PromptPart.Text t ? t.text() : "[" + ((PromptPart.Media) p).ref().describe() + "]");
          }
        });
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("ssrl eval inspect: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("ssrl eval inspect: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
  }
}
