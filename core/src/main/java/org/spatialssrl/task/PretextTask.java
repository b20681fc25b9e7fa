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
   * An upper bound on the distinct samples the task can make from one source, whatever its
   * pixels (for example 8 for flip: four patches, two directions). A generator never asks one
   * source for more, and announces the sum over the sources as the most the task can make.
   *
   * @return the bound, or {@link Long#MAX_VALUE} (the default) when there is no fixed bound
   */
  default long maxSamplesPerSource() {
    return Long.MAX_VALUE;
  }

  /**
   * Makes one sample.
   *
   * @param source the decoded input
   * @param rng the random stream for this sample; all random choices come from it
   * @return a sample, or a rejection with its reason
   */
  TaskOutcome generate(SourceImage source, SplittableRandom rng);
}
