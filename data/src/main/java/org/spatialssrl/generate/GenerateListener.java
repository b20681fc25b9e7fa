package org.spatialssrl.generate;

import java.util.List;

/** Progress callbacks of a generation run; {@link #sourceDone} is called from worker threads. */
public interface GenerateListener {
  /** A listener that ignores everything. */
  GenerateListener NONE = new GenerateListener() {};

  /**
   * The plan is made, before any sample: what each task was asked for, what it will make and the
   * most its sources can give.
   *
   * @param budget one entry per split and task (made is 0)
   * @param sources source files found
   * @param usable sources whose header passed the checks
   */
  default void plan(List<TaskCounts> budget, int sources, int usable) {}

  /**
   * A pass is planned: the first makes the plan, later ones replace samples that could not be
   * made.
   *
   * @param samples samples still to make in this pass
   * @param alreadyDone samples of this pass finished by an earlier, interrupted run
   */
  default void planned(long samples, long alreadyDone) {}

  /**
   * One source's samples of a pass are finished and recorded.
   *
   * @param samples how many samples (made or not) the source accounted for
   */
  default void sourceDone(int samples) {}
}
