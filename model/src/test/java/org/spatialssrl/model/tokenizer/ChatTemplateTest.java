package org.spatialssrl.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spatialssrl.model.ChatMessage;

/** The Qwen2.5-VL chat template of the qwen-tiny-a fixture, rendered by jinjava. */
class ChatTemplateTest {
  private ChatTemplate template;

  @BeforeEach
  void load() {
    String root = System.getProperty("ssrl.fixtures");
    Path dir = root == null ? null : Path.of(root, "qwen-tiny-a");
    Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve("tokenizer_config.json")),
        "fixture qwen-tiny-a not found (system property ssrl.fixtures=" + root + "); skipping");
    template = ChatTemplate.load(dir);
  }

  @Test
  void defaultSystemMessageAndGenerationPrompt() {
    assertEquals(
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
        template.render(List.of(ChatMessage.of("user", "Hi")), true));
  }

  @Test
  void textPartsRenderLikeAString() {
    ChatMessage parts = new ChatMessage("user", null, List.of(
        new ChatMessage.Part("text", "Hel", null), new ChatMessage.Part("text", "lo", null)));
    assertEquals(template.render(List.of(ChatMessage.of("user", "Hello")), false),
        template.render(List.of(parts), false));
  }

  @Test
  void imagePartsBecomeVisionPlaceholders() {
    ChatMessage m = new ChatMessage("user", null, List.of(
        new ChatMessage.Part("image", null, "a.png"), new ChatMessage.Part("text", "What?", null)));
    String out = template.render(List.of(ChatMessage.of("system", "S"), m,
        ChatMessage.of("assistant", "A")), false);
    assertEquals("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\n"
        + "<|vision_start|><|image_pad|><|vision_end|>What?<|im_end|>\n"
        + "<|im_start|>assistant\nA<|im_end|>\n", out);
  }
}
