package org.spatialssrl.reward;

/**
 * The reward of one response, in the shape EasyR1 reward functions return.
 *
 * @param overall the weighted reward handed to the trainer
 * @param format 1 when the response follows the {@code <think>...</think> ... \boxed{...}} format, else 0
 * @param accuracy 1 when the boxed answer equals the ground truth exactly, else 0 (or the
 *     partial credit, when {@link RewardConfig#permutationCredit()} is on)
 */
public record RewardScore(double overall, double format, double accuracy) {}
