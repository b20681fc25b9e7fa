package org.spatialssrl.cli.model;

import java.util.List;
import org.spatialssrl.model.generate.GenerationParams;
import picocli.CommandLine.Option;

/** Decoding options of {@code ssrl chat}. */
public final class SamplingOptions {
  @Option(names = "--max-tokens", defaultValue = "512", paramLabel = "N",
      description = "Most new tokens per reply (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--temperature", defaultValue = "0", paramLabel = "T",
      description = "0 for greedy decoding (default), else the sampling temperature.")
  double temperature;

  @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P", description = "Nucleus mass (default: 1).")
  double topP;

  @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Candidates kept (0 = all).")
  int topK;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sampling seed (default: 0).")
  long seed;

  @Option(names = "--stop", paramLabel = "TEXT", description = "A stop string (repeatable).")
  List<String> stop = List.of();

  /**
   * The decoding settings.
   *
   * @return the settings
   */
  public GenerationParams params() {
    return GenerationParams.builder().optMaxNewTokens(maxTokens).optTemperature(temperature)
        .optTopP(topP).optTopK(topK).optSeed(seed).optStopStrings(stop).build();
  }
}
