package org.spatialssrl.task;

import java.util.SplittableRandom;

/**
 * A self-supervised pretext task: turns one source into a question whose answer is known by
 * construction. Implementations are pure functions of the source and the random stream; they
 * never write files.
 */
public interface PretextTask {
  /** The task's identifier, used in data, paths and options. */
  String name();

  /** What the task needs from a source. */
  InputKind input();

  /**
   * Makes one sample.
   *
   * @param source the decoded input
   * @param rng the random stream for this sample; all random choices come from it
   * @return a sample, or a rejection with its reason
   */
  TaskOutcome generate(SourceImage source, SplittableRandom rng);
}
