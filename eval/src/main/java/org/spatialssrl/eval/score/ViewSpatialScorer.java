package org.spatialssrl.eval.score;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spatialssrl.eval.ItemScore;

/**
 * ViewSpatial-Bench as {@code ViewSpatial_eval/main.py} scores it: the last
 * {@code \\boxed\{([^}]*)\}} (CoT; nothing when there is none) or the whole response, then the
 * first {@code \b([A-D])\b}, case-insensitive, against the same regex on the answer
 * ({@code "C. front"}).
 */
public final class ViewSpatialScorer {
  private static final Pattern LETTER =
      Pattern.compile("\\b([A-D])\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | PyText.UNICODE);

  private ViewSpatialScorer() {}

  /**
   * Scores a response.
   *
   * @param response the response
   * @param answer the answer line ({@code "C. front"})
   * @param cot whether the CoT (format) prompt was used
   * @return 1 or 0
   */
  public static ItemScore score(String response, String answer, boolean cot) {
    String text = cot ? Boxed.lastStrict(response) : response;
    String pred = letter(text);
    boolean ok = Objects.equals(pred, letter(answer)); // the release compares None == None too
    return ItemScore.of(ok ? 1 : 0, pred == null ? "" : pred, cot ? "boxed" : "raw", pred != null);
  }

  /**
   * The first standalone letter A-D (either case), upper-cased.
   *
   * @param text the text
   * @return the letter, or null
   */
  static String letter(String text) {
    Matcher m = LETTER.matcher(text);
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
  }
}
