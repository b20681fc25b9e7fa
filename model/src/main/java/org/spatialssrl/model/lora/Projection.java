package org.spatialssrl.model.lora;

import java.util.Locale;
import org.spatialssrl.model.qwen.QwenTextConfig;

/** The seven linear projections of a Qwen2 decoder layer that LoRA targets (TRAINING.md 2.2). */
public enum Projection {
  /** Attention query. */
  Q("self_attn.q_proj"),
  /** Attention key. */
  K("self_attn.k_proj"),
  /** Attention value. */
  V("self_attn.v_proj"),
  /** Attention output. */
  O("self_attn.o_proj"),
  /** MLP gate. */
  GATE("mlp.gate_proj"),
  /** MLP up. */
  UP("mlp.up_proj"),
  /** MLP down. */
  DOWN("mlp.down_proj");

  private final String path;

  Projection(String path) {
    this.path = path;
  }

  /**
   * The module path inside a layer.
   *
   * @return for example {@code self_attn.q_proj}
   */
  public String path() {
    return path;
  }

  /**
   * The module's own name.
   *
   * @return for example {@code q_proj}
   */
  public String leaf() {
    return path.substring(path.indexOf('.') + 1);
  }

  /**
   * The projection of a leaf name.
   *
   * @param leaf {@code q_proj} ... {@code down_proj}
   * @return the projection
   * @throws IllegalArgumentException for other names
   */
  public static Projection ofLeaf(String leaf) {
    for (Projection p : values()) {
      if (p.leaf().equals(leaf)) {
        return p;
      }
    }
    throw new IllegalArgumentException("not a decoder projection: " + leaf.toLowerCase(Locale.ROOT));
  }

  /**
   * The input width.
   *
   * @param c the model configuration
   * @return {@code in} of the weight {@code (out, in)}
   */
  public int in(QwenTextConfig c) {
    return switch (this) {
      case Q, K, V, GATE, UP -> c.hiddenSize();
      case O -> c.numHeads() * c.headDim();
      case DOWN -> c.intermediateSize();
    };
  }

  /**
   * The output width.
   *
   * @param c the model configuration
   * @return {@code out} of the weight {@code (out, in)}
   */
  public int out(QwenTextConfig c) {
    return switch (this) {
      case Q -> c.numHeads() * c.headDim();
      case K, V -> c.numKvHeads() * c.headDim();
      case O, DOWN -> c.hiddenSize();
      case GATE, UP -> c.intermediateSize();
    };
  }
}
