package org.spatialssrl.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spatialssrl.eval.BenchmarkReport;

/** The JSON forms of reports. Key names and shapes are a contract with users' scripts. */
public final class ReportJson {
  /** The mapper: pretty-printed, keys in insertion order. */
  public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  /**
   * {@code ssrl eval score --json}: exactly {@code {"benchmark", "items", "accuracy", "by_type"}},
   * accuracy as a fraction.
   *
   * @param r the report
   * @return the object
   */
  public static ObjectNode contract(BenchmarkReport r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("benchmark", r.benchmark());
    o.put("items", r.items());
    o.put("accuracy", r.accuracy());
    ObjectNode t = o.putObject("by_type");
    r.byType().forEach(t::put);
    return o;
  }

  /**
   * The full form, as in {@code summary.json} and {@code report.json}.
   *
   * @param r the report
   * @param run what was run (model, prompt mode, settings, input), or null
   * @return the object
   */
  public static ObjectNode full(BenchmarkReport r, JsonNode run) {
    ObjectNode o = JSON.createObjectNode();
    o.put("benchmark", r.benchmark());
    o.put("name", r.name());
    o.put("items", r.items());
    o.put("accuracy", r.accuracy());
    o.put("aggregate", r.aggregate());
    ObjectNode t = o.putObject("by_type");
    r.byType().forEach(t::put);
    ObjectNode c = o.putObject("type_counts");
    r.typeCounts().forEach(c::put);
    ObjectNode f = o.putObject("failures");
    f.put("errors", r.errors());
    f.put("missing", r.missing());
    f.put("unparsed", r.unparsed());
    ObjectNode v = o.putObject("variants");
    r.variants().forEach((name, var) -> {
      ObjectNode vn = v.putObject(name);
      vn.put("value", var.value());
      vn.put("label", var.label());
      if (!var.byType().isEmpty()) {
        ObjectNode bt = vn.putObject("by_type");
        var.byType().forEach(bt::put);
      }
    });
    o.put("scorer", r.scorer());
    if (run != null) {
      o.set("run", run);
    }
    return o;
  }

  /**
   * Reads the full form back.
   *
   * @param o the object
   * @return the report
   */
  public static BenchmarkReport parse(JsonNode o) {
    Map<String, Double> byType = new LinkedHashMap<>();
    o.path("by_type").fields().forEachRemaining(e -> byType.put(e.getKey(), e.getValue().asDouble()));
    Map<String, Integer> counts = new LinkedHashMap<>();
    o.path("type_counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
    Map<String, BenchmarkReport.Variant> variants = new LinkedHashMap<>();
    o.path("variants").fields().forEachRemaining(e -> {
      Map<String, Double> vt = new LinkedHashMap<>();
      e.getValue().path("by_type").fields().forEachRemaining(x -> vt.put(x.getKey(), x.getValue().asDouble()));
      variants.put(e.getKey(), new BenchmarkReport.Variant(e.getValue().path("value").asDouble(),
          e.getValue().path("label").asText(""), vt));
    });
    JsonNode f = o.path("failures");
    return new BenchmarkReport(o.path("benchmark").asText(), o.path("name").asText(), o.path("items").asInt(),
        o.path("accuracy").asDouble(), o.path("aggregate").asText(""), byType, counts, f.path("errors").asInt(),
        f.path("missing").asInt(), f.path("unparsed").asInt(), variants, o.path("scorer").asText(""));
  }
}
