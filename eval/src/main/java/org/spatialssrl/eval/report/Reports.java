package org.spatialssrl.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.ScoredItem;
import org.spatialssrl.image.LabelFont;

/**
 * The files of an evaluation folder: per benchmark {@code <id>/predictions.jsonl} (the cache),
 * {@code <id>/scores.jsonl} and {@code <id>/summary.json}; for the whole folder
 * {@code report.json}, {@code report.md} and {@code report.png}, rebuilt from every summary, with
 * the paper's Table 1 beside the run. Nothing in them depends on timing, so an interrupted and
 * resumed run gives the same files as an uninterrupted one. Every file is written atomically.
 */
public final class Reports {
  /** The prediction cache. */
  public static final String PREDICTIONS = "predictions.jsonl";
  /** One line per item: score, extracted answer, match path, error. */
  public static final String SCORES = "scores.jsonl";
  /** The benchmark's report. */
  public static final String SUMMARY = "summary.json";
  /** The folder's report. */
  public static final String REPORT_JSON = "report.json";
  /** The folder's report for people. */
  public static final String REPORT_MD = "report.md";
  /** The folder's bar chart. */
  public static final String REPORT_PNG = "report.png";
  /** The reference rows drawn beside the run in the chart. */
  static final List<String> CHART_REFERENCES = List.of("Qwen2.5-VL-7B (no reasoning)", "Spatial-SSRL-7B (R)");

  private Reports() {}

  /**
   * Writes a benchmark's {@code scores.jsonl} and {@code summary.json}.
   *
   * @param dir the benchmark's folder
   * @param scored the scored items
   * @param report the report
   * @param run what was run
   * @throws IOException on failure
   */
  public static void writeBenchmark(Path dir, List<ScoredItem> scored, BenchmarkReport report, JsonNode run)
      throws IOException {
    Files.createDirectories(dir);
    StringBuilder sb = new StringBuilder();
    for (ScoredItem s : scored) {
      ObjectNode o = ReportJson.JSON.createObjectNode();
      o.put("id", s.item().id());
      o.put("type", s.item().type());
      o.put("score", s.score().score());
      o.put("extracted", s.score().extracted());
      o.put("match_path", s.score().matchPath());
      o.put("parsed", s.score().parsed());
      s.score().variants().forEach(o::put);
      o.put("error", s.error());
      sb.append(o.toString()).append('\n');
    }
    AtomicFiles.write(dir.resolve(SCORES), sb.toString().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(dir.resolve(SUMMARY), ReportJson.JSON.writeValueAsBytes(ReportJson.full(report, run)));
  }

  /**
   * Reads every benchmark summary of a folder, in Table 1 order, then the rest by id.
   *
   * @param root the evaluation folder, or its {@code report.json}
   * @return the summaries (the full JSON objects)
   * @throws IOException when none can be found
   */
  public static List<JsonNode> summaries(Path root) throws IOException {
    if (Files.isRegularFile(root)) {
      List<JsonNode> out = new ArrayList<>();
      ReportJson.JSON.readTree(root.toFile()).path("benchmarks").forEach(out::add);
      return out;
    }
    List<JsonNode> out = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.list(root)) {
        for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
          Path f = d.resolve(SUMMARY);
          if (Files.isRegularFile(f)) {
            out.add(ReportJson.JSON.readTree(f.toFile()));
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no evaluation results in " + root + " (no <benchmark>/" + SUMMARY + ")");
    }
    out.sort(Comparator.comparingInt((JsonNode n) -> order(n.path("benchmark").asText()))
        .thenComparing(n -> n.path("benchmark").asText()));
    return out;
  }

  private static int order(String id) {
    int i = Table1.BENCHMARKS.indexOf(id);
    return i < 0 ? Table1.BENCHMARKS.size() : i;
  }

  /**
   * Rebuilds the folder's {@code report.json}, {@code report.md} and {@code report.png}.
   *
   * @param root the evaluation folder
   * @throws IOException on failure
   */
  public static void writeCombined(Path root) throws IOException {
    List<JsonNode> summaries = summaries(root);
    ObjectNode report = ReportJson.JSON.createObjectNode();
    ArrayNode benchmarks = report.putArray("benchmarks");
    summaries.forEach(benchmarks::add);
    Map<String, Double> table = tableRow(summaries);
    ObjectNode t = report.putObject("table1");
    table.forEach(t::put);
    ArrayNode ref = report.putArray("reference");
    for (Table1.Row r : Table1.ROWS) {
      ObjectNode o = ref.addObject().put("model", r.model());
      ObjectNode v = o.putObject("values");
      for (int i = 0; i < 7; i++) {
        v.put(Table1.BENCHMARKS.get(i), r.values()[i]);
      }
      o.put("average", r.average());
    }
    AtomicFiles.write(root.resolve(REPORT_JSON), ReportJson.JSON.writeValueAsBytes(report));
    AtomicFiles.write(root.resolve(REPORT_MD), markdown(summaries, table).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(root.resolve(REPORT_PNG), chart(summaries, table));
  }

  /**
   * The run's Table-1 figures (fractions) by benchmark id, with {@code average} when all seven
   * are present.
   *
   * @param summaries the summaries
   * @return the row
   */
  static Map<String, Double> tableRow(List<JsonNode> summaries) {
    Map<String, Double> row = new LinkedHashMap<>();
    for (JsonNode s : summaries) {
      if (Table1.BENCHMARKS.contains(s.path("benchmark").asText())) {
        row.put(s.path("benchmark").asText(), s.path("accuracy").asDouble());
      }
    }
    if (row.size() == 7) {
      row.put("average", row.values().stream().mapToDouble(Double::doubleValue).sum() / 7);
    }
    return row;
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.2f", 100 * fraction);
  }

  private static String markdown(List<JsonNode> summaries, Map<String, Double> table) {
    StringBuilder md = new StringBuilder("# Evaluation report\n\n");
    JsonNode run = summaries.get(0).path("run");
    md.append("Model: `").append(run.path("model").asText("?")).append("`, prompt mode `")
        .append(run.path("prompt_mode").asText("?")).append("`.\n\n");
    if (!table.isEmpty()) {
      md.append("## Table 1 (accuracy, %)\n\nThis run beside the paper's Table 1. Each figure is the"
          + " benchmark's aggregate named in its section below.\n\n| model |");
      for (String id : Table1.BENCHMARKS) {
        md.append(' ').append(displayName(id)).append(" |");
      }
      md.append(" Avg |\n|---|");
      md.append("---:|".repeat(8)).append("\n| **this run** |");
      for (String id : Table1.BENCHMARKS) {
        md.append(' ').append(table.containsKey(id) ? "**" + pct(table.get(id)) + "**" : "-").append(" |");
      }
      md.append(' ').append(table.containsKey("average") ? "**" + pct(table.get("average")) + "**" : "-").append(" |\n");
      for (Table1.Row r : Table1.ROWS) {
        md.append("| ").append(r.model()).append(" |");
        for (double v : r.values()) {
          md.append(String.format(Locale.ROOT, " %.2f |", v));
        }
        md.append(String.format(Locale.ROOT, " %.2f |%n", r.average()));
      }
      md.append('\n');
    }
    for (JsonNode s : summaries) {
      BenchmarkReport r = ReportJson.parse(s);
      md.append("## ").append(r.name()).append("\n\n");
      md.append("- items: ").append(r.items()).append("; **").append(pct(r.accuracy())).append("%** (")
          .append(r.aggregate()).append(")\n");
      md.append("- failures: ").append(r.errors()).append(" errors (not asked or the request failed), ")
          .append(r.missing()).append(" without a prediction, ").append(r.unparsed())
          .append(" answered but no answer found in the response; all count as wrong\n");
      md.append("- scorer: ").append(r.scorer()).append('\n');
      JsonNode settings = s.path("run").path("settings");
      if (!settings.isMissingNode()) {
        md.append("- settings: `").append(settings).append("`\n");
      }
      md.append("\n| type | items | %").append(variantHeader(r)).append(" |\n|---|---:|---:")
          .append("|---:".repeat(variantsWithTypes(r).size())).append("|\n");
      r.byType().forEach((type, v) -> {
        md.append("| ").append(type).append(" | ").append(r.typeCounts().getOrDefault(type, 0)).append(" | ")
            .append(pct(v));
        for (BenchmarkReport.Variant var : variantsWithTypes(r).values()) {
          Double x = var.byType().get(type);
          md.append(" | ").append(x == null ? "-" : pct(x));
        }
        md.append(" |\n");
      });
      if (!r.variants().isEmpty()) {
        md.append("\n| aggregate | % | what it is |\n|---|---:|---|\n");
        r.variants().forEach((name, var) -> md.append("| ").append(name).append(" | ").append(pct(var.value()))
            .append(" | ").append(var.label()).append(" |\n"));
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static Map<String, BenchmarkReport.Variant> variantsWithTypes(BenchmarkReport r) {
    Map<String, BenchmarkReport.Variant> out = new LinkedHashMap<>();
    r.variants().forEach((k, v) -> {
      if (v.byType().keySet().stream().anyMatch(r.byType()::containsKey)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static String variantHeader(BenchmarkReport r) {
    StringBuilder sb = new StringBuilder();
    variantsWithTypes(r).keySet().forEach(k -> sb.append(" | ").append(k));
    return sb.toString();
  }

  static String displayName(String id) {
    return switch (id) {
      case "spatial457" -> "Spatial457";
      case "3dsrbench" -> "3DSRBench";
      case "spatialeval" -> "SpatialEval";
      case "qspatial_plus" -> "QSpatial_plus";
      case "whatsup" -> "What'sUp";
      case "viewspatial" -> "ViewSpatial";
      case "vsibench" -> "VSI-Bench";
      default -> id;
    };
  }

  /** A bar chart: the run's Table-1 figures beside two reference rows, or per type otherwise. */
  private static byte[] chart(List<JsonNode> summaries, Map<String, Double> table) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(1100).height(520)
        .title(table.isEmpty() ? "Accuracy by type" : "Accuracy on the spatial benchmarks (%)")
        .yAxisTitle("accuracy (%)").build();
    Styler st = chart.getStyler();
    st.setBaseFont(LabelFont.atSize(12));
    chart.getStyler().setChartTitleFont(LabelFont.atSize(18)).setLegendFont(LabelFont.atSize(12))
        .setAnnotationTextFont(LabelFont.atSize(10)).setToolTipFont(LabelFont.atSize(10))
        .setChartButtonFont(LabelFont.atSize(10)).setAnnotationTextPanelFont(LabelFont.atSize(10));
    chart.getStyler().setAxisTitleFont(LabelFont.atSize(13)).setAxisTickLabelsFont(LabelFont.atSize(11));
    chart.getStyler().setLabelsFont(LabelFont.atSize(9)).setLabelsVisible(true).setLabelsRotation(90);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0).setYAxisDecimalPattern("0");
    st.setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
    st.setChartBackgroundColor(Color.WHITE);
    if (!table.isEmpty()) {
      List<String> names = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (String id : Table1.BENCHMARKS) {
        if (table.containsKey(id)) {
          ids.add(id);
          names.add(displayName(id));
        }
      }
      chart.addSeries("this run", names, ids.stream().map(id -> 100 * table.get(id)).toList());
      for (String model : CHART_REFERENCES) {
        Table1.Row row = Table1.find(model);
        chart.addSeries(model + ", Table 1", names,
            ids.stream().map(id -> row.values()[Table1.BENCHMARKS.indexOf(id)]).toList());
      }
    } else {
      JsonNode s = summaries.get(0);
      List<String> types = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      s.path("by_type").fields().forEachRemaining(e -> {
        types.add(e.getKey());
        values.add(100 * e.getValue().asDouble());
      });
      chart.addSeries(s.path("name").asText(), types, values);
    }
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }
}
