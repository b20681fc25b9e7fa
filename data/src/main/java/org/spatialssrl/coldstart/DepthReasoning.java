package org.spatialssrl.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.spatialssrl.task.DepthOrderTask;

/**
 * Depth ordering: the three regions' relative depths (their normalised depth at the region centre)
 * and where each lies in the image, listed from nearest to farthest in every phrasing.
 */
public final class DepthReasoning implements ReasoningTemplate {
  @Override
  public String task() {
    return DepthOrderTask.NAME;
  }

  @Override
  public int phrasings() {
    return 3;
  }

  private record Region(int label, double depth, String where) {}

  @Override
  public String reasoning(String variant, String answer, JsonNode meta, int phrasing) {
    int w = Metadata.integer(meta, "image_width");
    int h = Metadata.integer(meta, "image_height");
    List<Region> regions = new ArrayList<>();
    for (JsonNode r : Metadata.array(meta, "regions", 3)) {
      regions.add(new Region(Metadata.integer(r, "label"), Metadata.number(r, "norm_centre"),
          where(Metadata.integer(r, "centre_x"), Metadata.integer(r, "centre_y"), w, h)));
    }
    regions.sort(Comparator.comparingDouble(Region::depth));
    String derived = regions.get(0).label() + "-" + regions.get(1).label() + "-" + regions.get(2).label();
    List<Integer> stored = Metadata.integers(meta, "order_near_to_far", 3);
    if (!derived.equals(stored.get(0) + "-" + stored.get(1) + "-" + stored.get(2))) {
      throw new IllegalArgumentException("the regions' depths give " + derived
          + " but 'order_near_to_far' is " + stored);
    }
    Metadata.requireAnswer(derived, answer);
    Region a = regions.get(0);
    Region b = regions.get(1);
    Region c = regions.get(2);
    return switch (phrasing) {
      case 0 -> "Region " + a.label() + " (" + a.where() + ") is the closest to the camera, at a"
          + " normalised depth of about " + fmt(a.depth()) + "; region " + b.label() + " ("
          + b.where() + ") is farther, about " + fmt(b.depth()) + "; region " + c.label() + " ("
          + c.where() + ") is the farthest, about " + fmt(c.depth()) + ". From nearest to farthest: "
          + a.label() + ", " + b.label() + ", " + c.label() + ".";
      case 1 -> "Judging depth from the layout of the scene: marker " + a.label() + " in the "
          + a.where() + " is nearest, marker " + b.label() + " in the " + b.where()
          + " is at a middle distance, and marker " + c.label() + " in the " + c.where()
          + " lies farthest back. So the order from smallest to largest depth is " + derived + ".";
      default -> "Sorting the three regions by distance from the camera: region " + a.label()
          + " comes first (near, about " + fmt(a.depth()) + " of the depth range), then region "
          + b.label() + " (middle, about " + fmt(b.depth()) + "), then region " + c.label()
          + " (far, about " + fmt(c.depth()) + ").";
    };
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A coarse place in the image: thirds of the width and height. */
  static String where(int x, int y, int w, int h) {
    String row = y * 3 < h ? "top" : y * 3 < 2 * h ? "middle" : "bottom";
    String col = x * 3 < w ? "left" : x * 3 < 2 * w ? "centre" : "right";
    if (row.equals("middle") && col.equals("centre")) {
      return "centre";
    }
    return row + "-" + col;
  }
}
