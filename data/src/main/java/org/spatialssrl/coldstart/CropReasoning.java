package org.spatialssrl.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.task.CropTask;
import org.spatialssrl.task.DistractorMethod;

/**
 * Crop: the option that continues the border of the black square, and what is wrong with each
 * other option, read from {@code metadata.options} (which distractor method sits in which slot).
 * Every trace describes a distractor as "option X is ..." with the method's own words.
 */
public final class CropReasoning implements ReasoningTemplate {
  @Override
  public String task() {
    return CropTask.NAME;
  }

  @Override
  public int phrasings() {
    return 3;
  }

  @Override
  public String reasoning(String variant, String answer, JsonNode meta, int phrasing) {
    JsonNode options = Metadata.array(meta, "options", 4);
    String truth = null;
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      JsonNode o = options.get(i);
      String slot = Metadata.text(o, "slot");
      if (!slot.equals(CropTask.LETTERS.get(i))) {
        throw new IllegalArgumentException("metadata option " + i + " has slot '" + slot + "'");
      }
      String method = Metadata.text(o, "method");
      if (method.equals(CropTask.TRUE_METHOD)) {
        if (truth != null) {
          throw new IllegalArgumentException("metadata marks two options as the true crop");
        }
        truth = slot;
      } else {
        wrong.add("option " + slot + " is " + describe(DistractorMethod.byId(method)));
      }
    }
    if (truth == null) {
      throw new IllegalArgumentException("metadata marks no option as the true crop");
    }
    Metadata.requireAnswer(truth, answer);
    if (!Metadata.text(meta, "true_slot").equals(truth)) {
      throw new IllegalArgumentException("metadata 'true_slot' disagrees with its options");
    }
    JsonNode box = Metadata.field(meta, "box");
    int size = Metadata.integer(box, "size");
    return switch (phrasing) {
      case 0 -> "The black square in the first image has its top-left corner at x "
          + Metadata.integer(box, "x") + ", y " + Metadata.integer(box, "y") + " and a side of "
          + size + " pixels. Option " + truth + " continues the content around it on all four sides,"
          + " at the same scale and orientation. " + Metadata.capital(String.join("; ", wrong))
          + ". So the missing part is option " + truth + ".";
      case 1 -> {
        StringBuilder t = new StringBuilder("I compare each option with the border of the blacked-out "
            + size + "-pixel square.");
        for (String w : wrong) {
          t.append(' ').append(Metadata.capital(w)).append('.');
        }
        yield t.append(" Only option ").append(truth)
            .append(" matches the border in content, scale and orientation.").toString();
      }
      default -> "Option " + truth + " fits the hole: lines and colours cross its edges into the"
          + " surrounding image without a break. The others do not fit, since "
          + Metadata.list(wrong) + ".";
    };
  }

  /** What a distractor looks like next to the hole. */
  static String describe(DistractorMethod m) {
    return switch (m) {
      case INTERIOR -> "zoomed in on the centre of the square";
      case EXTERIOR_QUARTER -> "zoomed out to include a margin of the surroundings";
      case EXTERIOR_HALF -> "zoomed out even more to include a wide margin of the surroundings";
      case ROTATE_CLOCKWISE -> "the missing content turned 90 degrees clockwise";
      case ROTATE_COUNTER_CLOCKWISE -> "the missing content turned 90 degrees counter-clockwise";
    };
  }
}
