package org.spatialssrl.eval.backend;

import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.Policy;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;

/**
 * The Java runtime in this process, through {@link Policy} (for example a
 * {@code QwenPolicy}). Requests are batched; a batch that fails is retried one request at a
 * time, so that only the bad item fails.
 */
public final class EmbeddedBackend implements ModelBackend {
  private final Policy policy;
  private final String modelId;
  private final int batchSize;
  private final boolean closePolicy;

  /**
   * A backend.
   *
   * @param policy the model
   * @param modelId its name for reports
   * @param batchSize requests per generation call
   * @param closePolicy whether {@link #close()} closes the policy
   */
  public EmbeddedBackend(Policy policy, String modelId, int batchSize, boolean closePolicy) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    this.policy = policy;
    this.modelId = modelId;
    this.batchSize = batchSize;
    this.closePolicy = closePolicy;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int parallelism() {
    return 1;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public boolean needsResizedImages() {
    return true;
  }

  /**
   * The runtime's decoding settings for a benchmark's.
   *
   * @param s the settings
   * @return the generation parameters (seed 0)
   * @throws IllegalArgumentException for a repetition penalty, which the runtime lacks
   */
  public static GenerationParams params(ModelSettings s) {
    if (s.repetitionPenalty() != 1.0) {
      throw new IllegalArgumentException("the embedded runtime has no repetition penalty (asked for "
          + s.repetitionPenalty() + ")");
    }
    return GenerationParams.builder().optMaxNewTokens(s.maxNewTokens()).optTemperature(s.temperature())
        .optTopP(s.topP()).optTopK(s.topK()).optSeed(0).build();
  }

  @Override
  public List<Completion> complete(List<Request> batch) {
    try {
      return run(batch);
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        return List.of(Completion.failed(describe(e), 1));
      }
      List<Completion> out = new ArrayList<>();
      for (Request r : batch) {
        out.addAll(complete(List.of(r)));
      }
      return out;
    }
  }

  private List<Completion> run(List<Request> batch) {
    GenerationParams params = params(batch.get(0).settings());
    for (Request r : batch) {
      if (!params.equals(params(r.settings()))) {
        throw new IllegalArgumentException("one batch with different decoding settings");
      }
    }
    List<List<ChatMessage>> conversations = new ArrayList<>();
    batch.forEach(r -> conversations.add(r.messages()));
    List<List<GenerationResult>> results = policy.generate(conversations, 1, params);
    List<Completion> out = new ArrayList<>();
    for (List<GenerationResult> r : results) {
      GenerationResult g = r.get(0);
      out.add(new Completion(g.text(), g.finishReason(), -1, g.tokenIds().length, 1, null));
    }
    return out;
  }

  private static String describe(RuntimeException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  @Override
  public void close() {
    if (closePolicy) {
      policy.close();
    }
  }
}
