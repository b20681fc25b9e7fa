package org.spatialssrl.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.ModelException;

/**
 * The checkpoint's chat template (a Jinja template, as Hugging Face applies it: blocks trimmed
 * and left-stripped), rendered with jinjava.
 */
public final class ChatTemplate {
  private final String source;
  private final Jinjava jinjava;

  /**
   * Wraps a template source.
   *
   * @param source the Jinja template text
   */
  public ChatTemplate(String source) {
    this.source = source;
    JinjavaConfig cfg = JinjavaConfig.newBuilder()
        .withTrimBlocks(true)
        .withLstripBlocks(true)
        .withMaxOutputSize(64L << 20)
        .build();
    this.jinjava = new Jinjava(cfg);
  }

  /**
   * Finds the chat template of a checkpoint: {@code chat_template.jinja}, then
   * {@code chat_template.json}, then {@code tokenizer_config.json}'s {@code chat_template} (a
   * string, or a list of named templates of which {@code default} is used).
   *
   * @param dir the checkpoint directory
   * @return the template
   */
  public static ChatTemplate load(Path dir) {
    try {
      Path jinja = dir.resolve("chat_template.jinja");
      if (Files.isRegularFile(jinja)) {
        return new ChatTemplate(Files.readString(jinja));
      }
      ObjectMapper json = new ObjectMapper();
      for (String name : new String[] {"chat_template.json", "tokenizer_config.json"}) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
          continue;
        }
        JsonNode t = json.readTree(f.toFile()).path("chat_template");
        if (t.isTextual()) {
          return new ChatTemplate(t.asText());
        }
        if (t.isArray()) {
          for (JsonNode named : t) {
            if (named.path("name").asText().equals("default")) {
              return new ChatTemplate(named.path("template").asText());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new CheckpointException("cannot read the chat template in " + dir + ": " + e.getMessage(), e);
    }
    throw new CheckpointException(
        "no chat template in " + dir
            + " (looked for chat_template.jinja, chat_template.json, tokenizer_config.json)");
  }

  /**
   * The template text.
   *
   * @return the Jinja source
   */
  public String source() {
    return source;
  }

  /**
   * Renders a conversation.
   *
   * @param messages the messages
   * @param addGenerationPrompt whether to open an assistant turn at the end
   * @return the prompt text
   * @throws ModelException when the template fails
   */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ChatMessage m : messages) {
      list.add(m.toTemplateMap());
    }
    Map<String, Object> ctx = new HashMap<>();
    ctx.put("messages", list);
    ctx.put("add_generation_prompt", addGenerationPrompt);
    ctx.put("add_vision_id", false);
    RenderResult r = jinjava.renderForResult(source, ctx);
    List<TemplateError> fatal = r.getErrors().stream()
        .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
        .toList();
    if (!fatal.isEmpty()) {
      throw new ModelException("the chat template failed: " + fatal.get(0).getMessage());
    }
    return r.getOutput();
  }
}
