package org.spatialssrl.eval.score;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The boxed-answer extractors of EVALUATION.md section 2.3. They differ on purpose and are kept
 * apart: the regex ones stop at the first {@code }} ({@code \boxed{\text{B}}} gives
 * {@code \text{B}}), the balanced one counts braces.
 */
public final class Boxed {
  /** X1/X3: {@code boxed\{([^}]*)\}} (no backslash needed). */
  private static final Pattern LOOSE = Pattern.compile("boxed\\{([^}]*)\\}");
  /** X2: {@code \\boxed\{([^}]*)\}} (the backslash is required). */
  private static final Pattern STRICT = Pattern.compile("\\\\boxed\\{([^}]*)\\}");

  private Boxed() {}

  /**
   * X3 (What'sUp {@code extract}): the last {@code boxed\{([^}]*)\}}, or {@code ""}.
   *
   * @param response the response
   * @return the content of the last match, or empty
   */
  public static String lastLoose(String response) {
    return last(LOOSE, response);
  }

  /**
   * X2 (ViewSpatial and VSI-Bench {@code extract}): the last {@code \\boxed\{([^}]*)\}}, or
   * {@code ""}.
   *
   * @param response the response
   * @return the content of the last match, or empty
   */
  public static String lastStrict(String response) {
    return last(STRICT, response);
  }

  private static String last(Pattern p, String response) {
    Matcher m = p.matcher(response);
    String last = "";
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  /**
   * X5 (the training reward's {@code mathruler.extract_boxed_content}): the content of the last
   * {@code \boxed{} up to its balancing brace, stripped; empty when there is no such box (the
   * release returns the string {@code "None"} then; callers treat that as "no box").
   *
   * @param response the response
   * @return the content, or empty
   */
  public static Optional<String> lastBalanced(String response) {
    int start = response.lastIndexOf("\\boxed{");
    if (start < 0) {
      return Optional.empty();
    }
    int from = start + "\\boxed{".length();
    int depth = 0;
    for (int i = from; i < response.length(); i++) {
      char c = response.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == -1) {
          return Optional.of(PyText.strip(response.substring(from, i)));
        }
      }
    }
    return Optional.empty();
  }
}
