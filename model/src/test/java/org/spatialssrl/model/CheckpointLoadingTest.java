package org.spatialssrl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.model.generate.LogProbScorer;
import org.spatialssrl.model.qwen.QwenModel;

/** Weight formats, name schemes and the errors for broken checkpoints. */
class CheckpointLoadingTest {
  @TempDir Path tmp;

  private static float[] score(QwenModel m) {
    int[] p = m.tokenizer().encode(m.chatPrompt(List.of(ChatMessage.of("user", "abc"))));
    return new LogProbScorer(m.decoder(), m.manager(), m.padId())
        .score(List.of(p), List.of(new int[] {100, 101, 258})).get(0);
  }

  @Test
  void bf16WeightsAndHalfComputeAgreeWithFloat32() throws Exception {
    Path f32 = TinyCheckpoint.shape().seed(11).write(tmp.resolve("f32"));
    Path bf16 = TinyCheckpoint.shape().seed(11).dtype("BF16").newNames(true).write(tmp.resolve("bf16"));
    float[] a;
    float[] b;
    float[] c;
    try (QwenModel m = QwenModel.builder().setModelDir(f32).build()) {
      a = score(m);
    }
    try (QwenModel m = QwenModel.builder().setModelDir(bf16).build()) {
      b = score(m);
    }
    try (QwenModel m = QwenModel.builder().setModelDir(bf16).optComputeType(DataType.FLOAT16).build()) {
      c = score(m);
    }
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 0.05, "BF16-stored weights, token " + i);
      assertEquals(b[i], c[i], 0.25, "FP16 compute, token " + i);
    }
  }

  @Test
  void shardedCheckpointEqualsSingleFile() throws Exception {
    float[] single;
    float[] sharded;
    try (QwenModel m = QwenModel.builder()
        .setModelDir(TinyCheckpoint.shape().seed(4).write(tmp.resolve("one"))).build()) {
      single = score(m);
    }
    Path dir = TinyCheckpoint.shape().seed(4).sharded(true).write(tmp.resolve("two"));
    assertTrue(java.nio.file.Files.exists(dir.resolve("model-00002-of-00002.safetensors")));
    try (QwenModel m = QwenModel.builder().setModelDir(dir).build()) {
      sharded = score(m);
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(single, sharded);
  }

  @Test
  void missingShardIsNamed() throws Exception {
    Path dir = TinyCheckpoint.shape().sharded(true).write(tmp.resolve("m"));
    java.nio.file.Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> QwenModel.builder().setModelDir(dir).build());
    assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors"), e.getMessage());
  }

  @Test
  void bf16ComputeIsRefusedWithAReason() throws Exception {
    Path dir = TinyCheckpoint.shape().write(tmp.resolve("m"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QwenModel.builder().setModelDir(dir).optComputeType(DataType.BFLOAT16).build());
    assertTrue(e.getMessage().contains("FLOAT16"), e.getMessage());
  }

  @Test
  void missingTensorIsNamed() throws Exception {
    Path dir = TinyCheckpoint.shape().drop("layers.1.self_attn.k_proj.bias").write(tmp.resolve("m"));
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> QwenModel.builder().setModelDir(dir).build());
    assertTrue(e.getMessage().contains("model.layers.1.self_attn.k_proj.bias"), e.getMessage());
  }

  @Test
  void missingHeadIsNamed() throws Exception {
    Path dir = TinyCheckpoint.shape().drop("lm_head.weight").write(tmp.resolve("m"));
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> QwenModel.builder().setModelDir(dir).build());
    assertTrue(e.getMessage().contains("lm_head.weight"), e.getMessage());
  }

  @Test
  void mismatchedShapeIsNamed() throws Exception {
    Path dir = TinyCheckpoint.shape().badShape("layers.0.mlp.up_proj.weight").write(tmp.resolve("m"));
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> QwenModel.builder().setModelDir(dir).build());
    assertTrue(e.getMessage().contains("model.layers.0.mlp.up_proj.weight"), e.getMessage());
    assertTrue(e.getMessage().contains("[49, 32]"), e.getMessage());
  }

  @Test
  void missingFilesAreReported() throws Exception {
    Path dir = TinyCheckpoint.shape().write(tmp.resolve("m"));
    java.nio.file.Files.delete(dir.resolve("model.safetensors"));
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> QwenModel.builder().setModelDir(dir).build());
    assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
  }

  @Test
  void imagePartsAreRejectedUntilVisionLands() throws Exception {
    try (QwenModel m = QwenModel.builder().setModelDir(TinyCheckpoint.shape().write(tmp.resolve("m"))).build()) {
      ChatMessage withImage = new ChatMessage("user", null,
          List.of(new ChatMessage.Part("image", null, "a.png"), new ChatMessage.Part("text", "hi", null)));
      assertThrows(UnsupportedInputException.class, () -> m.chatPrompt(List.of(withImage)));
    }
  }
}
