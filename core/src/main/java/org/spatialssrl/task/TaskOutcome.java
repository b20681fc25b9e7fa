package org.spatialssrl.task;

/** What one attempt at a sample gives: a sample, or a reasoned rejection. */
public sealed interface TaskOutcome permits Sample, Rejection {}
