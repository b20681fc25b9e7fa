package org.spatialssrl.model.generate;

import java.util.List;
import java.util.Set;

/**
 * Decoding settings. Temperature 0 means greedy (argmax); otherwise tokens are sampled from the
 * temperature-scaled distribution restricted by top-k and top-p, from a generator seeded by
 * {@link #seed()} and the row index, so that results do not depend on the batch around a row.
 *
 * @param maxNewTokens the most tokens to generate per sequence
 * @param temperature 0 for greedy, else the softmax temperature
 * @param topP nucleus mass in (0, 1]
 * @param topK candidates kept (0 = all)
 * @param seed the sampling seed
 * @param stopStrings texts that end a sequence (excluded from its text)
 * @param stopTokenIds tokens that end a sequence (kept in its ids, excluded from its text); null
 *     means the model's defaults
 */
public record GenerationParams(
    int maxNewTokens,
    double temperature,
    double topP,
    int topK,
    long seed,
    List<String> stopStrings,
    Set<Integer> stopTokenIds) {

  /** Validates. */
  public GenerationParams {
    if (maxNewTokens < 0) {
      throw new IllegalArgumentException("max new tokens must be >= 0, got " + maxNewTokens);
    }
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top_k must be >= 0, got " + topK);
    }
    stopStrings = List.copyOf(stopStrings);
    for (String s : stopStrings) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("stop strings must be non-empty");
      }
    }
    stopTokenIds = stopTokenIds == null ? null : Set.copyOf(stopTokenIds);
  }

  /**
   * Whether decoding is greedy.
   *
   * @return true when temperature is 0
   */
  public boolean greedy() {
    return temperature == 0;
  }

  /**
   * Starts a builder with the defaults: 256 new tokens, greedy, top-p 1, top-k 0, seed 0, no stop
   * strings, the model's stop tokens.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link GenerationParams}. */
  public static final class Builder {
    private int maxNewTokens = 256;
    private double temperature;
    private double topP = 1.0;
    private int topK;
    private long seed;
    private List<String> stopStrings = List.of();
    private Set<Integer> stopTokenIds;

    private Builder() {}

    /**
     * Sets the most new tokens.
     *
     * @param n the limit
     * @return this builder
     */
    public Builder optMaxNewTokens(int n) {
      this.maxNewTokens = n;
      return this;
    }

    /**
     * Sets the temperature (0 = greedy).
     *
     * @param t the temperature
     * @return this builder
     */
    public Builder optTemperature(double t) {
      this.temperature = t;
      return this;
    }

    /**
     * Sets top-p.
     *
     * @param p the nucleus mass
     * @return this builder
     */
    public Builder optTopP(double p) {
      this.topP = p;
      return this;
    }

    /**
     * Sets top-k.
     *
     * @param k the number of candidates (0 = all)
     * @return this builder
     */
    public Builder optTopK(int k) {
      this.topK = k;
      return this;
    }

    /**
     * Sets the seed.
     *
     * @param s the seed
     * @return this builder
     */
    public Builder optSeed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Sets the stop strings.
     *
     * @param stops the strings
     * @return this builder
     */
    public Builder optStopStrings(List<String> stops) {
      this.stopStrings = stops;
      return this;
    }

    /**
     * Sets the stop tokens (replacing the model's defaults; an empty set never stops on a token).
     *
     * @param ids the token ids
     * @return this builder
     */
    public Builder optStopTokenIds(Set<Integer> ids) {
      this.stopTokenIds = ids;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public GenerationParams build() {
      return new GenerationParams(maxNewTokens, temperature, topP, topK, seed, stopStrings, stopTokenIds);
    }
  }
}
