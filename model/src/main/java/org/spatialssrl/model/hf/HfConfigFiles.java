package org.spatialssrl.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The non-weight files of a Hugging Face checkpoint directory: configuration, generation
 * configuration, tokenizer files, chat template and image processor configuration.
 */
public final class HfConfigFiles {
  /** The files copied from a source checkpoint when present ({@code config.json} is rewritten). */
  public static final List<String> COPIED = List.of(
      "generation_config.json", "tokenizer.json", "tokenizer_config.json",
      "special_tokens_map.json", "added_tokens.json", "vocab.json", "merges.txt",
      "chat_template.json", "chat_template.jinja", "preprocessor_config.json",
      "video_preprocessor_config.json");

  private HfConfigFiles() {}

  /**
   * Copies the non-weight files of {@code from} into {@code to}, with {@code config.json}'s
   * weight type ({@code torch_dtype}, and {@code dtype} or {@code text_config.torch_dtype} where
   * present) set to the type the weights are written in; {@code config.json} is written as
   * transformers writes it (sorted keys, two-space indent, trailing newline).
   *
   * @param from the source checkpoint
   * @param to the new checkpoint
   * @param torchDtype the weights' type, {@code float32}, {@code bfloat16} or {@code float16}
   * @throws IOException when a file cannot be copied
   */
  public static void copy(Path from, Path to, String torchDtype) throws IOException {
    Path cfg = from.resolve("config.json");
    if (!Files.isRegularFile(cfg)) {
      throw new IOException("no config.json in " + from);
    }
    ObjectNode config = (ObjectNode) new ObjectMapper().readTree(cfg.toFile());
    config.put("torch_dtype", torchDtype);
    if (config.has("dtype")) {
      config.put("dtype", torchDtype);
    }
    JsonNode text = config.path("text_config");
    if (text.isObject() && text.has("torch_dtype")) {
      ((ObjectNode) text).put("torch_dtype", torchDtype);
    }
    Files.writeString(to.resolve("config.json"), HfJson.dumps(config) + "\n", StandardCharsets.UTF_8);
    for (String name : COPIED) {
      Path f = from.resolve(name);
      if (Files.isRegularFile(f)) {
        Files.copy(f, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
