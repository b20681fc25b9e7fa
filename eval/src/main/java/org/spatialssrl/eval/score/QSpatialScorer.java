package org.spatialssrl.eval.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spatialssrl.eval.ItemScore;

/**
 * QSpatial_plus as the Spatial-SSRL VLMEvalKit fork scores it ({@code QSpatial.parse_prediction}
 * and {@code evaluate}, regex path, EVALUATION.md 3.4): {@code \scalar{} \distance_unit{}} parsed
 * (a {@code boxed{} answer rewritten first), converted to centimetres, then
 * {@code max(pred/gt, gt/pred) < 2} with 1e-8 added to both sides.
 */
public final class QSpatialScorer {
  private static final Pattern SCALAR = Pattern.compile("scalar\\{([^}]*)\\}");
  private static final Pattern NUMBER = Pattern.compile("\\d+\\.?\\d*", PyText.UNICODE);
  private static final Pattern DISTANCE_UNIT = Pattern.compile("distance_unit\\{([^}]*)\\}");
  private static final Pattern UNIT = Pattern.compile("unit\\{([^}]*)\\}");
  private static final Pattern ANY_BRACES = Pattern.compile("\\{([^}]*)\\}");
  private static final Pattern LETTERS = Pattern.compile("[a-zA-Z]*");
  private static final double EPS = 1e-8;

  private QSpatialScorer() {}

  /**
   * Scores a response.
   *
   * @param response the response
   * @param value the ground-truth value
   * @param unit the ground-truth unit
   * @return 1 when within a factor of 2; variant {@code delta_1_5} for a factor of 1.5;
   *     {@code parsed} is false where the release counts a parsing error
   */
  public static ItemScore score(String response, double value, String unit) {
    OptionalDouble parsed = parsePrediction(response);
    double pred = (parsed.isPresent() ? parsed.getAsDouble() : EPS) + EPS;
    double gt = value * multiplier(unit) + EPS;
    double delta = Math.max(pred / gt, gt / pred); // NaN stays NaN, as numpy's max does
    return new ItemScore(delta < 2 ? 1 : 0, parsed.isPresent() ? Double.toString(parsed.getAsDouble()) : "",
        parsed.isPresent() ? "scalar" : "none", parsed.isPresent(), Map.of("delta_1_5", delta < 1.5 ? 1.0 : 0.0));
  }

  /**
   * The fork's {@code parse_prediction}: the prediction in centimetres.
   *
   * @param response the response
   * @return the value (possibly NaN or 0 for an unknown unit), or empty where the release raises
   *     {@code IndexError} (no {@code scalar{}}, no unit)
   */
  public static OptionalDouble parsePrediction(String response) {
    String s = response.contains("boxed{") ? processString(response) : response;
    List<String> scalars = findAll(SCALAR, s);
    if (scalars.isEmpty()) {
      return OptionalDouble.empty();
    }
    List<String> numbers = findAll(NUMBER, scalars.get(scalars.size() - 1), 0);
    double sum = 0;
    for (String n : numbers) {
      sum += PyFloat.parse(n).orElseThrow();
    }
    double scalar = numbers.isEmpty() ? Double.NaN : sum / numbers.size(); // numpy: mean([]) is NaN
    List<String> units = findAll(DISTANCE_UNIT, s);
    if (units.isEmpty()) {
      units = findAll(UNIT, s);
    }
    if (units.isEmpty()) {
      units = findAll(ANY_BRACES, s);
    }
    if (units.isEmpty()) {
      return OptionalDouble.empty();
    }
    String unit = units.get(units.size() - 1);
    if (PyFloat.parse(unit).isPresent()) {
      int slash = s.lastIndexOf('\\');
      String tail = slash >= 0 ? s.substring(slash + 1) : "";
      Matcher m = LETTERS.matcher(tail);
      unit = m.lookingAt() ? m.group() : "";
    }
    return OptionalDouble.of(scalar * multiplier(unit));
  }

  /** The fork's {@code process_string}: {@code boxed{} becomes {@code scalar{}, braces moved. */
  static String processString(String s) {
    s = s.replace("boxed{", "scalar{");
    int space = s.indexOf(' ', s.indexOf("scalar{"));
    if (space != -1) {
      s = s.substring(0, space) + "}" + s.substring(space);
    }
    int last = s.lastIndexOf('}');
    if (last != -1) {
      s = s.substring(0, last) + s.substring(last + 1);
    }
    return s;
  }

  /**
   * {@code get_multiplier}: centimetres per unit; 0 for an unknown unit (VLMEvalKit's choice).
   *
   * @param unit the unit text
   * @return the multiplier
   */
  public static double multiplier(String unit) {
    return switch (PyText.strip(PyText.lower(unit))) {
      case "meters", "meter", "m", "metre", "metres" -> 100;
      case "centimeters", "centimeter", "cm" -> 1;
      case "feet", "foot", "ft" -> 30.48;
      case "inch", "inches", "in" -> 2.54;
      case "mm" -> 0.1;
      default -> 0;
    };
  }

  private static List<String> findAll(Pattern p, String s) {
    return findAll(p, s, 1);
  }

  private static List<String> findAll(Pattern p, String s, int group) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(s);
    while (m.find()) {
      out.add(m.group(group));
    }
    return out;
  }
}
