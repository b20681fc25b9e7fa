package org.spatialssrl.eval.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON-list releases (What'sUp, ViewSpatial-Bench, VSI-Bench). */
final class JsonList {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonList() {}

  /**
   * Reads a file holding one JSON array (or JSON lines).
   *
   * @param file the file
   * @return the elements in order
   * @throws IOException when the file is missing or not JSON (the message names it)
   */
  static List<JsonNode> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " does not exist");
    }
    List<JsonNode> out = new ArrayList<>();
    try {
      if (file.getFileName().toString().endsWith(".jsonl")) {
        int n = 0;
        for (String line : Files.readAllLines(file)) {
          n++;
          if (!line.isBlank()) {
            try {
              out.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
              out.add(JSON.getNodeFactory().textNode("line " + n + ": not JSON (" + e.getOriginalMessage() + ")"));
            }
          }
        }
        return out;
      }
      JsonNode root = JSON.readTree(file.toFile());
      if (root == null || !root.isArray()) {
        throw new IOException(file + " is not a JSON list");
      }
      root.forEach(out::add);
      return out;
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A string field, or null when absent or not a string.
   *
   * @param n the object
   * @param field the field
   * @return the text
   */
  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /**
   * A field as text whatever its JSON type (numbers as written), or null when absent or null.
   *
   * @param n the object
   * @param field the field
   * @return the text
   */
  static String scalar(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }
}
