package org.spatialssrl.eval.score;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spatialssrl.eval.ItemScore;

/**
 * What'sUp as {@code whatsup_eval/main.py} scores it: the answer is the last
 * {@code boxed\{([^}]*)\}} (CoT) or the whole response, and it is correct when it contains a
 * capital {@code A} anywhere (the true caption is always option A). The variant
 * {@code whatsup_strict} asks instead that the first standalone letter A-D be A.
 */
public final class WhatsUpScorer {
  private static final Pattern LETTER = Pattern.compile("\\b([A-D])\\b", PyText.UNICODE);

  private WhatsUpScorer() {}

  /**
   * Scores a response.
   *
   * @param response the response
   * @param cot whether the CoT (format) prompt was used
   * @return the legacy score, with the strict one as a variant
   */
  public static ItemScore score(String response, boolean cot) {
    String ans = cot ? Boxed.lastLoose(response) : response;
    boolean legacy = ans.contains("A");
    Matcher m = LETTER.matcher(ans);
    boolean strict = m.find() && m.group(1).equals("A");
    return new ItemScore(legacy ? 1 : 0, ans, cot ? "boxed" : "raw", !ans.isEmpty(),
        Map.of("whatsup_strict", strict ? 1.0 : 0.0));
  }
}
