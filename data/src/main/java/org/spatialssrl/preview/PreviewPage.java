package org.spatialssrl.preview;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.image.ImageDecoder;
import org.spatialssrl.image.ImageLimits;
import org.spatialssrl.image.ImageRejectedException;
import org.spatialssrl.image.JpegEncoder;
import org.spatialssrl.image.RgbImage;

/**
 * Writes a self-contained HTML page (thumbnails embedded as data URLs, no scripts, no external
 * resources) showing a grid of samples per task and variant with question and answer.
 */
public final class PreviewPage {
  private final int perVariant;
  private final int thumbnailSide;

  /**
   * Creates a page writer.
   *
   * @param perVariant samples shown per task and variant
   * @param thumbnailSide the longest side of a thumbnail in pixels
   */
  public PreviewPage(int perVariant, int thumbnailSide) {
    if (perVariant < 1 || thumbnailSide < 16) {
      throw new IllegalArgumentException("perVariant >= 1 and thumbnailSide >= 16 required");
    }
    this.perVariant = perVariant;
    this.thumbnailSide = thumbnailSide;
  }

  /**
   * Renders the preview of a dataset folder.
   *
   * @param dataset the dataset folder
   * @param target the HTML file to write
   * @return the number of samples shown
   * @throws IOException when the dataset cannot be read or the page cannot be written
   */
  public int write(Path dataset, Path target) throws IOException {
    Path train = dataset.resolve(DatasetFiles.TRAIN_JSONL);
    if (!Files.exists(train)) {
      throw new IOException(dataset + ": no " + DatasetFiles.TRAIN_JSONL + " (not a generated dataset?)");
    }
    List<DatasetRow> rows = RowJson.readAll(train);
    Map<String, List<DatasetRow>> groups = new LinkedHashMap<>();
    for (DatasetRow r : rows) {
      List<DatasetRow> g = groups.computeIfAbsent(r.task() + " / " + r.variant(), k -> new ArrayList<>());
      if (g.size() < perVariant) {
        g.add(r);
      }
    }
    ImageDecoder decoder = new ImageDecoder(new ImageLimits(1, Long.MAX_VALUE / 2));
    JpegEncoder encoder = new JpegEncoder(85);
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Preview of ").append(escape(dataset.getFileName() == null ? "dataset"
            : dataset.getFileName().toString())).append("</title><style>"
        + "body{font-family:sans-serif;margin:1.5em;background:#fafafa;color:#222}"
        + "h2{border-bottom:2px solid #ccc;padding-bottom:.2em;margin-top:1.6em}"
        + ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1em}"
        + ".card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.7em}"
        + ".imgs{display:flex;flex-wrap:wrap;gap:4px;align-items:flex-start}"
        + ".imgs figure{margin:0;text-align:center;font-size:.8em;color:#555}"
        + ".imgs img{max-width:100%;border:1px solid #ccc}"
        + ".q{font-size:.85em;white-space:pre-wrap;margin:.5em 0}"
        + ".a{font-weight:bold;font-size:1.1em}.a code{background:#e8f0fe;padding:.1em .4em}"
        + ".meta{font-size:.75em;color:#666;word-break:break-all}</style></head><body>\n");
    html.append("<h1>Dataset preview</h1><p>").append(rows.size()).append(" training samples; up to ")
        .append(perVariant).append(" shown per task and variant.</p>\n");
    int shown = 0;
    for (Map.Entry<String, List<DatasetRow>> g : groups.entrySet()) {
      html.append("<h2>").append(escape(g.getKey())).append("</h2>\n<div class=\"grid\">\n");
      for (DatasetRow r : g.getValue()) {
        html.append("<div class=\"card\"><div class=\"imgs\">");
        for (int i = 0; i < r.images().size(); i++) {
          String caption = r.images().size() == 5
              ? (i == 0 ? "image" : String.valueOf((char) ('A' + i - 1))) : "";
          html.append("<figure>").append(thumbnail(dataset.resolve(r.images().get(i)), decoder, encoder,
              r.images().size() == 5 && i > 0 ? thumbnailSide / 3 : thumbnailSide));
          if (!caption.isEmpty()) {
            html.append("<figcaption>").append(caption).append("</figcaption>");
          }
          html.append("</figure>");
        }
        html.append("</div><div class=\"q\">").append(escape(r.problem())).append("</div>")
            .append("<div class=\"a\">answer: <code>").append(escape(r.answer())).append("</code></div>")
            .append("<div class=\"meta\">").append(escape(r.id())).append(" · source ")
            .append(escape(r.source())).append("<br>").append(escape(r.metadata())).append("</div></div>\n");
        shown++;
      }
      html.append("</div>\n");
    }
    html.append("</body></html>\n");
    AtomicFiles.write(target, html.toString().getBytes(StandardCharsets.UTF_8));
    return shown;
  }

  private static String thumbnail(Path file, ImageDecoder decoder, JpegEncoder encoder, int side) {
    try {
      RgbImage img = decoder.decode(file);
      double scale = Math.min(1.0, (double) side / Math.max(img.width(), img.height()));
      RgbImage small = img.resize(
          Math.max(1, (int) Math.round(img.width() * scale)),
          Math.max(1, (int) Math.round(img.height() * scale)));
      return "<img alt=\"\" src=\"data:image/jpeg;base64,"
          + Base64.getEncoder().encodeToString(encoder.encode(small)) + "\">";
    } catch (ImageRejectedException e) {
      return "<span>" + escape(e.getMessage()) + "</span>";
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
