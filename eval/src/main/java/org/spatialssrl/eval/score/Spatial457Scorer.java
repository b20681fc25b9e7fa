package org.spatialssrl.eval.score;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spatialssrl.eval.ItemScore;

/**
 * Spatial457 as VLMEvalKit's {@code Spatial457.evaluate} scores it: the JSON "Answer" regexes,
 * else (ROBUST) the whole response, a "format error"; then {@code Spatial457_utils.is_correct}.
 * For format-prompt runs the last balanced {@code \boxed{}} is taken first (EVALUATION.md 3.1:
 * the committed rule alone could never give the paper's numbers).
 */
public final class Spatial457Scorer {
  private static final Pattern TRY_1 = Pattern.compile("Answer': '(.*?)'");
  private static final Pattern TRY_2 = Pattern.compile("Answer\": \"(.*?)\"");
  private static final Pattern TRY_3 = Pattern.compile("Answer': (\\d)", PyText.UNICODE);
  private static final Map<String, String> TEXT_TO_NUM = Map.ofEntries(
      Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"),
      Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"),
      Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"));
  private static final Set<String> DIGITS_1_TO_9 = Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9");
  private static final Map<String, String> SUPER_CLASS = superClasses();

  private Spatial457Scorer() {}

  /**
   * Scores a response.
   *
   * @param response the response
   * @param answer the ground truth
   * @param boxedFirst whether to take the last balanced {@code \boxed{}} first (format prompt)
   * @return 1 or 0; {@code parsed} is false for a ROBUST fallback (the release's format_error)
   */
  public static ItemScore score(String response, String answer, boolean boxedFirst) {
    String pred;
    String path;
    Optional<String> boxed = boxedFirst ? Boxed.lastBalanced(response) : Optional.empty();
    if (boxed.isPresent()) {
      pred = boxed.get();
      path = "boxed";
    } else {
      pred = firstGroup(response);
      path = "json";
      if (pred == null) {
        pred = response;
        path = "robust";
      }
    }
    boolean ok = isCorrect(answer, pred);
    return ItemScore.of(ok ? 1 : 0, pred, path, !path.equals("robust"));
  }

  private static String firstGroup(String response) {
    for (Pattern p : new Pattern[] {TRY_1, TRY_2, TRY_3}) {
      Matcher m = p.matcher(response);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /**
   * {@code Spatial457_utils.is_correct(answer, predict)}.
   *
   * @param answer the ground truth
   * @param predict the prediction
   * @return whether it counts as correct
   */
  public static boolean isCorrect(String answer, String predict) {
    if (PyText.lower(predict).equals("none")) {
      predict = "no";
    }
    String p = PyText.lower(predict);
    if (p.equals(PyText.lower(answer))) {
      return true;
    }
    if (predict.equals("0") && answer.equals("No")) {
      return true;
    }
    if (answer.equals(TEXT_TO_NUM.get(p))) {
      return true;
    }
    if (PyText.lower(answer).equals("yes") && DIGITS_1_TO_9.contains(predict)) {
      return true;
    }
    return categoryCorrect(predict, answer);
  }

  private static boolean categoryCorrect(String answer, String gt) {
    String a = SUPER_CLASS.get(PyText.lower(answer).split(" ", -1)[0]);
    String g = SUPER_CLASS.get(PyText.lower(gt).split(" ", -1)[0]);
    return a != null && a.equals(g);
  }

  private static Map<String, String> superClasses() {
    Map<String, String[]> sub = Map.of(
        "car", new String[] {"suv", "wagon", "minivan", "sedan", "truck", "addi", "car"},
        "bus", new String[] {"articulated", "regular", "double", "school", "bus"},
        "motorbike", new String[] {"chopper", "dirtbike", "scooter", "cruiser", "motorbike"},
        "aeroplane", new String[] {"jet", "fighter", "biplane", "airliner", "aeroplane"},
        "bicycle", new String[] {"road", "utility", "mountain", "tandem", "bicycle"});
    Map<String, String> inverse = new java.util.HashMap<>();
    sub.forEach((k, vs) -> {
      for (String v : vs) {
        inverse.put(v, k);
      }
    });
    return Map.copyOf(inverse);
  }
}
