package org.spatialssrl.cli.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spatialssrl.reward.SpatialReward;

/** The scanning verifier against the regex transcription of the rule, on random tricky text. */
class DifferentialRewardTest {

  private static final String[] PIECES = {
    "<", ">", "/", " ", "\t", "\n", "\u00a0", "\u0085", "\u2007", "\u202f", "\u3000", "\u001c", "\u180e",
    "\u200b", "think", "thi nk", "<think>", "</think>", "< / think >", "\\boxed{", "\\boxed", "{", "}",
    "A", "0-1", "-", "\ud800", "\udc00", "\ud83d\ude00", "\\"
  };
  private static final String[] TRUTHS = {"A", "0-1", "", "A}", "0 - 1"};

  @Test
  void agreesOnTwentyThousandRandomResponses() {
    Random rng = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int k = rng.nextInt(16); k > 0; k--) {
        sb.append(PIECES[rng.nextInt(PIECES.length)]);
      }
      String response = sb.toString();
      String truth = rng.nextBoolean()
          ? SpatialReward.extractAnswer(response).orElse("A")
          : TRUTHS[rng.nextInt(TRUTHS.length)];
      assertEquals(RegexBaselineReward.score(response, truth), SpatialReward.released().score(response, truth),
          () -> "response " + escape(response) + " truth " + escape(truth));
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(c < 32 || c > 126 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return b.toString();
  }
}
