package org.spatialssrl.eval.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.spatialssrl.eval.ItemScore;

/** The released scorers on the edge cases of EVALUATION.md sections 2.6 and 5, and more. */
class ScorersTest {
  private static final Map<String, String> CHOICES = choices("left", "right", "front", "behind");

  private static Map<String, String> choices(String... texts) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < texts.length; i++) {
      m.put(String.valueOf((char) ('A' + i)), texts[i]);
    }
    return m;
  }

  private static String infer(String answer) {
    return CanInfer.fork().infer(answer, CHOICES).map(CanInfer.Match::letter).orElse("False");
  }

  @Test
  void canInferMatchesTheForkOnTheSection26Vectors() {
    String[][] cases = {
      {"B", "B"}, {"(B)", "B"}, {"B.", "B"}, {"**C**", "C"}, {"C) front", "C"}, {"Answer: C", "C"},
      {"b", "False"}, {"\\boxed{b}", "False"}, {"answer: (c)", "False"},
      {"\\boxed{B}", "B"}, {"<think>A is wrong, so</think>\\boxed{B}", "B"},
      {"A and B", "False"}, {"The correct option is B; option A is wrong", "False"},
      {"I think it's right", "B"}, {"right or left", "False"}, {"a man on the left", "A"},
      {"frontal", "C"}, {"Z", "Z"},
      // more: a refusal is Z; an API failure skips the option rule but not the text rule
      {"Cannot determine the answer, sorry", "Z"}, {"Failed to obtain answer via API: B", "False"},
      {"Failed to obtain answer via API, on the left", "A"}, {"", "False"},
      {"<think> A is wrong</think>\\boxed{B}", "False"}, {"B\u00a0", "B"},
    };
    for (String[] c : cases) {
      assertEquals(c[1], infer(c[0]), "can_infer(" + c[0] + ")");
    }
  }

  @Test
  void upstreamRuleWantsTheLetterNearTheEnd() {
    CanInfer up = CanInfer.upstream2026();
    assertEquals("B", up.infer("B", CHOICES).orElseThrow().letter());
    assertEquals(Optional.empty(), up.infer("B is what I say, and then more words follow here", CHOICES));
    assertEquals("C", up.infer("so the answer is **C**", CHOICES).orElseThrow().letter());
    String longText = "the object is to the right ".repeat(10);
    assertEquals(Optional.empty(), up.infer(longText, CHOICES), "text rule refuses long responses");
    assertEquals("B", CanInfer.fork().infer(longText, CHOICES).orElseThrow().letter());
  }

  @Test
  void mcqTakesTheBoxFirstOnlyForFormatRuns() {
    McqScorer s = new McqScorer(CanInfer.fork());
    String r = "<think> A is wrong</think>\\boxed{B}";
    assertEquals(0, s.score(r, "B", CHOICES, false).score(), "raw can_infer sees A and B: Z");
    assertEquals("Z", s.score(r, "B", CHOICES, false).extracted());
    ItemScore boxed = s.score(r, "B", CHOICES, true);
    assertEquals(1, boxed.score());
    assertEquals("boxed", boxed.matchPath());
    assertEquals(1, s.score("\\boxed{(B)}", "B", CHOICES, true).score());
    assertEquals(0, s.score("\\boxed{b}", "B", CHOICES, true).score(), "case-sensitive");
    assertEquals(1, s.score("\\boxed{A} then \\boxed{C}", "C", CHOICES, true).score(), "the last box");
    assertEquals("raw_text", s.score("\\boxed{} it is on the right", "B", CHOICES, true).matchPath());
    assertFalse(s.score("", "A", CHOICES, true).parsed());
  }

  @Test
  void viewSpatialSearchesOnlyTheLastStrictBox() {
    assertEquals(1, ViewSpatialScorer.score("\\boxed{B} Option A", "B. front-up", true).score());
    assertEquals(1, ViewSpatialScorer.score("\\boxed{b}", "B. left", true).score());
    assertEquals(1, ViewSpatialScorer.score("\\boxed{(B)}", "B. left", true).score());
    assertEquals(1, ViewSpatialScorer.score("\\boxed{\\text{B}}", "B. left", true).score());
    assertEquals(1, ViewSpatialScorer.score("\\boxed{A} and \\boxed{C}", "C. front", true).score());
    assertEquals(0, ViewSpatialScorer.score("The answer is C", "C. front", true).score(), "no box");
    assertEquals(0, ViewSpatialScorer.score("boxed{C}", "C. front", true).score(), "X2 needs the backslash");
    assertEquals(1, ViewSpatialScorer.score("a chair", "A. left", false).score(), "article a matches A");
    assertEquals(0, ViewSpatialScorer.score("", "A. left", false).score());
  }

  @Test
  void vsiLetterRuleAndStrictMra() {
    assertEquals(1, VsiScorer.score("\\boxed{b}", "B", true, true).score());
    assertEquals(0, VsiScorer.score("\\boxed{B. right}", "B", true, true).score());
    assertEquals(0, VsiScorer.score("\\boxed{(B)}", "B", true, true).score());
    assertEquals(0, VsiScorer.score("\\boxed{\\text{B}}", "B", true, true).score());
    assertEquals(1, VsiScorer.score("\\boxed{A} \\boxed{C}", "C", true, true).score());
    assertEquals(0, VsiScorer.score("<think>x</think> C", "C", true, true).score(), "no box");
    assertEquals(1.0, VsiScorer.score("\\boxed{3.0}", "3", false, true).score());
    assertEquals(0, VsiScorer.score("\\boxed{3 m}", "3", false, true).score());
    assertEquals(0, VsiScorer.score("\\boxed{1,200}", "1200", false, true).score());
    assertEquals(1.0, VsiScorer.score("  4  ", "4", false, false).score(), "no CoT: stripped response");
    assertEquals(0, VsiScorer.score("\\boxed{5}", "0", false, true).score(), "ZeroDivisionError scores 0");
    assertEquals(0, VsiScorer.score("", "3", false, true).score());
    // The tie table: strict < (SSRL) against <= (lmms-eval).
    double[][] ties = {{3, 4, 0.5, 0.6}, {2, 4, 0.0, 0.1}, {9, 10, 0.8, 0.9}, {11, 10, 0.8, 0.9},
        {2.2, 2.0, 0.8, 0.9}, {19, 20, 1.0, 1.0}};
    for (double[] t : ties) {
      String p = fmt(t[0]);
      String g = fmt(t[1]);
      assertEquals(t[2], VsiScorer.mraSsrl(p, g), 1e-12, "ssrl " + p + " vs " + g);
      assertEquals(t[3], VsiScorer.mraOfficial(p, g), 1e-12, "official " + p + " vs " + g);
    }
    ItemScore s = VsiScorer.score("\\boxed{3}", "4", false, true);
    assertEquals(0.5, s.score(), 1e-12);
    assertEquals(0.6, s.variants().get("official"), 1e-12);
    assertEquals(1.0, VsiScorer.score("\\boxed{B.}", "B", true, true).variants().get("official"),
        "official rule strips trailing dots");
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  @Test
  void spatial457RegexesRobustFallbackAndIsCorrect() {
    ItemScore json = Spatial457Scorer.score("{'Reasoning': 'a car', 'Answer': 'Sedan'}", "suv", false);
    assertEquals(1, json.score());
    assertEquals("Sedan", json.extracted());
    assertEquals(1, Spatial457Scorer.score("{\"Reasoning\": \"x\", \"Answer\": \"three\"}", "3", false).score());
    assertEquals(1, Spatial457Scorer.score("{'Answer': 3}", "3", false).score());
    assertFalse(Spatial457Scorer.score("<think>t</think>\\boxed{Yes}", "Yes", false).parsed(), "ROBUST");
    assertEquals(0, Spatial457Scorer.score("<think>t</think>\\boxed{Yes}", "Yes", false).score());
    assertEquals(1, Spatial457Scorer.score("<think>t</think>\\boxed{Yes}", "Yes", true).score());
    assertEquals(1, Spatial457Scorer.score("<think>t</think>\\boxed{ road bike }", "mountain bike", true).score());
    assertTrue(Spatial457Scorer.isCorrect("3", "three"));
    assertFalse(Spatial457Scorer.isCorrect("three", "3"));
    assertTrue(Spatial457Scorer.isCorrect("No", "0"));
    assertFalse(Spatial457Scorer.isCorrect("no", "0"), "case-sensitive on the ground truth");
    assertTrue(Spatial457Scorer.isCorrect("No", "None"));
    assertTrue(Spatial457Scorer.isCorrect("Yes", "2"));
    assertFalse(Spatial457Scorer.isCorrect("Yes", "10"));
    assertTrue(Spatial457Scorer.isCorrect("RED", "red"));
    assertFalse(Spatial457Scorer.isCorrect("jet", "sedan"));
    assertFalse(Spatial457Scorer.isCorrect("left", ""));
  }

  @Test
  void qspatialParsesAsTheFork() {
    assertEquals(1, QSpatialScorer.score("\\scalar{2-3} \\distance_unit{feet}", 0.8, "m").score());
    for (String wrong : new String[] {"\\boxed{2.5 meters}", "\\boxed{2.5} meters", "\\boxed{250 cm}",
        "\\boxed{2.5}", "2.5 meters", ""}) {
      assertEquals(0, QSpatialScorer.score(wrong, 2.5, "meters").score(), wrong);
    }
    assertTrue(QSpatialScorer.parsePrediction("\\boxed{2.5}").isEmpty(), "IndexError in the release");
    assertEquals(0.0, QSpatialScorer.parsePrediction("\\boxed{2.5 meters}").getAsDouble(), "unit 'scalar' = 0");
    assertEquals(250.0, QSpatialScorer.parsePrediction("\\boxed{\\scalar{2.5} \\distance_unit{m}}").getAsDouble(), 1e-9);
    assertEquals(250.0, QSpatialScorer.parsePrediction("so \\scalar{2.5} \\distance_unit{m}").getAsDouble(), 1e-9);
    assertEquals(500.0, QSpatialScorer.parsePrediction("\\scalar{.5} \\distance_unit{m}").getAsDouble(), 1e-9);
    assertEquals(1, QSpatialScorer.score("\\scalar{2.5} \\distance_unit{m}", 250, "cm").score());
    assertTrue(Double.isNaN(QSpatialScorer.parsePrediction("\\scalar{about} \\distance_unit{m}").getAsDouble()));
    assertEquals(0, QSpatialScorer.score("\\scalar{about} \\distance_unit{m}", 1, "m").score(), "NaN is wrong");
    assertEquals(1, QSpatialScorer.score("\\scalar{3} \\unit{ft}", 1, "m").score(), "unit{} fallback: 91 cm");
    assertEquals(1.0, QSpatialScorer.score("\\scalar{1.45} \\distance_unit{m}", 1, "m").variants().get("delta_1_5"), 1e-9, "1.45 < 1.5");
    assertEquals(0.0, QSpatialScorer.score("\\scalar{1.6} \\distance_unit{m}", 1, "m").variants().get("delta_1_5"), 1e-9);
    assertEquals(1, QSpatialScorer.score("\\scalar{1.6} \\distance_unit{m}", 1, "m").score());
    // exactly twice the ground truth: (200 + 1e-8) / (100 + 1e-8) is just under 2, so it counts
    assertEquals(1, QSpatialScorer.score("\\scalar{2} \\distance_unit{m}", 1, "m").score());
    assertEquals(0, QSpatialScorer.score("\\scalar{2.01} \\distance_unit{m}", 1, "m").score());
    assertEquals(30.48, QSpatialScorer.multiplier(" Feet "), 0);
    assertEquals(0, QSpatialScorer.multiplier("yards"), 0);
  }

  @Test
  void whatsUpSubstringRule() {
    assertEquals(1, WhatsUpScorer.score("A", false).score());
    assertEquals(1, WhatsUpScorer.score("Answer: B", false).score(), "contains a capital A");
    assertEquals(1, WhatsUpScorer.score("B: A dog on the table", false).score());
    assertEquals(0, WhatsUpScorer.score("a", false).score());
    assertEquals(0.0, WhatsUpScorer.score("Answer: B", false).variants().get("whatsup_strict"));
    assertEquals(1, WhatsUpScorer.score("<think>x</think>\\boxed{A: a mug on the table}", true).score());
    assertEquals(0, WhatsUpScorer.score("<think>A</think>\\boxed{a}", true).score());
    assertEquals(0, WhatsUpScorer.score("<think>A is right</think> no box", true).score());
    assertEquals(1, WhatsUpScorer.score("boxed{A}", true).score(), "X3 needs no backslash");
    assertEquals(0, WhatsUpScorer.score("", true).score());
  }

  @Test
  void pythonFloatAndStripSemantics() {
    assertEquals(3.5, PyFloat.parse(" 3.5 ").getAsDouble());
    assertEquals(100, PyFloat.parse("1e2").getAsDouble());
    assertEquals(1000, PyFloat.parse("1_000").getAsDouble());
    assertEquals(12, PyFloat.parse("\u0661\u0662").getAsDouble(), "Arabic-Indic digits");
    assertEquals(Double.POSITIVE_INFINITY, PyFloat.parse("inf").getAsDouble());
    assertEquals(Double.NEGATIVE_INFINITY, PyFloat.parse("-Infinity").getAsDouble());
    assertTrue(Double.isNaN(PyFloat.parse("nan").getAsDouble()));
    assertEquals(0.5, PyFloat.parse(".5").getAsDouble());
    assertEquals(5, PyFloat.parse("5.").getAsDouble());
    for (String bad : new String[] {"3.5 m", "3,5", "~3", "", ".", "1__0", "_1", "0x10", "1d", "\u00a0"}) {
      assertTrue(PyFloat.parse(bad).isEmpty(), bad);
    }
    assertEquals("x", PyText.strip("\u00a0\u2003x\u001f"));
    assertEquals(java.util.List.of("a", "b"), PyText.split(" a\u3000b\n"));
    assertEquals("", Boxed.lastStrict("\\boxed{"));
    assertEquals(Optional.of("a{b}"), Boxed.lastBalanced("\\boxed{x} \\boxed{ a{b} } tail"));
    assertEquals(Optional.empty(), Boxed.lastBalanced("\\boxed{never closed"));
  }
}
