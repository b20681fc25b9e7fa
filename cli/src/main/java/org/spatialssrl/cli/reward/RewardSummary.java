package org.spatialssrl.cli.reward;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import org.spatialssrl.reward.RewardScore;

/** Accumulates scores by task and variant; renders a table or JSON. Not thread-safe. */
final class RewardSummary {

  /** Running totals of one group. */
  private static final class Totals {
    long count;
    double accuracy;
    double format;
    double overall;

    void add(RewardScore s) {
      count++;
      accuracy += s.accuracy();
      format += s.format();
      overall += s.overall();
    }
  }

  private final Map<String, Map<String, Totals>> groups = new TreeMap<>();
  private final Totals all = new Totals();

  void add(String task, String variant, RewardScore s) {
    groups.computeIfAbsent(task, k -> new TreeMap<>()).computeIfAbsent(variant, k -> new Totals()).add(s);
    all.add(s);
  }

  long count() {
    return all.count;
  }

  void printTable(PrintWriter out) {
    out.printf("%-12s %-24s %8s %9s %9s %11s%n", "task", "variant", "n", "accuracy", "format", "mean_reward");
    groups.forEach((task, byVariant) -> byVariant.forEach((variant, t) -> row(out, task, variant, t)));
    row(out, "all", "", all);
  }

  private static void row(PrintWriter out, String task, String variant, Totals t) {
    out.printf("%-12s %-24s %8d %9.4f %9.4f %11.4f%n", task, variant, t.count,
        mean(t.accuracy, t.count), mean(t.format, t.count), mean(t.overall, t.count));
  }

  void writeJson(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeFieldName("all");
    totals(g, all);
    g.writeArrayFieldStart("groups");
    for (Map.Entry<String, Map<String, Totals>> task : groups.entrySet()) {
      for (Map.Entry<String, Totals> variant : task.getValue().entrySet()) {
        g.writeStartObject();
        g.writeStringField("task", task.getKey());
        g.writeStringField("variant", variant.getKey());
        g.writeFieldName("summary");
        totals(g, variant.getValue());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void totals(JsonGenerator g, Totals t) throws IOException {
    g.writeStartObject();
    g.writeNumberField("count", t.count);
    g.writeNumberField("accuracy", mean(t.accuracy, t.count));
    g.writeNumberField("format_rate", mean(t.format, t.count));
    g.writeNumberField("mean_reward", mean(t.overall, t.count));
    g.writeEndObject();
  }

  private static double mean(double sum, long n) {
    return n == 0 ? 0.0 : sum / n;
  }
}
