package org.spatialssrl.model;

import java.util.List;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;

/**
 * A chat model that the trainer and the evaluator use without caring whether it runs embedded
 * or behind an HTTP endpoint: sampling completions and scoring given completions.
 */
public interface Policy extends AutoCloseable {

  /**
   * Samples {@code n} completions for each conversation (rows are seeded by
   * {@code params.seed()} and their position in the flattened batch).
   *
   * @param conversations the conversations, each ending with the turn to answer
   * @param n completions per conversation
   * @param params decoding settings
   * @return per conversation, its {@code n} completions
   */
  List<List<GenerationResult>> generate(
      List<List<ChatMessage>> conversations, int n, GenerationParams params);

  /**
   * The per-token natural-log probabilities of given assistant replies. Each reply is tokenized
   * and followed by the end-of-turn token, which is scored too.
   *
   * @param conversations the conversations before the reply
   * @param completions the reply texts, one per conversation
   * @return per conversation, one log-probability per reply token
   */
  List<float[]> logProbs(List<List<ChatMessage>> conversations, List<String> completions);

  /** Releases the model. */
  @Override
  void close();
}
