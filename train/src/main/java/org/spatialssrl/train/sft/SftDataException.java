package org.spatialssrl.train.sft;

import java.util.List;

/** Cold-start data that cannot be trained on, with every problem found (file:line: reason). */
public final class SftDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  /**
   * Creates the exception.
   *
   * @param summary what is wrong in general
   * @param problems the problems found (the first ones are listed in the message)
   */
  public SftDataException(String summary, List<String> problems) {
    super(summary + (problems.isEmpty() ? "" : ":\n  " + String.join("\n  ",
        problems.subList(0, Math.min(10, problems.size()))))
        + (problems.size() > 10 ? "\n  ... and " + (problems.size() - 10) + " more" : ""));
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems found.
   *
   * @return one entry per problem
   */
  public List<String> problems() {
    return problems;
  }
}
