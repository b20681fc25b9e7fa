package org.spatialssrl.eval;

/**
 * Which prompt a benchmark is asked with; the scorers follow the release's matching mode for it.
 */
public enum PromptMode {
  /**
   * The Spatial-SSRL setting: the method's format prompt ({@code <think>}, {@code \boxed{}}) as
   * each evaluation script adds it; the scorers extract the boxed answer.
   */
  FORMAT,
  /** The benchmark's own reasoning prompt (the paper's "original CoT prompt" baselines). */
  COT,
  /** No reasoning: the benchmark's direct-answer prompt. */
  DIRECT;

  /**
   * The lower-case name used in files and options.
   *
   * @return {@code format}, {@code cot} or {@code direct}
   */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
