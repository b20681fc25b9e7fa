package org.spatialssrl.generate;

/** Progress callbacks of a generation run; called from worker threads. */
public interface GenerateListener {
  /** A listener that ignores everything. */
  GenerateListener NONE = new GenerateListener() {};

  /**
   * The plan is known.
   *
   * @param samples samples still to make in this run
   * @param alreadyDone samples finished by an earlier, interrupted run
   */
  default void planned(long samples, long alreadyDone) {}

  /**
   * One source's samples are finished and recorded.
   *
   * @param samples how many samples (made or given up) the source accounted for
   */
  default void sourceDone(int samples) {}
}
