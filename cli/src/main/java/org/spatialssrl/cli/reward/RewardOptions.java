package org.spatialssrl.cli.reward;

import java.io.IOException;
import java.nio.file.Path;
import org.spatialssrl.reward.RewardConfig;
import org.spatialssrl.reward.SpatialReward;
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
   * Returns a service scoring with these options, looking ids up in a dataset when one is given.
   *
   * @param dataset a generated dataset directory, or null
   * @return the service
   * @throws InputException if the dataset cannot be used
   * @throws IOException if the dataset cannot be read
   * @throws IllegalArgumentException with the offending setting when a value is out of range
   */
  public RewardService newService(Path dataset) throws IOException {
    return new RewardService(new SpatialReward(toConfig()), dataset == null ? null : GroundTruths.load(dataset));
  }

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
