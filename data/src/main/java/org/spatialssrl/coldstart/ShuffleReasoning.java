package org.spatialssrl.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.task.ShuffleTask;

/**
 * Shuffle: which cut edges continue across which labels (the original neighbours, read from
 * {@code slot_to_original}), the white patch's place when one is masked, and the restored order.
 */
public final class ShuffleReasoning implements ReasoningTemplate {
  private static final List<String> GRID = List.of("top-left", "top-right", "bottom-left", "bottom-right");

  @Override
  public String task() {
    return ShuffleTask.NAME;
  }

  @Override
  public int phrasings() {
    return 3;
  }

  /** Two pieces that were neighbours in the original: {@code second} right of or below {@code first}. */
  private record Edge(int first, int second, boolean sideBySide) {}

  @Override
  public String reasoning(String variant, String answer, JsonNode meta, int phrasing) {
    int[] grid = ShuffleTask.grid(variant);
    int rows = grid[0];
    int cols = grid[1];
    if (Metadata.integer(meta, "rows") != rows || Metadata.integer(meta, "cols") != cols) {
      throw new IllegalArgumentException("metadata grid " + meta.get("rows") + "x" + meta.get("cols")
          + " does not match variant " + variant);
    }
    int n = rows * cols;
    List<Integer> slotToOriginal = Metadata.integers(meta, "slot_to_original", n);
    int[] labelAt = new int[n]; // original position -> label of the slot showing it
    boolean[] seen = new boolean[n];
    for (int slot = 0; slot < n; slot++) {
      int o = slotToOriginal.get(slot);
      if (o < 0 || o >= n || seen[o]) {
        throw new IllegalArgumentException("metadata 'slot_to_original' is not a permutation: " + slotToOriginal);
      }
      seen[o] = true;
      labelAt[o] = slot;
    }
    StringBuilder derived = new StringBuilder();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      derived.append(i > 0 ? "-" : "").append(labelAt[i]);
      labels.add(String.valueOf(labelAt[i]));
    }
    Metadata.requireAnswer(derived.toString(), answer);
    boolean masked = variant.endsWith("-masked");
    int white = masked ? Metadata.integer(meta, "masked_slot") : -1;
    if (masked && (white < 0 || white >= n)) {
      throw new IllegalArgumentException("metadata 'masked_slot' out of range: " + white);
    }

    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i % cols + 1 < cols) {
        edges.add(new Edge(labelAt[i], labelAt[i + 1], true));
      }
      if (i / cols + 1 < rows) {
        edges.add(new Edge(labelAt[i], labelAt[i + cols], false));
      }
    }
    edges.removeIf(e -> e.first() == white || e.second() == white);
    String noun = rows == 2 && cols == 2 ? "patch" : "strip";
    String nouns = rows == 2 && cols == 2 ? "patches" : "strips";
    List<String> places = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      places.add(place(rows, cols, i));
    }
    String whitePlace = masked ? places.get(slotToOriginal.get(white)) : null;
    String reading = rows == 2 && cols == 2 ? "top-left, top-right, bottom-left, bottom-right"
        : rows == 1 ? "from left to right" : "from top to bottom";

    StringBuilder t = new StringBuilder();
    switch (phrasing) {
      case 0 -> {
        List<String> clauses = new ArrayList<>();
        for (Edge e : edges) {
          clauses.add(e.sideBySide()
              ? "the right edge of " + noun + " " + e.first() + " continues into the left edge of "
                  + noun + " " + e.second()
              : "the bottom edge of " + noun + " " + e.first() + " continues into the top edge of "
                  + noun + " " + e.second());
        }
        t.append("I look for cut edges whose content carries on. ")
            .append(Metadata.capital(String.join("; ", clauses))).append('.');
        if (masked) {
          t.append(' ').append(Metadata.capital(noun)).append(' ').append(white)
              .append(" is all white, so it takes the one place left, the ").append(whitePlace).append('.');
        }
        t.append(" Reading ").append(reading).append(", the ").append(nouns).append(" are ").append(Metadata.list(labels)).append('.');
      }
      case 1 -> {
        List<String> clauses = new ArrayList<>();
        for (Edge e : edges) {
          clauses.add(e.sideBySide()
              ? e.first() + " lines up with " + e.second() + " on its right"
              : e.first() + " lines up with " + e.second() + " below it");
        }
        t.append("Lines and colours have to run on across every cut. Here ")
            .append(Metadata.list(clauses)).append('.');
        if (masked) {
          t.append(" The white ").append(noun).append(", ").append(white)
              .append(", fills the remaining ").append(whitePlace).append(" place.");
        }
        List<String> assigned = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          assigned.add(places.get(i) + " is " + labelAt[i]);
        }
        t.append(" So ").append(Metadata.list(assigned)).append('.');
      }
      default -> {
        List<String> clauses = new ArrayList<>();
        for (Edge e : edges) {
          clauses.add(e.sideBySide()
              ? e.second() + " continues " + e.first() + " to the right"
              : e.second() + " continues " + e.first() + " downward");
        }
        t.append("Restoring the picture ").append(noun).append(" by ").append(noun).append(": ")
            .append(Metadata.list(clauses)).append('.');
        if (masked) {
          t.append(" ").append(Metadata.capital(noun)).append(' ').append(white)
              .append(" shows only white pixels and belongs in the gap at the ").append(whitePlace).append('.');
        }
        t.append(" Listed ").append(reading).append(", the labels are ").append(derived).append('.');
      }
    }
    return t.toString();
  }

  /** The name of original position {@code i} of a grid. */
  static String place(int rows, int cols, int i) {
    if (rows == 2 && cols == 2) {
      return GRID.get(i);
    }
    int n = rows * cols;
    boolean across = rows == 1;
    if (i == 0) {
      return across ? "left" : "top";
    }
    if (i == n - 1) {
      return across ? "right" : "bottom";
    }
    if (n == 3) {
      return "middle";
    }
    return across ? (i == 1 ? "middle-left" : "middle-right") : (i == 1 ? "upper middle" : "lower middle");
  }
}
