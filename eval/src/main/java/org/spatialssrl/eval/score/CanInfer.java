package org.spatialssrl.eval.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VLMEvalKit's {@code can_infer} (EVALUATION.md section 2.6): an option letter that is the only
 * choice letter among the response's tokens, else the only option whose text the lower-cased
 * response contains. The fork's version is the default; {@link #upstream2026} is upstream's later
 * rule as EVALUATION.md describes it.
 */
public final class CanInfer {
  private static final String[] REFUSALS = {
    "Sorry, I can't help with images of people yet.",
    "I can't process this file.",
    "I'm sorry, but without the image provided",
    "Cannot determine the answer"
  };
  private static final String STRIPPED = ".()[],:;!*#{}";
  private static final Pattern ANSWER_IS =
      Pattern.compile("(?i)(?:correct\\s+)?answer\\s+is\\s+\\**([ABCD])\\**");

  /** How a letter was inferred. */
  public enum Path {
    /** A single option letter among the tokens (or the refusal/Z rule). */
    OPTION,
    /** The only option text contained in the response. */
    TEXT
  }

  /**
   * An inferred letter.
   *
   * @param letter the option letter, or {@code Z} (a refusal, or a lone {@code Z} token)
   * @param path how it was found
   */
  public record Match(String letter, Path path) {}

  private final boolean upstream;

  private CanInfer(boolean upstream) {
    this.upstream = upstream;
  }

  /**
   * The fork's rule, as the Spatial-SSRL evaluation ran.
   *
   * @return the matcher
   */
  public static CanInfer fork() {
    return new CanInfer(false);
  }

  /**
   * Upstream VLMEvalKit's later rule: the letter must also be among the last 5 tokens, an
   * "answer is X" pattern is tried before the text rule, and the text rule refuses responses
   * longer than twice the options' total length.
   *
   * @return the matcher
   */
  public static CanInfer upstream2026() {
    return new CanInfer(true);
  }

  /**
   * {@code can_infer(answer, choices)}.
   *
   * @param answer the response (or the boxed part of it)
   * @param choices letter to option text, in letter order
   * @return the letter, or empty where the release returns False
   */
  public Optional<Match> infer(String answer, Map<String, String> choices) {
    Optional<String> option = option(answer, choices);
    if (option.isPresent()) {
      return Optional.of(new Match(option.get(), Path.OPTION));
    }
    if (upstream) {
      Matcher m = ANSWER_IS.matcher(answer);
      if (m.find() && choices.containsKey(m.group(1))) {
        return Optional.of(new Match(m.group(1), Path.OPTION));
      }
    }
    return text(answer, choices).map(l -> new Match(l, Path.TEXT));
  }

  private Optional<String> option(String answer, Map<String, String> choices) {
    if (answer.contains("Failed to obtain answer via API")) {
      return Optional.empty();
    }
    for (String refusal : REFUSALS) {
      if (answer.contains(refusal)) {
        return Optional.of("Z");
      }
    }
    StringBuilder mod = new StringBuilder(answer);
    for (int i = 0; i < mod.length(); i++) {
      if (STRIPPED.indexOf(mod.charAt(i)) >= 0) {
        mod.setCharAt(i, ' ');
      }
    }
    List<String> splits = PyText.split(mod.toString());
    int count = 0;
    for (String c : choices.keySet()) {
      if (splits.contains(c)) {
        count++;
      }
    }
    if (count == 1) {
      for (String c : choices.keySet()) {
        if (splits.contains(c) && (!upstream || splits.indexOf(c) > splits.size() - 5)) {
          return Optional.of(c);
        }
      }
    } else if (count == 0 && splits.contains("Z")) {
      return Optional.of("Z");
    }
    return Optional.empty();
  }

  private Optional<String> text(String answer, Map<String, String> choices) {
    String lower = PyText.lower(answer);
    if (upstream) {
      int total = 0;
      for (String v : choices.values()) {
        total += v.length();
      }
      if (lower.length() > 2 * total) {
        return Optional.empty();
      }
    }
    List<String> cands = new ArrayList<>();
    for (Map.Entry<String, String> e : choices.entrySet()) {
      if (lower.contains(PyText.lower(e.getValue()))) {
        cands.add(e.getKey());
      }
    }
    return cands.size() == 1 ? Optional.of(cands.get(0)) : Optional.empty();
  }
}
