package org.spatialssrl.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.spatialssrl.task.Facing;
import org.spatialssrl.task.RelativePositionTask;

/**
 * Relative position: the camera's frame (where its front, back, left and right point in the
 * image, from {@code facing}), the target's offset from the camera marker in the image and in
 * depth (from {@code dx} and {@code dd}), and the option that names it. The ground truth is
 * re-derived with {@link Facing}'s table, the same one the task uses.
 */
public final class PositionReasoning implements ReasoningTemplate {
  @Override
  public String task() {
    return RelativePositionTask.NAME;
  }

  @Override
  public int phrasings() {
    return 3;
  }

  @Override
  public String reasoning(String variant, String answer, JsonNode meta, int phrasing) {
    Facing facing;
    try {
      facing = Facing.ofId(Metadata.text(meta, "facing"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("metadata: " + e.getMessage(), e);
    }
    int camera = Metadata.integer(meta, "camera_label");
    int target = Metadata.integer(meta, "target_label");
    double dx = Metadata.number(meta, "dx");
    double dd = Metadata.number(meta, "dd");
    String pair = Metadata.text(meta, "pair");
    boolean sameX = Math.abs(dx) <= Metadata.number(meta, "same_x_max_dx");
    String expectedVariant = pair.equals("near") ? "near" : sameX ? "far-same-x" : "far-diff-x";
    if ((!pair.equals("near") && !pair.equals("far")) || !variant.equals(expectedVariant)) {
      throw new IllegalArgumentException("variant '" + variant + "' does not match pair '" + pair
          + "' with dx " + dx);
    }
    String truth = switch (variant) {
      case "near" -> facing.near(dx);
      case "far-same-x" -> facing.farSameX(dd);
      default -> facing.farDiffX(dx, dd);
    };
    List<String> options = Metadata.texts(meta, "options", 4);
    int slot = options.indexOf(truth);
    if (slot < 0 || !Metadata.text(meta, "true_option").equals(truth)) {
      throw new IllegalArgumentException("the camera's frame gives '" + truth + "', but the options are "
          + options + " with true_option " + meta.get("true_option"));
    }
    String letter = String.valueOf((char) ('A' + slot));
    Metadata.requireAnswer(letter, answer);

    String looking = switch (facing) {
      case LEFT -> "toward the left of the image";
      case RIGHT -> "toward the right of the image";
      case TOWARD -> "toward me";
      case AWAY -> "away from me, into the scene";
    };
    String lateral = "the image's right is its " + lower(facing.near(1)) + " and the image's left is its "
        + lower(facing.near(-1));
    String depth = "away from me is its " + lower(facing.farSameX(1)) + " and toward me is its "
        + lower(facing.farSameX(-1));
    String mapping = switch (variant) {
      case "near" -> lateral;
      case "far-same-x" -> depth;
      default -> lateral + ", while " + depth;
    };
    String beside = dx >= 0 ? "to the right of" : "to the left of";
    String deeper = dd >= 0 ? "farther from me" : "closer to me";
    String offset = switch (variant) {
      case "near" -> beside + " marker " + camera + " in the image, at about the same depth";
      case "far-same-x" -> "at nearly the same horizontal position as marker " + camera
          + " in the image, but " + deeper;
      default -> beside + " marker " + camera + " in the image and " + deeper;
    };
    return switch (phrasing) {
      case 0 -> "The camera stands at marker " + camera + " and faces " + looking + ", so its front"
          + " points " + toward(facing, "Front") + ", its back " + toward(facing, "Back")
          + ", its right " + toward(facing, "Right") + " and its left " + toward(facing, "Left")
          + ". Marker " + target + " is " + offset + ". For the camera that is " + truth
          + ", option " + letter + ".";
      case 1 -> "Standing at marker " + camera + " and looking " + looking + ", " + mapping
          + ". Marker " + target + " is " + offset + ", so it is at the camera's " + truth
          + ": option " + letter + ".";
      default -> "Marker " + target + " lies " + offset + ". Seen from a camera at marker " + camera
          + " facing " + looking + ", " + mapping + ", so the answer is " + truth
          + ", which is option " + letter + ".";
    };
  }

  /** Where, in the image, the camera's side {@code word} points. */
  private static String toward(Facing f, String word) {
    if (f.near(1).equals(word)) {
      return "to the image's right";
    }
    if (f.near(-1).equals(word)) {
      return "to the image's left";
    }
    return f.farSameX(1).equals(word) ? "away from me" : "toward me";
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
