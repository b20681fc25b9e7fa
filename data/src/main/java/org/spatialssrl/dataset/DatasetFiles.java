package org.spatialssrl.dataset;

/** File names inside a dataset directory. */
public final class DatasetFiles {
  /** Training rows as JSON lines. */
  public static final String TRAIN_JSONL = "train.jsonl";
  /** Training rows in the EasyR1 parquet schema. */
  public static final String TRAIN_PARQUET = "train.parquet";
  /** Validation rows as JSON lines (held-out sources). */
  public static final String VAL_JSONL = "val.jsonl";
  /** Validation rows in the EasyR1 parquet schema. */
  public static final String VAL_PARQUET = "val.parquet";
  /** The human-readable summary. */
  public static final String CARD = "dataset_card.md";
  /** One line per rejected input or sample. */
  public static final String REJECTS = "rejects.jsonl";
  /** The folder of generated images. */
  public static final String IMAGES = "images";
  /** Work-in-progress state, removed when a run completes. */
  public static final String STATE = ".ssrl-state";
  /** The preview page. */
  public static final String PREVIEW = "preview.html";

  private DatasetFiles() {}
}
