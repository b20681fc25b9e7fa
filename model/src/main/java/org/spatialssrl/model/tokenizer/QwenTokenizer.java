package org.spatialssrl.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.DjlRuntime;

/**
 * The checkpoint's own tokenizer ({@code tokenizer.json}) through DJL's Hugging Face tokenizers,
 * plus the special tokens the checkpoint declares ({@code added_tokens} in {@code tokenizer.json},
 * {@code eos_token}/{@code pad_token} in {@code tokenizer_config.json}). No ids are hard-coded.
 */
public final class QwenTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, Integer> addedTokens;
  private final Set<Integer> specialIds;
  private final Integer eosId;
  private final Integer padId;

  private QwenTokenizer(
      HuggingFaceTokenizer tokenizer, Map<String, Integer> addedTokens, Set<Integer> specialIds,
      Integer eosId, Integer padId) {
    this.tokenizer = tokenizer;
    this.addedTokens = Collections.unmodifiableMap(addedTokens);
    this.specialIds = Collections.unmodifiableSet(specialIds);
    this.eosId = eosId;
    this.padId = padId;
  }

  /**
   * Loads the tokenizer of a checkpoint directory.
   *
   * @param dir the checkpoint directory (needs {@code tokenizer.json}; {@code tokenizer_config.json}
   *     is read when present)
   * @return the tokenizer
   */
  public static QwenTokenizer load(Path dir) {
    Path file = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("no tokenizer.json in " + dir);
    }
    DjlRuntime.configure();
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> added = new LinkedHashMap<>();
    Set<Integer> special = new TreeSet<>();
    try {
      for (JsonNode t : json.readTree(file.toFile()).path("added_tokens")) {
        added.put(t.path("content").asText(), t.path("id").asInt());
        if (t.path("special").asBoolean(false)) {
          special.add(t.path("id").asInt());
        }
      }
      Integer eos = null;
      Integer pad = null;
      Path cfg = dir.resolve("tokenizer_config.json");
      if (Files.isRegularFile(cfg)) {
        JsonNode c = json.readTree(cfg.toFile());
        eos = added.get(tokenText(c.path("eos_token")));
        pad = added.get(tokenText(c.path("pad_token")));
      }
      HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
          .optTokenizerPath(file)
          .optAddSpecialTokens(false)
          .optTruncation(false)
          .optPadding(false)
          .build();
      return new QwenTokenizer(hf, added, special, eos, pad);
    } catch (IOException e) {
      throw new CheckpointException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
  }

  private static String tokenText(JsonNode n) {
    if (n.isTextual()) {
      return n.asText();
    }
    return n.path("content").asText(null);
  }

  /**
   * Encodes text; special-token strings in it (such as {@code <|im_start|>}) become their ids.
   *
   * @param text the text
   * @return token ids
   */
  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /**
   * Decodes ids to text.
   *
   * @param ids token ids
   * @param skipSpecial whether to drop special tokens
   * @return the text
   */
  public String decode(int[] ids, boolean skipSpecial) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return tokenizer.decode(l, skipSpecial);
  }

  /**
   * The id of an added (special) token.
   *
   * @param content the token text, e.g. {@code <|im_end|>}
   * @return its id, or null when the checkpoint has no such token
   */
  public Integer tokenId(String content) {
    return addedTokens.get(content);
  }

  /**
   * Ids of tokens marked special.
   *
   * @return an unmodifiable set
   */
  public Set<Integer> specialIds() {
    return specialIds;
  }

  /**
   * The end-of-sequence token of {@code tokenizer_config.json}.
   *
   * @return its id, or null when not declared
   */
  public Integer eosId() {
    return eosId;
  }

  /**
   * The padding token of {@code tokenizer_config.json}.
   *
   * @return its id, or null when not declared
   */
  public Integer padId() {
    return padId;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
