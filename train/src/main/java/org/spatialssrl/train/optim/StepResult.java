package org.spatialssrl.train.optim;

/**
 * What one optimizer step did.
 *
 * @param lr the learning rate used (also when skipped)
 * @param gradNorm the global gradient norm before clipping
 * @param skipped true when the norm was not finite and the parameters were left unchanged
 */
public record StepResult(double lr, double gradNorm, boolean skipped) {}
