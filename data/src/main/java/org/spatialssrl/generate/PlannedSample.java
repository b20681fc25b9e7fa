package org.spatialssrl.generate;

/**
 * One sample of the plan: which task, which split, its index (and so its id), and which round
 * of its source's stream of that task it is. Together with the source and the run seed this
 * decides the sample's bytes: round r of a source's stream is the r-th distinct sample that its
 * seeded draws give.
 *
 * @param split {@link DatasetGenerator#TRAIN} or {@link DatasetGenerator#VAL}
 * @param task the task name
 * @param taskRank the task's position in the output order
 * @param index the sample's index among the split's samples of this task
 * @param round the round of the source's stream of this task (0 for its first sample)
 */
public record PlannedSample(String split, String task, int taskRank, int index, int round) {
  /** The sample id: {@code task-00000007}, with a {@code val-} prefix in the validation split. */
  public String id() {
    String base = task + "-" + String.format("%08d", index);
    return split.equals(DatasetGenerator.TRAIN) ? base : split + "-" + base;
  }
}
