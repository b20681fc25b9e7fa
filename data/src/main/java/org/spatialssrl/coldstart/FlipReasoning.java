package org.spatialssrl.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.task.FlipTask;

/**
 * Flip: which patch breaks continuity with its two neighbours (read from {@code flipped_patch}),
 * how (upside down for direction 0, mirrored for direction 1), and the answer.
 *
 * <p>The direction words are kept apart on purpose: only a direction-0 trace says "upside down" or
 * "vertically", only a direction-1 trace says "mirrored" or "horizontally".
 */
public final class FlipReasoning implements ReasoningTemplate {
  private static final List<String> PLACES = List.of("top-left", "top-right", "bottom-left", "bottom-right");

  @Override
  public String task() {
    return FlipTask.NAME;
  }

  @Override
  public int phrasings() {
    return 3;
  }

  @Override
  public String reasoning(String variant, String answer, JsonNode meta, int phrasing) {
    int k = Metadata.integer(meta, "flipped_patch");
    int d = Metadata.integer(meta, "direction");
    if (k < 0 || k > 3 || (d != 0 && d != 1)) {
      throw new IllegalArgumentException("metadata flipped_patch " + k + " / direction " + d + " out of range");
    }
    String expectedVariant = d == 0 ? "vertical" : "horizontal";
    if (!variant.equals(expectedVariant)) {
      throw new IllegalArgumentException("variant '" + variant + "' does not match direction " + d);
    }
    Metadata.requireAnswer(k + "-" + d, answer);
    boolean upsideDown = d == 0;
    String place = PLACES.get(k);
    int side = k ^ 1; // the neighbour across the vertical cut
    String sideWord = k % 2 == 0 ? "right" : "left";
    int stacked = k ^ 2; // the neighbour across the horizontal cut
    String stackedWord = k < 2 ? "below" : "above";
    String stackedEdge = k < 2 ? "bottom" : "top";
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      if (i != k) {
        others.add(String.valueOf(i));
      }
    }
    String how = upsideDown ? "upside down" : "mirrored left to right";
    String flipped = upsideDown ? "flipped vertically" : "flipped horizontally";

    return switch (phrasing) {
      case 0 -> "Patches " + Metadata.list(others) + " continue into each other across their borders,"
          + " but patch " + k + " in the " + place + " does not join patch " + side + " on its "
          + sideWord + " or patch " + stacked + " " + stackedWord + " it. Its content is " + how
          + ", so it was " + flipped + ": direction " + d + ".";
      case 1 -> "I check every border between neighbouring patches. The borders of patch " + k
          + " (" + place + ") break: "
          + (upsideDown
              ? "along its " + sideWord + " side the shapes sit at the wrong heights next to patch "
                  + side + ", and its " + stackedEdge + " edge does not meet patch " + stacked
              : "its rows meet patch " + side + " at the right heights, but the colours along its "
                  + sideWord + " side belong to its other side, and the lines crossing into patch "
                  + stacked + " are shifted sideways")
          + ". Patch " + k + " is " + how + ", so the answer is patch " + k + " with direction " + d
          + " (" + flipped + ").";
      default -> "Which patch breaks the continuity? Not " + Metadata.list(others)
          + ": they fit together. Patch " + k + " at the " + place + " only fits patch " + side
          + " and patch " + stacked + " once it is turned back "
          + (upsideDown ? "top to bottom" : "left to right") + ", so it is " + flipped
          + " (direction " + d + ").";
    };
  }
}
