package org.spatialssrl.model.qwen;

import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.Policy;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.generate.LogProbScorer;
import org.spatialssrl.model.vision.ImageSource;
import org.spatialssrl.model.vision.MultimodalPrompt;

/** The embedded {@link Policy}: a {@link QwenModel} in this JVM. */
public final class QwenPolicy implements Policy {
  private final QwenModel model;
  private final Generator generator;
  private final LogProbScorer scorer;
  private final ImageSource images;

  /**
   * Wraps a loaded model; closing the policy closes the model.
   *
   * @param model the model
   */
  public QwenPolicy(QwenModel model) {
    this(model, ImageSource.anyFile());
  }

  /**
   * Wraps a loaded model, resolving image parts with the given source; closing the policy closes
   * the model.
   *
   * @param model the model
   * @param images resolves the image references of message parts
   */
  public QwenPolicy(QwenModel model, ImageSource images) {
    this.model = model;
    this.images = images;
    this.generator = new Generator(model);
    this.scorer = new LogProbScorer(model.decoder(), model.vision(), model.manager(), model.padId());
  }

  /**
   * The wrapped model.
   *
   * @return the model
   */
  public QwenModel model() {
    return model;
  }

  /**
   * Templated, tokenized prompt of a conversation.
   *
   * @param conversation the messages
   * @return the prompt ids
   */
  public int[] promptIds(List<ChatMessage> conversation) {
    return prompt(conversation).ids();
  }

  /**
   * Templated, tokenized prompt of a conversation with its images loaded, processed and their
   * placeholders expanded.
   *
   * @param conversation the messages
   * @return the prompt
   */
  public MultimodalPrompt prompt(List<ChatMessage> conversation) {
    return model.prompt(conversation, images);
  }

  /**
   * Token ids of an assistant reply: its text tokens, then the end-of-turn token.
   *
   * @param completion the reply text
   * @return the ids
   */
  public int[] completionIds(String completion) {
    int[] text = model.tokenizer().encode(completion);
    Integer eos = model.tokenizer().eosId();
    if (eos == null) {
      return text;
    }
    int[] ids = java.util.Arrays.copyOf(text, text.length + 1);
    ids[text.length] = eos;
    return ids;
  }

  @Override
  public synchronized List<List<GenerationResult>> generate(
      List<List<ChatMessage>> conversations, int n, GenerationParams params) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    List<MultimodalPrompt> prompts = new ArrayList<>();
    for (List<ChatMessage> c : conversations) {
      MultimodalPrompt p = prompt(c);
      for (int i = 0; i < n; i++) {
        prompts.add(p);
      }
    }
    List<GenerationResult> flat = generator.generatePrompts(prompts, params, null, () -> false);
    List<List<GenerationResult>> out = new ArrayList<>();
    for (int c = 0; c < conversations.size(); c++) {
      out.add(List.copyOf(flat.subList(c * n, (c + 1) * n)));
    }
    return out;
  }

  @Override
  public synchronized List<float[]> logProbs(
      List<List<ChatMessage>> conversations, List<String> completions) {
    if (conversations.size() != completions.size()) {
      throw new IllegalArgumentException("need one completion per conversation");
    }
    List<MultimodalPrompt> prompts = new ArrayList<>();
    List<int[]> comps = new ArrayList<>();
    for (int i = 0; i < conversations.size(); i++) {
      prompts.add(prompt(conversations.get(i)));
      comps.add(completionIds(completions.get(i)));
    }
    return scorer.scorePrompts(prompts, comps);
  }

  @Override
  public void close() {
    model.close();
  }
}
