package org.spatialssrl.cli.reward;

import org.spatialssrl.reward.RewardConfig;
import picocli.CommandLine.Option;

/** Reward settings shared by the reward commands; every default is the released reward. */
public final class RewardOptions {

  @Option(
      names = "--format-weight",
      paramLabel = "W",
      description = "Weight of the format term (default ${DEFAULT-VALUE}); the accuracy weight is 1 - W unless --accuracy-weight is given.",
      defaultValue = "0.1")
  double formatWeight;

  @Option(
      names = "--accuracy-weight",
      paramLabel = "W",
      description = "Weight of the accuracy term (default: 1 - format weight).")
  Double accuracyWeight;

  @Option(
      names = "--permutation-credit",
      paramLabel = "FACTOR",
      description = "Research option, off by default: a wrong permutation answer earns FACTOR x the share of positions right.")
  Double permutationCredit;

  @Option(
      names = "--format-free",
      description = "Research option, off by default: overall = accuracy (the format is still reported).")
  boolean formatFree;

  /**
   * Returns the configuration these options describe.
   *
   * @throws IllegalArgumentException with the offending setting when a value is out of range
   */
  public RewardConfig toConfig() {
    RewardConfig.Builder b = RewardConfig.builder().formatWeight(formatWeight).formatFree(formatFree);
    if (accuracyWeight != null) {
      b.accuracyWeight(accuracyWeight);
    }
    if (permutationCredit != null) {
      b.permutationCredit(permutationCredit);
    }
    return b.build();
  }
}
