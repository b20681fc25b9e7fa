package org.spatialssrl.generate;

import java.util.List;
import java.util.Map;

/**
 * What a run made.
 *
 * @param requested samples asked for (by default one per source and task that can feed it)
 * @param made samples written (train and validation)
 * @param countGiven whether the count came from {@code --count} or {@code --per-task} (a run
 *     that makes fewer than such a count falls short of the request)
 * @param tasks requested, planned and made counts per split and task
 * @param byTaskVariant made samples by {@code split/task/variant}
 * @param rejectsByReason lines of {@code rejects.jsonl} by reason code
 * @param sources source files found
 * @param usableSources sources that were not rejected (header checks and decoding)
 */
public record GenerateSummary(
    long requested,
    long made,
    boolean countGiven,
    List<TaskCounts> tasks,
    Map<String, Long> byTaskVariant,
    Map<String, Long> rejectsByReason,
    int sources,
    int usableSources) {

  /** Copies the list. */
  public GenerateSummary {
    tasks = List.copyOf(tasks);
  }

  /** Whether an explicit count was asked for and not met. */
  public boolean fewerThanRequested() {
    return countGiven && made < requested;
  }
}
