package org.spatialssrl.dataset;

import java.util.List;

/**
 * One row of a generated dataset, as written to {@code train.jsonl} and {@code train.parquet}.
 *
 * @param id the sample id, unique within the dataset
 * @param task the task name
 * @param variant the task variant
 * @param source the source's path relative to the input root
 * @param seed the seed of this sample's random stream
 * @param problem the prompt, with one {@code <image>} per image
 * @param answer the exact ground truth
 * @param images image paths relative to the dataset directory, in placeholder order
 * @param metadata JSON object text that re-derives the answer
 */
public record DatasetRow(
    String id,
    String task,
    String variant,
    String source,
    long seed,
    String problem,
    String answer,
    List<String> images,
    String metadata) {

  /** Copies the image list. */
  public DatasetRow {
    images = List.copyOf(images);
  }
}
