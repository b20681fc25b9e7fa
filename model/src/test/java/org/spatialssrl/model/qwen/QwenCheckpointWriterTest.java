package org.spatialssrl.model.qwen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.ChatMessage.Part;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;
import org.spatialssrl.model.vision.TinyVisionCheckpoint;

/** A saved model reloads bit-exactly, in the released layout. */
class QwenCheckpointWriterTest {
  @TempDir Path tmp;

  private static List<List<ChatMessage>> prompts(Path image) {
    return List.of(
        List.of(new ChatMessage("user", null, List.of(
            new Part("image", null, image.toString()), new Part("text", "Which is nearer?", null)))),
        List.of(ChatMessage.of("user", "Say hello.")));
  }

  private static List<float[]> logProbs(Path modelDir, Path image) {
    try (QwenPolicy p = new QwenPolicy(QwenModel.builder().setModelDir(modelDir).build())) {
      return p.logProbs(prompts(image), List.of("<think>far</think> \\boxed{1}", "hello"));
    }
  }

  private Path image() throws IOException {
    Path png = tmp.resolve("scene.png");
    javax.imageio.ImageIO.write(TinyVisionCheckpoint.picture(150, 120, 3), "png", png.toFile());
    return png;
  }

  @Test
  void savedCheckpointReloadsWithIdenticalLogProbsAndReleasedNames() throws Exception {
    Path src = RandomQwenCheckpoint.builder().optText(32, 2, 4, 2, 48).optVision(2, 32, 2, 48)
        .optSeed(4).build().write(tmp.resolve("src"));
    Path image = image();
    Path out = tmp.resolve("saved");
    try (QwenModel m = QwenModel.builder().setModelDir(src).build()) {
      // A small shard limit forces several shards and the index.
      QwenCheckpointWriter.builder().optMaxShardBytes(40_000).build().write(m, out);
    }
    assertFalse(Files.exists(out.resolveSibling(".saved.tmp")));
    assertTrue(Files.isRegularFile(out.resolve("model.safetensors.index.json")));
    for (String f : List.of("config.json", "tokenizer.json", "tokenizer_config.json",
        "generation_config.json", "preprocessor_config.json")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    JsonNode index = new ObjectMapper().readTree(out.resolve("model.safetensors.index.json").toFile());
    long shards;
    try (Stream<Path> s = Files.list(out)) {
      shards = s.filter(p -> p.getFileName().toString().matches("model-\\d{5}-of-\\d{5}\\.safetensors")).count();
    }
    assertTrue(shards > 2, "shards: " + shards);
    // Same names, shapes and types as the source, which RandomQwenCheckpoint writes in the
    // released layout; and the index's total is the data size.
    Map<String, SafetensorsCheckpoint.TensorInfo> a = SafetensorsCheckpoint.open(src).tensors();
    Map<String, SafetensorsCheckpoint.TensorInfo> b = SafetensorsCheckpoint.open(out).tensors();
    assertEquals(a.keySet(), b.keySet());
    long total = 0;
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).shape(), b.get(k).shape(), k);
      assertEquals(a.get(k).dtype(), b.get(k).dtype(), k);
      total += b.get(k).end() - b.get(k).begin();
    }
    assertTrue(b.containsKey("model.layers.1.self_attn.k_proj.bias"));
    assertTrue(b.containsKey("visual.blocks.0.mlp.up_proj.weight"));
    assertEquals(total, index.path("metadata").path("total_size").asLong());
    assertEquals(Map.of("format", "pt"),
        SafetensorsCheckpoint.readMetadata(out.resolve(index.path("weight_map").path("lm_head.weight").asText())));

    List<float[]> before = logProbs(src, image);
    List<float[]> after = logProbs(out, image);
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), 0f, "row " + i);
    }
  }

  @Test
  void bf16CheckpointStaysBf16AndExact() throws Exception {
    Path src = RandomQwenCheckpoint.builder().optText(32, 1, 4, 2, 48).optNoVision().optTied(true)
        .optDtype("BF16").build().write(tmp.resolve("bf16"));
    Path out = tmp.resolve("bf16-saved");
    try (QwenModel m = QwenModel.builder().setModelDir(src).build()) {
      QwenCheckpointWriter.builder().build().write(m, out);
    }
    assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
    Map<String, SafetensorsCheckpoint.TensorInfo> t = SafetensorsCheckpoint.open(out).tensors();
    assertFalse(t.containsKey("lm_head.weight"));
    assertTrue(t.values().stream().allMatch(i -> i.dtype().equals("BF16")));
    assertEquals("bfloat16", new ObjectMapper().readTree(out.resolve("config.json").toFile())
        .path("torch_dtype").asText());
    assertArrayEquals(Files.readAllBytes(src.resolve("model.safetensors")),
        Files.readAllBytes(out.resolve("model.safetensors")));
    // Writing over a directory with content is refused, and leaves it alone.
    try (QwenModel m = QwenModel.builder().setModelDir(src).build()) {
      assertThrows(IOException.class, () -> QwenCheckpointWriter.builder().build().write(m, out));
    }
    assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
  }
}
