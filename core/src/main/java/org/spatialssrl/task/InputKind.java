package org.spatialssrl.task;

/** What a pretext task needs from a source. */
public enum InputKind {
  /** An RGB image. */
  RGB,
  /** An RGB image with an aligned depth map. */
  RGBD
}
