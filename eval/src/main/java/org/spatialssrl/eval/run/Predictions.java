package org.spatialssrl.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Responses to score, by item id: from a prediction cache, or from an external file with one
 * {@code {"id": ..., "response": ...}} object per line (also accepted: {@code index} for the id,
 * {@code prediction}, {@code pred} or {@code output} for the response, and an {@code error}).
 */
public final class Predictions {
  private Predictions() {}

  /**
   * One item's outcome.
   *
   * @param response the response, or null
   * @param error why there is none, or null
   */
  public record Prediction(String response, String error) {}

  /**
   * The outcomes recorded in a cache: the last answered line of each item, else its last line.
   *
   * @param records the cache lines
   * @return item id to outcome
   */
  public static Map<String, Prediction> fromCache(List<CacheRecord> records) {
    Map<String, Prediction> out = new HashMap<>();
    for (CacheRecord r : records) {
      Prediction prev = out.get(r.itemId());
      if (r.ok()) {
        out.put(r.itemId(), new Prediction(r.response(), null));
      } else if (prev == null || prev.response() == null) {
        out.put(r.itemId(), new Prediction(null, r.error()));
      }
    }
    return out;
  }

  /**
   * Reads a predictions file: a cache written by {@code ssrl eval} or an external file.
   *
   * @param file the file
   * @return item id to outcome (the last line of an id wins)
   * @throws IOException when the file is missing or a line is not a prediction (the message
   *     names the file and line)
   */
  public static Map<String, Prediction> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("predictions file " + file + " does not exist");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = in.readLine();
      while (first != null && first.isBlank()) {
        first = in.readLine();
      }
      if (first != null && first.contains("\"item_id\"") && first.contains("\"key\"")) {
        return fromCache(PredictionCache.read(file).records());
      }
    }
    Map<String, Prediction> out = new HashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonNode o;
      try {
        o = CacheRecord.JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IOException(file + ":" + (i + 1) + ": not JSON (" + e.getOriginalMessage() + ")", e);
      }
      JsonNode id = o.has("id") ? o.get("id") : o.get("index");
      if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
        throw new IOException(file + ":" + (i + 1) + ": needs an \"id\" (a string, or the item's 0-based index)");
      }
      String response = null;
      for (String f : new String[] {"response", "prediction", "pred", "output"}) {
        if (o.path(f).isTextual()) {
          response = o.get(f).asText();
          break;
        }
      }
      String error = o.path("error").isTextual() ? o.get("error").asText() : null;
      if (response == null && error == null) {
        throw new IOException(file + ":" + (i + 1) + ": needs a string \"response\"");
      }
      out.put(id.asText(), new Prediction(response, response == null ? error : null));
    }
    return out;
  }
}
