package org.spatialssrl.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Two evaluation folders side by side, as the paper's table: each benchmark's figure in A and
 * B and the difference B - A in points, then the same per type.
 */
public final class Comparison {
  /**
   * One line.
   *
   * @param benchmark the benchmark id
   * @param type the type, or null for the benchmark's figure
   * @param a A's figure (fraction), or null when A lacks it
   * @param b B's figure (fraction), or null when B lacks it
   */
  public record Line(String benchmark, String type, Double a, Double b) {
    /**
     * B - A in percentage points, or null when one side lacks it.
     *
     * @return the difference
     */
    public Double deltaPoints() {
      return a == null || b == null ? null : 100 * (b - a);
    }
  }

  private final List<Line> lines;

  private Comparison(List<Line> lines) {
    this.lines = List.copyOf(lines);
  }

  /**
   * Compares two folders (or their {@code report.json}).
   *
   * @param a run A
   * @param b run B
   * @return the comparison
   * @throws IOException when either has no results
   */
  public static Comparison of(Path a, Path b) throws IOException {
    Map<String, JsonNode> ra = byId(Reports.summaries(a));
    Map<String, JsonNode> rb = byId(Reports.summaries(b));
    Set<String> ids = new LinkedHashSet<>();
    for (String id : Table1.BENCHMARKS) {
      if (ra.containsKey(id) || rb.containsKey(id)) {
        ids.add(id);
      }
    }
    ids.addAll(ra.keySet());
    ids.addAll(rb.keySet());
    List<Line> lines = new ArrayList<>();
    for (String id : ids) {
      JsonNode x = ra.get(id);
      JsonNode y = rb.get(id);
      lines.add(new Line(id, null, value(x, null), value(y, null)));
    }
    Map<String, Double> ta = Reports.tableRow(List.copyOf(ra.values()));
    Map<String, Double> tb = Reports.tableRow(List.copyOf(rb.values()));
    if (ta.containsKey("average") || tb.containsKey("average")) {
      lines.add(new Line("average", null, ta.get("average"), tb.get("average")));
    }
    for (String id : ids) {
      JsonNode x = ra.get(id);
      JsonNode y = rb.get(id);
      Set<String> types = new LinkedHashSet<>();
      if (x != null) {
        x.path("by_type").fieldNames().forEachRemaining(types::add);
      }
      if (y != null) {
        y.path("by_type").fieldNames().forEachRemaining(types::add);
      }
      for (String t : types) {
        lines.add(new Line(id, t, value(x, t), value(y, t)));
      }
    }
    return new Comparison(lines);
  }

  private static Map<String, JsonNode> byId(List<JsonNode> summaries) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    summaries.forEach(s -> m.put(s.path("benchmark").asText(), s));
    return m;
  }

  private static Double value(JsonNode s, String type) {
    if (s == null) {
      return null;
    }
    JsonNode v = type == null ? s.path("accuracy") : s.path("by_type").path(type);
    return v.isNumber() ? v.asDouble() : null;
  }

  /**
   * The lines: benchmarks (and {@code average} when a side has all seven), then types.
   *
   * @return the lines
   */
  public List<Line> lines() {
    return lines;
  }

  /**
   * A Markdown table.
   *
   * @param nameA the label of A
   * @param nameB the label of B
   * @return the text
   */
  public String markdown(String nameA, String nameB) {
    StringBuilder sb = new StringBuilder("| benchmark | type | " + nameA + " | " + nameB + " | B - A (points) |\n"
        + "|---|---|---:|---:|---:|\n");
    for (Line l : lines) {
      sb.append("| ").append(l.benchmark().equals("average") ? "Avg" : Reports.displayName(l.benchmark()))
          .append(" | ").append(l.type() == null ? "**all**" : l.type()).append(" | ").append(pct(l.a()))
          .append(" | ").append(pct(l.b())).append(" | ")
          .append(l.deltaPoints() == null ? "-" : String.format(Locale.ROOT, "%+.2f", l.deltaPoints()))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String pct(Double f) {
    return f == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * f);
  }

  /**
   * The JSON form: {@code [{"benchmark", "type", "a", "b", "delta_points"}]}, fractions for a
   * and b.
   *
   * @return the array
   */
  public ArrayNode json() {
    ArrayNode arr = ReportJson.JSON.createArrayNode();
    for (Line l : lines) {
      ObjectNode o = arr.addObject();
      o.put("benchmark", l.benchmark());
      o.put("type", l.type());
      o.put("a", l.a());
      o.put("b", l.b());
      o.put("delta_points", l.deltaPoints());
    }
    return arr;
  }
}
