package org.spatialssrl.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpatialRewardTest {

  private static final SpatialReward R = SpatialReward.released();
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  @Test
  void releasedWeights() {
    assertEquals(new RewardScore(1.0, 1.0, 1.0), R.score("<think>a</think>\\boxed{A}", "A"));
    assertEquals(new RewardScore(0.1, 1.0, 0.0), R.score("<think>a</think>\\boxed{B}", "A"));
    assertEquals(new RewardScore(0.9, 0.0, 1.0), R.score("\\boxed{A}", "A"));
    assertEquals(new RewardScore(0.0, 0.0, 0.0), R.score("A", "A"));
  }

  @Test
  void pythonWhitespaceIsRemovedAroundTagsAndStrippedFromTheAnswer() {
    // U+00A0, U+0085, U+202F and U+3000 are whitespace to Python but not to Character.isWhitespace.
    String r = "\u00a0<\u3000think\u202f>x<\u0085/ think>\\boxed{\u00a0A\u2007}";
    assertEquals(new RewardScore(1.0, 1.0, 1.0), R.score(r, "A"));
    // U+001C..U+001F are whitespace to Python too.
    assertEquals(new RewardScore(1.0, 1.0, 1.0), R.score("\u001c<think>x</think>\\boxed{\u001fA}", "A"));
  }

  @Test
  void charactersPythonDoesNotTreatAsWhitespaceStay() {
    // U+180E (no longer a space since Unicode 6.3), U+200B and U+FEFF are not Python whitespace.
    assertEquals(0.0, R.score("\u180e<think>x</think>\\boxed{A}", "A").format());
    assertEquals(0.0, R.score("<think\u200b>x</think>\\boxed{A}", "A").format());
    assertEquals(0.0, R.score("<think>x</think>\\boxed{\ufeffA}", "A").accuracy());
  }

  @Test
  void whitespaceInsideTheAnswerGoesOnlyNextToDelimiters() {
    assertEquals(Optional.of("1/2"), SpatialReward.extractAnswer("\\boxed{ 1 / 2 }"));
    assertEquals(Optional.of("3 - 0"), SpatialReward.extractAnswer("\\boxed{3 - 0}"));
    assertEquals(Optional.of("a<b"), SpatialReward.extractAnswer("\\boxed{a\t<\nb}"));
    assertEquals(1.0, R.score("\\boxed{x \u00a0 y}", "x \u00a0 y").accuracy());
    assertEquals(0.0, R.score("\\boxed{x \u00a0 y}", "x y").accuracy());
  }

  @Test
  void lastBoxWinsAndAnUnclosedLastBoxMeansNoAnswer() {
    assertEquals(Optional.of("B"), SpatialReward.extractAnswer("\\boxed{A} \\boxed{B}"));
    assertEquals(Optional.of("{A}"), SpatialReward.extractAnswer("\\boxed{{A}}"));
    assertEquals(Optional.empty(), SpatialReward.extractAnswer("\\boxed{A} \\boxed{B"));
    assertEquals(Optional.empty(), SpatialReward.extractAnswer("no box"));
    // The released format rule only needs some closing brace after a box that follows </think>.
    assertEquals(new RewardScore(0.1, 1.0, 0.0), R.score("<think>x</think>\\boxed{A} \\boxed{B", "A"));
  }

  @Test
  void anAbsentAnswerNeverMatchesEvenTheStringNone() {
    // SPEC section 4: Python's extractor returns "None" here; the project's contract does not.
    assertEquals(0.0, R.score("<think>x</think> no box", "None").accuracy());
    assertEquals(1.0, R.score("\\boxed{None}", "None").accuracy());
  }

  @Test
  void loneAndPairedSurrogatesAreOrdinaryCharacters() {
    assertEquals(1.0, R.score("<think>\ud800</think>\\boxed{\udc00}", "\udc00").overall());
    assertEquals(1.0, R.score("<think>\ud83d\ude00</think>\\boxed{\ud83d\ude00}", "\ud83d\ude00").overall());
    assertEquals(0.1, R.score("<think>x</think>\\boxed{\ud800}", "\udc00").overall());
  }

  @Test
  void removeSpaceAroundDelimitersMatchesPythonSub() {
    assertEquals("a</think>b c", SpatialReward.removeSpaceAroundDelimiters("a < / think >  b c"));
    assertEquals("x//y", SpatialReward.removeSpaceAroundDelimiters("x / / y"));
    assertEquals(" a  b ", SpatialReward.removeSpaceAroundDelimiters(" a  b "));
  }

  @Test
  void formatFreeModeRewardsAccuracyOnly() {
    SpatialReward free = new SpatialReward(RewardConfig.builder().formatFree(true).build());
    assertEquals(new RewardScore(1.0, 0.0, 1.0), free.score("\\boxed{A}", "A"));
    assertEquals(new RewardScore(0.0, 1.0, 0.0), free.score("<think>x</think>\\boxed{B}", "A"));
  }

  @Test
  void permutationCreditGivesTheShareOfPositionsTimesTheFactor() {
    SpatialReward partial = new SpatialReward(RewardConfig.builder().permutationCredit(0.5).build());
    // Two of four positions right: 0.5 * 2/4.
    RewardScore s = partial.score("<think>x</think>\\boxed{0-2-1-3}", "0-1-2-3");
    assertEquals(0.25, s.accuracy());
    assertEquals(0.9 * 0.25 + 0.1, s.overall(), 1e-12);
    assertEquals(1.0, partial.score("\\boxed{0-1-2-3}", "0-1-2-3").accuracy());
    // Wrong length, a non-permutation truth, or no answer: no credit.
    assertEquals(0.0, partial.score("\\boxed{0-1-2}", "0-1-2-3").accuracy());
    assertEquals(0.0, partial.score("\\boxed{B}", "A").accuracy());
    assertEquals(1.0, partial.score("\\boxed{1-1}", "1-1").accuracy());
    assertEquals(0.0, partial.score("\\boxed{1-2}", "1-1").accuracy());
    assertEquals(0.0, partial.score("no box", "0-1").accuracy());
    // Off by default.
    assertEquals(0.0, R.score("\\boxed{0-2-1-3}", "0-1-2-3").accuracy());
  }

  @Test
  void nullsAreRejectedWithTheArgumentName() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> R.score(null, "A"));
    assertTrue(e.getMessage().contains("response"));
    e = assertThrows(NullPointerException.class, () -> R.score("x", null));
    assertTrue(e.getMessage().contains("groundTruth"));
  }

  @Test
  void pathologicalInputsFinish() {
    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          int mb = 1 << 20;
          // A megabyte of text with the answer at the end.
          String big = "<think>" + "a".repeat(mb) + "</think>\\boxed{A}";
          assertEquals(1.0, R.score(big, "A").overall());
          // Ten thousand unbalanced braces, inside and outside a box.
          String braces = "{".repeat(10_000);
          assertEquals(0.0, R.score("<think>" + braces + "</think>\\boxed{" + braces, "A").overall());
          assertEquals(1.0, R.score("<think>" + braces + "</think>\\boxed{A}", "A").overall());
          assertEquals(0.1, R.score("<think>x</think>" + "}".repeat(10_000) + "\\boxed{{" + "}".repeat(10_000), "A").overall());
          // Thousands of boxes, closed and unclosed.
          assertEquals(1.0, R.score("<think>x</think>" + "\\boxed{B}".repeat(5_000) + "\\boxed{A}", "A").overall());
          assertEquals(0.1, R.score("<think>x</think>" + "\\boxed{".repeat(5_000) + "}", "A").overall());
          // Tag look-alikes and whitespace runs that a regex engine backtracks over.
          String spaces = " ".repeat(mb);
          assertEquals(0.0, R.score("<" + spaces + "/" + spaces + "think" + spaces + "x", "A").overall());
          assertEquals(0.0, R.score("<think>" + "< / ".repeat(200_000) + "\\boxed{A", "A").overall());
          assertEquals(0.9, R.score(("<" + spaces).repeat(2) + "\\boxed{ A }", "A").overall());
          assertEquals(0.0, R.score("<think>" + "</thin".repeat(150_000), "A").overall());
          // Lone surrogates everywhere.
          String surrogates = "\ud800\udfff\udc00".repeat(300_000);
          assertEquals(1.0, R.score("<think>" + surrogates + "</think>\\boxed{" + "A" + "}", "A").overall());
          assertFalse(SpatialReward.hasFormat(surrogates));
        });
  }
}
