package org.spatialssrl.model.vision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.spatialssrl.model.CheckpointException;

/**
 * The vision part of a Qwen2.5-VL {@code config.json} ({@code vision_config}) and the special
 * tokens that bracket images in a prompt.
 *
 * @param depth transformer blocks
 * @param hiddenSize block width (1280 in the released models)
 * @param intermediateSize SwiGLU width
 * @param numHeads attention heads
 * @param outHiddenSize the merger's output width (the language model's hidden size)
 * @param patchSize patch side in pixels
 * @param spatialMergeSize patches merged per side into one language-model token
 * @param temporalPatchSize frames per temporal patch
 * @param inChannels input channels
 * @param windowSize attention window side in pixels
 * @param fullAttentionBlocks indexes of the blocks that attend over the whole image
 * @param rmsNormEps RMSNorm epsilon (1e-6 in Qwen2.5-VL)
 * @param imageTokenId the {@code <|image_pad|>} token
 * @param visionStartTokenId the {@code <|vision_start|>} token
 * @param visionEndTokenId the {@code <|vision_end|>} token
 */
public record VisionConfig(
    int depth,
    int hiddenSize,
    int intermediateSize,
    int numHeads,
    int outHiddenSize,
    int patchSize,
    int spatialMergeSize,
    int temporalPatchSize,
    int inChannels,
    int windowSize,
    int[] fullAttentionBlocks,
    double rmsNormEps,
    int imageTokenId,
    int visionStartTokenId,
    int visionEndTokenId) {

  /** Validates. */
  public VisionConfig {
    if (depth <= 0 || hiddenSize <= 0 || numHeads <= 0 || hiddenSize % numHeads != 0) {
      throw new CheckpointException(
          "vision_config: need positive depth and heads, hidden_size " + hiddenSize
              + " divisible by num_heads " + numHeads);
    }
    if ((hiddenSize / numHeads) % 4 != 0) {
      throw new CheckpointException(
          "vision_config: head dimension " + hiddenSize / numHeads + " must be a multiple of 4");
    }
    if (windowSize % (spatialMergeSize * patchSize) != 0) {
      throw new CheckpointException(
          "vision_config: window_size " + windowSize + " must be a multiple of "
              + spatialMergeSize * patchSize);
    }
    fullAttentionBlocks = fullAttentionBlocks.clone();
  }

  /**
   * The full-attention block indexes.
   *
   * @return a copy
   */
  @Override
  public int[] fullAttentionBlocks() {
    return fullAttentionBlocks.clone();
  }

  /**
   * The width of one attention head.
   *
   * @return {@code hiddenSize / numHeads}
   */
  public int headDim() {
    return hiddenSize / numHeads;
  }

  /**
   * Values per patch row ({@code inChannels * temporalPatchSize * patchSize^2}).
   *
   * @return the width of a pixel-value row
   */
  public int patchDim() {
    return inChannels * temporalPatchSize * patchSize * patchSize;
  }

  /**
   * Whether a block attends over the whole image.
   *
   * @param block the block index
   * @return true for a full-attention block
   */
  public boolean fullAttention(int block) {
    return Arrays.stream(fullAttentionBlocks).anyMatch(b -> b == block);
  }

  /**
   * The window side in merged units ({@code window / merge / patch}).
   *
   * @return merged units per window side
   */
  public int mergedWindow() {
    return windowSize / spatialMergeSize / patchSize;
  }

  /**
   * Reads the vision configuration of a {@code config.json}, or null when it has none.
   *
   * @param root the parsed {@code config.json}
   * @return the configuration, or null for a text-only checkpoint
   */
  public static VisionConfig fromJson(JsonNode root) {
    JsonNode v = root.path("vision_config");
    if (!v.isObject()) {
      return null;
    }
    int hidden = v.has("hidden_size") ? v.get("hidden_size").asInt() : v.path("embed_dim").asInt(1280);
    JsonNode fa = v.path("fullatt_block_indexes");
    int[] full = new int[fa.size()];
    for (int i = 0; i < full.length; i++) {
      full[i] = fa.get(i).asInt();
    }
    JsonNode text = root.path("text_config");
    int outHidden = v.has("out_hidden_size") ? v.get("out_hidden_size").asInt()
        : text.path("hidden_size").asInt(root.path("hidden_size").asInt());
    int patch = v.path("patch_size").asInt(v.path("spatial_patch_size").asInt(14));
    return new VisionConfig(
        v.path("depth").asInt(32),
        hidden,
        v.path("intermediate_size").asInt(3420),
        v.path("num_heads").asInt(16),
        outHidden,
        patch,
        v.path("spatial_merge_size").asInt(2),
        v.path("temporal_patch_size").asInt(2),
        v.path("in_chans").asInt(v.path("in_channels").asInt(3)),
        v.path("window_size").asInt(112),
        full,
        1e-6, // the vision blocks and merger use a fixed epsilon
        root.path("image_token_id").asInt(151655),
        root.path("vision_start_token_id").asInt(151652),
        root.path("vision_end_token_id").asInt(151653));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VisionConfig c && depth == c.depth && hiddenSize == c.hiddenSize
        && intermediateSize == c.intermediateSize && numHeads == c.numHeads
        && outHiddenSize == c.outHiddenSize && patchSize == c.patchSize
        && spatialMergeSize == c.spatialMergeSize && temporalPatchSize == c.temporalPatchSize
        && inChannels == c.inChannels && windowSize == c.windowSize
        && Arrays.equals(fullAttentionBlocks, c.fullAttentionBlocks) && rmsNormEps == c.rmsNormEps
        && imageTokenId == c.imageTokenId && visionStartTokenId == c.visionStartTokenId
        && visionEndTokenId == c.visionEndTokenId;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(depth, hiddenSize, numHeads, outHiddenSize, windowSize,
        Arrays.hashCode(fullAttentionBlocks));
  }

  @Override
  public String toString() {
    return "VisionConfig[depth=" + depth + ", hidden=" + hiddenSize + ", intermediate="
        + intermediateSize + ", heads=" + numHeads + ", out=" + outHiddenSize + ", window="
        + windowSize + ", fullAttention=" + Arrays.toString(fullAttentionBlocks) + "]";
  }
}
