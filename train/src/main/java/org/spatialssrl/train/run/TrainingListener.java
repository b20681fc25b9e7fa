package org.spatialssrl.train.run;

import java.util.Map;

/** Receives a training run's progress (the command line draws a progress bar from it). */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * The run starts.
   *
   * @param totalSteps the optimizer steps the run will take in all
   * @param doneSteps the steps already done (a resumed run)
   */
  default void started(long totalSteps, long doneSteps) {}

  /**
   * An optimizer step finished.
   *
   * @param step the 1-based step
   * @param metrics its figures (loss, lr, grad_norm, ...)
   */
  default void step(long step, Map<String, Double> metrics) {}

  /**
   * Something worth telling the user (a validation result, a checkpoint saved).
   *
   * @param text the message
   */
  default void message(String text) {}

  /** The run ended (finished or stopped). */
  default void finished() {}
}
