package org.spatialssrl.model.qwen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.spatialssrl.model.CheckpointException;

/**
 * The language-model part of a Qwen2.5-VL (or Qwen2) {@code config.json}.
 *
 * @param vocabSize rows of the embedding and output head
 * @param hiddenSize model width
 * @param intermediateSize width of the SwiGLU MLP
 * @param numLayers decoder layers
 * @param numHeads query heads
 * @param numKvHeads key/value heads (grouped-query attention)
 * @param headDim width of one head
 * @param rmsNormEps epsilon of RMSNorm
 * @param ropeTheta rotary base
 * @param mropeSection frequencies per position axis (temporal, height, width); for a plain
 *     1-axis model a single section covering all {@code headDim/2} frequencies
 * @param tieWordEmbeddings whether the output head reuses the embedding matrix
 * @param torchDtype the stored weight type named by the config (informational)
 */
public record QwenTextConfig(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    double rmsNormEps,
    double ropeTheta,
    int[] mropeSection,
    boolean tieWordEmbeddings,
    String torchDtype) {

  /** Validates the shape relations. */
  public QwenTextConfig {
    if (hiddenSize <= 0 || numHeads <= 0 || numKvHeads <= 0 || numLayers <= 0 || vocabSize <= 0) {
      throw new CheckpointException("config.json: sizes must be positive");
    }
    if (numHeads % numKvHeads != 0) {
      throw new CheckpointException(
          "config.json: num_attention_heads " + numHeads
              + " is not a multiple of num_key_value_heads " + numKvHeads);
    }
    if (headDim % 2 != 0) {
      throw new CheckpointException("config.json: head dimension " + headDim + " must be even");
    }
    int sum = Arrays.stream(mropeSection).sum();
    if (sum != headDim / 2) {
      throw new CheckpointException(
          "config.json: rope_scaling.mrope_section " + Arrays.toString(mropeSection) + " sums to "
              + sum + " but head_dim/2 is " + headDim / 2);
    }
    mropeSection = mropeSection.clone();
  }

  /**
   * The frequencies per position axis.
   *
   * @return a copy of the section sizes
   */
  @Override
  public int[] mropeSection() {
    return mropeSection.clone();
  }

  /**
   * Query heads per key/value head.
   *
   * @return {@code numHeads / numKvHeads}
   */
  public int groupSize() {
    return numHeads / numKvHeads;
  }

  /**
   * Reads {@code config.json} from a checkpoint directory.
   *
   * @param dir the checkpoint directory
   * @return the text configuration
   */
  public static QwenTextConfig read(Path dir) {
    Path file = dir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("no config.json in " + dir);
    }
    try {
      return fromJson(new ObjectMapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a config object. Newer checkpoints nest the language model under {@code text_config};
   * values there take precedence over top-level ones.
   *
   * @param root the parsed {@code config.json}
   * @return the text configuration
   */
  public static QwenTextConfig fromJson(JsonNode root) {
    JsonNode text = root.path("text_config");
    java.util.function.Function<String, JsonNode> get =
        k -> text.has(k) ? text.get(k) : root.path(k);
    int hidden = required(get.apply("hidden_size"), "hidden_size").asInt();
    int heads = required(get.apply("num_attention_heads"), "num_attention_heads").asInt();
    int kv = get.apply("num_key_value_heads").isMissingNode()
        ? heads : get.apply("num_key_value_heads").asInt();
    int headDim = get.apply("head_dim").isMissingNode() || get.apply("head_dim").isNull()
        ? hidden / heads : get.apply("head_dim").asInt();
    JsonNode scaling = get.apply("rope_scaling");
    if (scaling.isMissingNode() || scaling.isNull()) {
      scaling = get.apply("rope_parameters");
    }
    int[] section;
    JsonNode ms = scaling.path("mrope_section");
    if (ms.isArray()) {
      section = new int[ms.size()];
      for (int i = 0; i < section.length; i++) {
        section[i] = ms.get(i).asInt();
      }
    } else {
      section = new int[] {headDim / 2};
    }
    double theta = get.apply("rope_theta").isMissingNode()
        ? scaling.path("rope_theta").asDouble(1_000_000.0) : get.apply("rope_theta").asDouble();
    JsonNode tie = root.has("tie_word_embeddings") ? root.get("tie_word_embeddings")
        : text.path("tie_word_embeddings");
    return new QwenTextConfig(
        required(get.apply("vocab_size"), "vocab_size").asInt(),
        hidden,
        required(get.apply("intermediate_size"), "intermediate_size").asInt(),
        required(get.apply("num_hidden_layers"), "num_hidden_layers").asInt(),
        heads,
        kv,
        headDim,
        get.apply("rms_norm_eps").asDouble(1e-6),
        theta,
        section,
        tie.asBoolean(false),
        get.apply("torch_dtype").asText(root.path("dtype").asText("float32")));
  }

  private static JsonNode required(JsonNode n, String key) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      throw new CheckpointException("config.json lacks " + key);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QwenTextConfig c
        && vocabSize == c.vocabSize && hiddenSize == c.hiddenSize
        && intermediateSize == c.intermediateSize && numLayers == c.numLayers
        && numHeads == c.numHeads && numKvHeads == c.numKvHeads && headDim == c.headDim
        && rmsNormEps == c.rmsNormEps && ropeTheta == c.ropeTheta
        && Arrays.equals(mropeSection, c.mropeSection) && tieWordEmbeddings == c.tieWordEmbeddings
        && torchDtype.equals(c.torchDtype);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(vocabSize, hiddenSize, numLayers, numHeads, numKvHeads,
        Arrays.hashCode(mropeSection));
  }

  @Override
  public String toString() {
    return "QwenTextConfig[vocab=" + vocabSize + ", hidden=" + hiddenSize + ", intermediate="
        + intermediateSize + ", layers=" + numLayers + ", heads=" + numHeads + ", kvHeads="
        + numKvHeads + ", headDim=" + headDim + ", mropeSection=" + Arrays.toString(mropeSection)
        + ", tied=" + tieWordEmbeddings + "]";
  }
}
