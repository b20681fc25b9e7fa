/**
 * What a training run leaves on disk and how it is driven: the run directory
 * ({@link org.spatialssrl.train.run.RunDirectory}: {@code config.json}, {@code metrics.jsonl},
 * PNG curves), checkpoints written atomically with retention
 * ({@link org.spatialssrl.train.run.CheckpointManager}), the state a {@code --resume} continues
 * from ({@link org.spatialssrl.train.run.TrainerState}), Ctrl-C handling
 * ({@link org.spatialssrl.train.run.StopSignal}) and progress reporting
 * ({@link org.spatialssrl.train.run.TrainingListener}).
 */
package org.spatialssrl.train.run;
