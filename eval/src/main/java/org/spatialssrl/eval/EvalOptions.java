package org.spatialssrl.eval;

import java.nio.file.Path;

/**
 * How a benchmark is asked and scored. Immutable; the defaults are the Spatial-SSRL setting.
 *
 * @param promptMode which prompt (and so which matching mode of the release's scorer)
 * @param forkInjection reproduce the VLMEvalKit fork's format-prompt injection byte for byte
 *     (appended with no separator to every text part) instead of once, after one space, to the
 *     last text part
 * @param upstreamMatching use upstream VLMEvalKit's 2026 {@code can_infer} (last-5-tokens rule,
 *     "answer is X" regex, length guard) instead of the fork's
 * @param mediaRoot where image and video paths of a JSON benchmark resolve, or null for the
 *     places next to the input file
 * @param split for the pretext benchmark: {@code val} or {@code train}
 */
public record EvalOptions(
    PromptMode promptMode, boolean forkInjection, boolean upstreamMatching, Path mediaRoot, String split) {

  /** Validates. */
  public EvalOptions {
    if (promptMode == null) {
      throw new IllegalArgumentException("a prompt mode is required");
    }
    if (split == null || !(split.equals("val") || split.equals("train"))) {
      throw new IllegalArgumentException("split must be val or train, got " + split);
    }
  }

  /**
   * The defaults: format prompt, clean injection, fork matching, media next to the input, val.
   *
   * @return the options
   */
  public static EvalOptions defaults() {
    return new EvalOptions(PromptMode.FORMAT, false, false, null, "val");
  }

  /**
   * With another prompt mode.
   *
   * @param mode the mode
   * @return the options
   */
  public EvalOptions withPromptMode(PromptMode mode) {
    return new EvalOptions(mode, forkInjection, upstreamMatching, mediaRoot, split);
  }

  /**
   * With the fork's injection on or off.
   *
   * @param on whether to inject as the fork does
   * @return the options
   */
  public EvalOptions withForkInjection(boolean on) {
    return new EvalOptions(promptMode, on, upstreamMatching, mediaRoot, split);
  }

  /**
   * With upstream matching on or off.
   *
   * @param on whether to use upstream {@code can_infer}
   * @return the options
   */
  public EvalOptions withUpstreamMatching(boolean on) {
    return new EvalOptions(promptMode, forkInjection, on, mediaRoot, split);
  }

  /**
   * With a media root.
   *
   * @param root the directory, or null
   * @return the options
   */
  public EvalOptions withMediaRoot(Path root) {
    return new EvalOptions(promptMode, forkInjection, upstreamMatching, root, split);
  }

  /**
   * With another split.
   *
   * @param s {@code val} or {@code train}
   * @return the options
   */
  public EvalOptions withSplit(String s) {
    return new EvalOptions(promptMode, forkInjection, upstreamMatching, mediaRoot, s);
  }
}
