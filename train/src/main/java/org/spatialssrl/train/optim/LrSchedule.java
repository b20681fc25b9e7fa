package org.spatialssrl.train.optim;

/**
 * The learning rate of each optimizer update, by its 0-based index {@code k} (the first update
 * is {@code k = 0}).
 */
@FunctionalInterface
public interface LrSchedule {

  /**
   * The learning rate of update {@code k}.
   *
   * @param k the 0-based update index
   * @return the learning rate
   */
  double at(long k);

  /**
   * The same rate at every update (the released GRPO run: 1e-6, {@code
   * get_constant_schedule_with_warmup} with no warm-up).
   *
   * @param lr the rate
   * @return the schedule
   */
  static LrSchedule constant(double lr) {
    return k -> lr;
  }

  /**
   * transformers' {@code get_cosine_schedule_with_warmup} (half a cycle): {@code peak * k / w}
   * for {@code k < w}, so the first update has rate 0, then
   * {@code peak * max(0, 0.5 (1 + cos(pi (k - w) / max(1, total - w))))}.
   *
   * @param peak the rate after warm-up
   * @param warmupSteps {@code w}
   * @param totalSteps the number of updates of the run
   * @return the schedule
   */
  static LrSchedule cosineWithWarmup(double peak, long warmupSteps, long totalSteps) {
    if (warmupSteps < 0 || totalSteps < 0) {
      throw new IllegalArgumentException("warm-up and total steps must be >= 0");
    }
    return k -> {
      if (k < warmupSteps) {
        return peak * ((double) k / Math.max(1, warmupSteps));
      }
      double progress = (double) (k - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
      return peak * Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 0.5 * 2.0 * progress)));
    };
  }

  /**
   * Warm-up steps from a ratio, as transformers' {@code TrainingArguments.get_warmup_steps}:
   * {@code ceil(ratio * total)} (0.1 of 75 steps gives 8).
   *
   * @param ratio the warm-up ratio
   * @param totalSteps the number of updates
   * @return the warm-up steps
   */
  static long warmupSteps(double ratio, long totalSteps) {
    if (ratio < 0 || ratio > 1) {
      throw new IllegalArgumentException("warm-up ratio must be in [0, 1], got " + ratio);
    }
    return (long) Math.ceil(ratio * totalSteps);
  }
}
