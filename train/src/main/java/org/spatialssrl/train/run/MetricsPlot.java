package org.spatialssrl.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.image.LabelFont;

/**
 * Learning curves as PNG files (xchart), drawn with the font the project ships (DejaVu Sans Bold,
 * registered with the graphics environment), so that the pictures do not depend on the fonts
 * installed on the machine.
 */
public final class MetricsPlot {
  private static final Font FONT = register();

  private MetricsPlot() {}

  private static Font register() {
    Font f = LabelFont.atSize(12f);
    GraphicsEnvironment.getLocalGraphicsEnvironment().registerFont(f);
    return f;
  }

  /** One curve: its points, and whether it is a reference line drawn dashed (chance level). */
  public record Series(String name, List<double[]> points, boolean reference) {
    /**
     * A horizontal reference line from {@code x0} to {@code x1}.
     *
     * @param name the legend entry
     * @param y the level
     * @param x0 the first x
     * @param x1 the last x
     * @return the series
     */
    public static Series level(String name, double y, double x0, double x1) {
      return new Series(name, List.of(new double[] {x0, y}, new double[] {x1, y}), true);
    }
  }

  /**
   * The points of some keys of metric rows: x is {@code step}, rows without a finite value for a
   * key are left out of that key's curve.
   *
   * @param rows the rows of {@code metrics.jsonl}
   * @param keys the keys, one curve each (named by the key)
   * @return the curves, in the order of the keys
   */
  public static List<Series> fromRows(List<JsonNode> rows, List<String> keys) {
    Map<String, List<double[]>> points = new LinkedHashMap<>();
    for (String k : keys) {
      points.put(k, new ArrayList<>());
    }
    for (JsonNode r : rows) {
      for (String k : keys) {
        JsonNode v = r.get(k);
        if (v != null && v.isNumber() && Double.isFinite(v.asDouble())) {
          points.get(k).add(new double[] {r.path("step").asDouble(), v.asDouble()});
        }
      }
    }
    List<Series> out = new ArrayList<>();
    points.forEach((k, p) -> out.add(new Series(k, p, false)));
    return out;
  }

  /**
   * Draws curves into a PNG file (written atomically). Curves without points are skipped; with
   * none at all, nothing is written.
   *
   * @param png the file
   * @param title the chart title
   * @param xTitle the x axis title
   * @param yTitle the y axis title
   * @param series the curves
   * @return true when the file was written
   * @throws IOException when writing fails
   */
  public static boolean write(Path png, String title, String xTitle, String yTitle,
      List<Series> series) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(540).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    var st = chart.getStyler();
    st.setBaseFont(FONT);
    st.setChartTitleFont(FONT.deriveFont(15f));
    st.setLegendFont(FONT.deriveFont(11f));
    st.setAxisTitleFont(FONT.deriveFont(12f));
    st.setAxisTickLabelsFont(FONT.deriveFont(10f));
    st.setAnnotationTextFont(FONT.deriveFont(10f));
    st.setAnnotationTextPanelFont(FONT.deriveFont(10f));
    st.setToolTipFont(FONT.deriveFont(10f));
    st.setChartButtonFont(FONT.deriveFont(10f));
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setToolTipsEnabled(false);
    st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    int drawn = 0;
    for (Series s : series) {
      if (s.points().isEmpty()) {
        continue;
      }
      double[] xs = new double[s.points().size()];
      double[] ys = new double[xs.length];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = s.points().get(i)[0];
        ys[i] = s.points().get(i)[1];
      }
      XYSeries xy = chart.addSeries(s.name(), xs, ys);
      if (s.reference()) {
        xy.setMarker(SeriesMarkers.NONE);
        xy.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
            java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        xy.setLineColor(Color.GRAY);
      } else if (xs.length > 40) {
        xy.setMarker(SeriesMarkers.NONE);
      }
      drawn++;
    }
    if (drawn == 0) {
      return false;
    }
    AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    return true;
  }
}
