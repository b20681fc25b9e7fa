package org.spatialssrl.reward;

import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The verifiable reward of Spatial-SSRL (SPEC section 4), equal to the released Python function
 * on every input.
 *
 * <p>The released function first rewrites the response with {@code re.sub(r"\s*(<|>|/)\s*",
 * r"\1", response)}, then sets {@code format} from {@code re.fullmatch(r"<think>.*</think>.*
 * \\boxed\{.*\}.*", response, re.DOTALL)}, takes the content of the last {@code \boxed{}} up to
 * its balancing brace, strips it and compares it with the ground truth exactly. This class never
 * builds the rewritten text and never runs a regular expression: since the rewrite only deletes
 * whitespace next to {@code <}, {@code >} and {@code /}, each question about the rewritten text
 * is answered by one forward or backward scan of the original, so every call takes time linear in
 * the input, constant stack depth, and allocates nothing on the default path.
 *
 * <p>One deliberate difference, recorded in SPEC section 4: when there is no closed box, the
 * Python extractor returns the string {@code "None"}, which would equal a ground truth of
 * {@code "None"}; here an absent answer never matches. No Spatial-SSRL answer is {@code "None"}.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class SpatialReward {

  private static final String BOX = "\\boxed{";
  private static final String THINK = "think";
  private static final SpatialReward RELEASED = new SpatialReward(RewardConfig.released());

  private final RewardConfig config;

  /**
   * Creates a reward with the given settings.
   *
   * @param config the settings; {@link RewardConfig#released()} for the released reward
   */
  public SpatialReward(RewardConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Returns the released reward (weights 0.9 / 0.1, no research option). */
  public static SpatialReward released() {
    return RELEASED;
  }

  /** Returns the settings of this reward. */
  public RewardConfig config() {
    return config;
  }

  /**
   * Scores one response.
   *
   * @param response the model's reply (the text after the prompt), any content
   * @param groundTruth the exact expected answer, for example {@code 0-2-3-1}
   * @return the overall reward and its format and accuracy parts
   * @throws NullPointerException if an argument is null
   */
  public RewardScore score(String response, String groundTruth) {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(groundTruth, "groundTruth");
    double format = hasFormat(response) ? 1.0 : 0.0;
    double accuracy = 0.0;
    long bounds = answerBounds(response);
    if (bounds >= 0) {
      int from = (int) (bounds >>> 32);
      int to = (int) bounds;
      if (equalsRewritten(response, from, to, groundTruth)) {
        accuracy = 1.0;
      } else if (config.permutationCredit()) {
        accuracy =
            config.permutationCreditFactor()
                * positionShare(rewritten(response, from, to), groundTruth);
      }
    }
    double overall =
        config.formatFree()
            ? accuracy
            : config.accuracyWeight() * accuracy + config.formatWeight() * format;
    return new RewardScore(overall, format, accuracy);
  }

  /**
   * Returns whether the response has the released format: after whitespace around {@code <},
   * {@code >} and {@code /} is removed, it starts with {@code <think>}, a later {@code </think>}
   * is followed by <code>\boxed{</code> and a later <code>}</code>.
   *
   * @param response the model's reply
   * @return true when the format term is 1
   */
  public static boolean hasFormat(String response) {
    int n = response.length();
    int p = PythonText.skipSpace(response, 0, n);
    if (p == n || response.charAt(p) != '<') {
      return false;
    }
    p = PythonText.skipSpace(response, p + 1, n);
    if (!response.startsWith(THINK, p)) {
      return false;
    }
    p = PythonText.skipSpace(response, p + THINK.length(), n);
    if (p == n || response.charAt(p) != '>') {
      return false;
    }
    int end = endOfClosingThink(response, p + 1);
    if (end < 0) {
      return false;
    }
    int box = response.indexOf(BOX, end);
    return box >= 0 && response.indexOf('}', box + BOX.length()) >= 0;
  }

  /**
   * Returns the answer the released function reads: the content of the last {@code \boxed{}} up
   * to its balancing brace, with whitespace around {@code <}, {@code >} and {@code /} removed and
   * stripped of surrounding whitespace.
   *
   * @param response the model's reply
   * @return the answer, or empty when there is no box or the last one never closes
   */
  public static Optional<String> extractAnswer(String response) {
    long bounds = answerBounds(response);
    if (bounds < 0) {
      return Optional.empty();
    }
    return Optional.of(rewritten(response, (int) (bounds >>> 32), (int) bounds));
  }

  /**
   * Returns the response as the released function sees it: every whitespace run (Python's
   * definition) that touches {@code <}, {@code >} or {@code /} removed.
   *
   * @param response any text
   * @return the rewritten text
   */
  public static String removeSpaceAroundDelimiters(String response) {
    StringBuilder out = new StringBuilder(response.length());
    PythonText.appendWithoutDelimiterSpace(response, 0, response.length(), out);
    return out.toString();
  }

  /**
   * Finds the end (exclusive) of the first {@code <\s*\/\s*think\s*>} starting at or after
   * {@code from}, that is the first {@code </think>} of the rewritten text. Each character is
   * examined a bounded number of times: a failed candidate never scans past the next {@code <}.
   */
  private static int endOfClosingThink(String s, int from) {
    int n = s.length();
    for (int lt = s.indexOf('<', from); lt >= 0; lt = s.indexOf('<', lt + 1)) {
      int p = PythonText.skipSpace(s, lt + 1, n);
      if (p == n || s.charAt(p) != '/') {
        continue;
      }
      p = PythonText.skipSpace(s, p + 1, n);
      if (!s.startsWith(THINK, p)) {
        continue;
      }
      p = PythonText.skipSpace(s, p + THINK.length(), n);
      if (p < n && s.charAt(p) == '>') {
        return p + 1;
      }
    }
    return -1;
  }

  /**
   * Locates the answer: the content of the last <code>\boxed{</code> up to its balancing brace,
   * stripped of Python whitespace. Returns {@code from << 32 | to}, or -1 when there is none.
   */
  private static long answerBounds(String s) {
    int open = s.lastIndexOf(BOX);
    if (open < 0) {
      return -1;
    }
    int start = open + BOX.length();
    int close = balancingBrace(s, start);
    if (close < 0) {
      return -1;
    }
    int from = PythonText.skipSpace(s, start, close);
    int to = close;
    while (to > from && PythonText.isSpace(s.charAt(to - 1))) {
      to--;
    }
    return ((long) from << 32) | to;
  }

  /** Returns the index of the brace closing a group opened just before {@code start}, or -1. */
  private static int balancingBrace(String s, int start) {
    int depth = 0;
    for (int i = start, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  /**
   * Compares the rewritten form of {@code s[from, to)} with {@code expected} without building it.
   * The range is stripped, so every whitespace run inside has a non-space character on each side.
   */
  private static boolean equalsRewritten(String s, int from, int to, String expected) {
    int e = 0;
    int m = expected.length();
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (!PythonText.isSpace(c)) {
        if (e == m || expected.charAt(e) != c) {
          return false;
        }
        e++;
        i++;
        continue;
      }
      int j = PythonText.skipSpace(s, i, to);
      if (!PythonText.isDelimiter(s.charAt(i - 1)) && !PythonText.isDelimiter(s.charAt(j))) {
        int len = j - i;
        if (e + len > m || !s.regionMatches(i, expected, e, len)) {
          return false;
        }
        e += len;
      }
      i = j;
    }
    return e == m;
  }

  private static String rewritten(String s, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    PythonText.appendWithoutDelimiterSpace(s, from, to, out);
    return out.toString();
  }

  /**
   * Returns the share of positions where a hyphen-joined prediction agrees with a ground truth
   * made of at least two distinct hyphen-joined labels (a permutation answer); 0 when the ground
   * truth is not such a list or the prediction has another number of labels.
   */
  static double positionShare(String prediction, String groundTruth) {
    String[] truth = groundTruth.split("-", -1);
    if (truth.length < 2) {
      return 0.0;
    }
    Set<String> seen = new HashSet<>();
    for (String label : truth) {
      if (label.isEmpty() || !seen.add(label)) {
        return 0.0;
      }
    }
    String[] predicted = prediction.split("-", -1);
    if (predicted.length != truth.length) {
      return 0.0;
    }
    int right = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i].equals(predicted[i])) {
        right++;
      }
    }
    return (double) right / truth.length;
  }
}
