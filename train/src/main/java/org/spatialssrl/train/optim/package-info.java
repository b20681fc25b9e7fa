/**
 * Optimisation as the released recipe runs it: AdamW with decoupled weight decay on every
 * trainable tensor ({@link org.spatialssrl.train.optim.AdamW}), the global L2 gradient-norm clip
 * with a skipped step on a non-finite norm ({@link org.spatialssrl.train.optim.Gradients}), and
 * the learning-rate schedules ({@link org.spatialssrl.train.optim.LrSchedule}).
 */
package org.spatialssrl.train.optim;
