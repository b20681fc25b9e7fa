package org.spatialssrl.cli.reward;

import java.util.regex.Pattern;
import org.spatialssrl.reward.RewardScore;

/**
 * The released rule written the obvious way, with {@code java.util.regex} (a backtracking engine):
 * the baseline that {@code ssrl bench-reward} compares {@link org.spatialssrl.reward.SpatialReward}
 * with, and a second, independent implementation for differential tests. Not for production: its
 * patterns backtrack and its time is not linear on adversarial input.
 */
final class RegexBaselineReward {

  /** Python 3 {@code str} whitespace, as a character class. */
  private static final String WS =
      "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";

  private static final Pattern AROUND_DELIMITERS = Pattern.compile(WS + "*([<>/])" + WS + "*");
  private static final Pattern FORMAT = Pattern.compile("<think>.*</think>.*\\\\boxed\\{.*\\}.*", Pattern.DOTALL);
  private static final Pattern EDGE_SPACE = Pattern.compile("^" + WS + "+|" + WS + "+$");
  private static final String BOX = "\\boxed{";

  private RegexBaselineReward() {}

  /** Scores like the released function with weights 0.9 / 0.1. */
  static RewardScore score(String response, String groundTruth) {
    String r = AROUND_DELIMITERS.matcher(response).replaceAll("$1");
    double format = FORMAT.matcher(r).matches() ? 1.0 : 0.0;
    double accuracy = 0.0;
    int open = r.lastIndexOf(BOX);
    if (open >= 0) {
      int depth = 0;
      for (int i = open + BOX.length(); i < r.length(); i++) {
        char c = r.charAt(i);
        if (c == '{') {
          depth++;
        } else if (c == '}' && depth-- == 0) {
          String answer = EDGE_SPACE.matcher(r.substring(open + BOX.length(), i)).replaceAll("");
          accuracy = answer.equals(groundTruth) ? 1.0 : 0.0;
          break;
        }
      }
    }
    return new RewardScore((1 - 0.1) * accuracy + 0.1 * format, format, accuracy);
  }
}
