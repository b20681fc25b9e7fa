package org.spatialssrl.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the prediction cache: one request's outcome (EVALUATION.md 6.2).
 *
 * @param key the hash of what determines the answer (benchmark, item, prompt mode, model,
 *     settings, prompt)
 * @param benchmark the benchmark id
 * @param itemId the item id
 * @param promptMode the prompt mode id
 * @param model the model id
 * @param settings the settings as JSON
 * @param promptSha the prompt's SHA-256
 * @param media what was sent per image or video (sizes, frames)
 * @param response the response, or null on failure
 * @param finishReason why generation stopped, or null
 * @param promptTokens prompt tokens, or -1
 * @param completionTokens completion tokens, or -1
 * @param latencyMs the request's wall time
 * @param attempt the requests made for this line (retries included)
 * @param error why there is no response, or null
 * @param ts when the line was written (ISO-8601 UTC)
 */
public record CacheRecord(
    String key,
    String benchmark,
    String itemId,
    String promptMode,
    String model,
    JsonNode settings,
    String promptSha,
    List<String> media,
    String response,
    String finishReason,
    int promptTokens,
    int completionTokens,
    long latencyMs,
    int attempt,
    String error,
    String ts) {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the list. */
  public CacheRecord {
    media = List.copyOf(media);
  }

  /**
   * Whether the line holds a response.
   *
   * @return true when there is no error
   */
  public boolean ok() {
    return error == null && response != null;
  }

  /**
   * The line's JSON (without the newline).
   *
   * @return compact JSON
   */
  public String toLine() {
    ObjectNode o = JSON.createObjectNode();
    o.put("v", 1);
    o.put("key", key);
    o.put("benchmark", benchmark);
    o.put("item_id", itemId);
    o.put("prompt_mode", promptMode);
    o.put("model", model);
    o.set("settings", settings);
    o.put("prompt_sha256", promptSha);
    media.forEach(o.putArray("media")::add);
    o.put("response", response);
    o.put("finish_reason", finishReason);
    o.putObject("usage").put("prompt", promptTokens).put("completion", completionTokens);
    o.put("latency_ms", latencyMs);
    o.put("attempt", attempt);
    o.put("error", error);
    o.put("ts", ts);
    return o.toString();
  }

  /**
   * Parses a line.
   *
   * @param o the JSON object
   * @return the record
   * @throws IllegalArgumentException when a required field is missing
   */
  public static CacheRecord fromNode(JsonNode o) {
    if (!o.path("key").isTextual() || !o.path("item_id").isTextual()) {
      throw new IllegalArgumentException("not a prediction cache line: needs 'key' and 'item_id'");
    }
    List<String> media = new ArrayList<>();
    o.path("media").forEach(m -> media.add(m.asText()));
    return new CacheRecord(o.get("key").asText(), o.path("benchmark").asText(""), o.get("item_id").asText(),
        o.path("prompt_mode").asText(""), o.path("model").asText(""), o.path("settings"),
        o.path("prompt_sha256").asText(""), media, o.path("response").isTextual() ? o.get("response").asText() : null,
        o.path("finish_reason").asText(null), o.path("usage").path("prompt").asInt(-1),
        o.path("usage").path("completion").asInt(-1), o.path("latency_ms").asLong(0), o.path("attempt").asInt(1),
        o.path("error").isTextual() ? o.get("error").asText() : null, o.path("ts").asText(""));
  }
}
