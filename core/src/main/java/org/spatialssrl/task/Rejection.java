package org.spatialssrl.task;

/**
 * Why a task could not make a sample from a source.
 *
 * @param reason a short machine-readable code, such as {@code flip-symmetric}
 * @param message a sentence a user can act on
 */
public record Rejection(String reason, String message) implements TaskOutcome {}
