package org.spatialssrl.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.model.qwen.DecoderInputs;
import org.spatialssrl.model.qwen.QwenDecoder;
import org.spatialssrl.model.vision.MultimodalPrompt;
import org.spatialssrl.model.vision.PromptBatch;
import org.spatialssrl.model.vision.VisionTower;

/**
 * Per-token log-probabilities of given completions after given prompts, from one cache-free
 * forward pass over each padded batch of prompt + completion.
 */
public final class LogProbScorer {
  private final QwenDecoder decoder;
  private final NDManager parent;
  private final int padId;
  private final VisionTower vision;

  /**
   * Creates a scorer.
   *
   * @param decoder the decoder
   * @param parent the manager under which temporary arrays are allocated
   * @param padId the padding token
   */
  public LogProbScorer(QwenDecoder decoder, NDManager parent, int padId) {
    this(decoder, null, parent, padId);
  }

  /**
   * Creates a scorer that also takes prompts with images.
   *
   * @param decoder the decoder
   * @param vision the vision tower, or null for text only
   * @param parent the manager under which temporary arrays are allocated
   * @param padId the padding token
   */
  public LogProbScorer(QwenDecoder decoder, VisionTower vision, NDManager parent, int padId) {
    this.decoder = decoder;
    this.vision = vision;
    this.parent = parent;
    this.padId = padId;
  }

  /**
   * Log-probabilities as plain numbers (no gradients).
   *
   * @param prompts prompt ids, one per row
   * @param completions completion ids, one per row, each non-empty
   * @return per row, one natural-log probability per completion token
   */
  public List<float[]> score(List<int[]> prompts, List<int[]> completions) {
    return scorePrompts(prompts.stream().map(MultimodalPrompt::text).toList(), completions);
  }

  /**
   * Log-probabilities as plain numbers (no gradients), for prompts that may carry images.
   *
   * @param prompts the prompts, one per row
   * @param completions completion ids, one per row, each non-empty
   * @return per row, one natural-log probability per completion token
   */
  public List<float[]> scorePrompts(List<MultimodalPrompt> prompts, List<int[]> completions) {
    try (NDManager m = parent.newSubManager()) {
      NDArray lp = scorePromptsTensor(m, prompts, completions);
      int maxC = (int) lp.getShape().get(1);
      float[] flat = lp.toFloatArray();
      List<float[]> out = new ArrayList<>();
      for (int r = 0; r < prompts.size(); r++) {
        int c = completions.get(r).length;
        float[] row = new float[c];
        System.arraycopy(flat, r * maxC + (maxC - c), row, 0, c);
        out.add(row);
      }
      return out;
    }
  }

  /**
   * Log-probabilities as an array that keeps the computation graph, so that a trainer can call
   * backward inside a DJL {@code GradientCollector} (with {@code setRequiresGradient(true)} on
   * the {@link QwenDecoder#parameters()} it trains).
   *
   * <p>The result is {@code (B, maxC)} FLOAT32 with each row right-aligned: row {@code r}'s
   * {@code c_r} log-probabilities are its last {@code c_r} entries; the entries before them are
   * meaningless and must be masked by the caller.
   *
   * @param m the manager that will own the result and the intermediates
   * @param prompts prompt ids, one per row
   * @param completions completion ids, one per row, each non-empty
   * @return the log-probabilities
   */
  public NDArray scoreTensor(NDManager m, List<int[]> prompts, List<int[]> completions) {
    return scorePromptsTensor(
        m, prompts.stream().map(MultimodalPrompt::text).toList(), completions);
  }

  /**
   * As {@link #scoreTensor}, for prompts that may carry images (the vision tower's weights get
   * gradients too when they require them).
   *
   * @param m the manager that will own the result and the intermediates
   * @param prompts the prompts, one per row
   * @param completions completion ids, one per row, each non-empty
   * @return the log-probabilities, {@code (B, maxC)}, rows right-aligned
   */
  public NDArray scorePromptsTensor(
      NDManager m, List<MultimodalPrompt> prompts, List<int[]> completions) {
    if (prompts.size() != completions.size() || prompts.isEmpty()) {
      throw new IllegalArgumentException("need one completion per prompt, at least one");
    }
    List<MultimodalPrompt> seqs = new ArrayList<>();
    int maxC = 0;
    long[] targets;
    for (int r = 0; r < prompts.size(); r++) {
      MultimodalPrompt p = prompts.get(r);
      int[] c = completions.get(r);
      if (p.ids().length == 0 || c.length == 0) {
        throw new IllegalArgumentException("row " + r + ": prompt and completion must be non-empty");
      }
      seqs.add(p.append(c));
      maxC = Math.max(maxC, c.length);
    }
    PromptBatch inputs = PromptBatch.of(seqs, padId, vision == null ? null : vision.config());
    DecoderInputs.Padded batch = inputs.padded();
    int len = batch.length();
    targets = new long[batch.batch() * maxC];
    for (int r = 0; r < batch.batch(); r++) {
      for (int j = 0; j < maxC; j++) {
        targets[r * maxC + j] = batch.ids()[r * len + len - maxC + j];
      }
    }
    NDArray hidden = decoder.forward(
        inputs.embeds(decoder, vision, m), inputs.positions(m),
        DecoderInputs.causalBias(m, batch.valid(), len, len, decoder.computeType()), null);
    // Position t predicts token t+1: the last maxC targets are predicted by positions [len-maxC-1, len-1).
    NDArray h = hidden.get(new NDIndex(":, {}:{}, :", len - maxC - 1, len - 1));
    NDArray logProbs = decoder.logits(h).logSoftmax(-1);
    NDArray t = m.create(targets, new ai.djl.ndarray.types.Shape(batch.batch(), maxC, 1));
    NDArray picked = logProbs.gather(t, -1).squeeze(-1);
    return picked.getDataType() == DataType.FLOAT32 ? picked : picked.toType(DataType.FLOAT32, false);
  }
}
