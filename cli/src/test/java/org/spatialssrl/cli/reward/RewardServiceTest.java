package org.spatialssrl.cli.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RewardServiceTest {

  @Test
  void responseIsTheQueryMinusItsPrompt() {
    assertEquals("<think>x</think>", RewardService.responseOf("PROMPT<think>x</think>", "PROMPT"));
  }

  @Test
  void withoutAMatchingPromptTheTextAfterTheLastAssistantMarkerIsUsed() {
    String q = "<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n<think>a</think>\\boxed{A}<|im_end|>";
    assertEquals("<think>a</think>\\boxed{A}<|im_end|>", RewardService.responseOf(q, null));
    assertEquals("<think>a</think>\\boxed{A}<|im_end|>", RewardService.responseOf(q, "a different prompt"));
    assertEquals("<think>b", RewardService.responseOf("<|im_start|>assistant\nold<|im_start|>assistant<think>b", ""));
  }

  @Test
  void withNeitherTheWholeQueryIsTheResponse() {
    assertEquals("just text", RewardService.responseOf("just text", null));
  }
}
