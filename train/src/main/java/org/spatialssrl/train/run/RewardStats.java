package org.spatialssrl.train.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.spatialssrl.reward.RewardScore;

/**
 * Means of the released reward's parts (overall, format, accuracy) over scored responses, in all
 * and per pretext task, for the validation and training rows of {@code metrics.jsonl}.
 */
public final class RewardStats {
  /** Sums of one group. */
  private static final class Sums {
    long n;
    double overall;
    double format;
    double accuracy;

    void add(RewardScore s) {
      n++;
      overall += s.overall();
      format += s.format();
      accuracy += s.accuracy();
    }
  }

  private final Sums all = new Sums();
  private final Map<String, Sums> byTask = new TreeMap<>();

  /**
   * Adds one scored response.
   *
   * @param task its pretext task (empty for none)
   * @param score its reward
   */
  public synchronized void add(String task, RewardScore score) {
    all.add(score);
    if (task != null && !task.isEmpty()) {
      byTask.computeIfAbsent(task, t -> new Sums()).add(score);
    }
  }

  /**
   * The number of responses added.
   *
   * @return the count
   */
  public synchronized long count() {
    return all.n;
  }

  /**
   * The mean format reward (the share of responses in the {@code <think>...</think> \boxed{}}
   * form).
   *
   * @return the rate, NaN when empty
   */
  public synchronized double formatRate() {
    return all.format / all.n;
  }

  /**
   * The mean accuracy (boxed answer equal to the ground truth).
   *
   * @return the rate, NaN when empty
   */
  public synchronized double accuracy() {
    return all.accuracy / all.n;
  }

  /**
   * The mean overall reward ({@code 0.9 accuracy + 0.1 format}).
   *
   * @return the mean, NaN when empty
   */
  public synchronized double meanReward() {
    return all.overall / all.n;
  }

  /**
   * Writes {@code <prefix>reward}, {@code <prefix>format}, {@code <prefix>accuracy},
   * {@code <prefix>count} and the same per task as {@code <prefix>accuracy/<task>}.
   *
   * @param row the metrics row
   * @param prefix for example {@code val_}
   */
  public synchronized void writeTo(ObjectNode row, String prefix) {
    put(row, prefix, "", all);
    byTask.forEach((t, s) -> put(row, prefix, "/" + t, s));
  }

  private static void put(ObjectNode row, String prefix, String suffix, Sums s) {
    MetricsLog.put(row, prefix + "reward" + suffix, s.overall / s.n);
    MetricsLog.put(row, prefix + "format" + suffix, s.format / s.n);
    MetricsLog.put(row, prefix + "accuracy" + suffix, s.accuracy / s.n);
    row.put(prefix + "count" + suffix, s.n);
  }
}
