package org.spatialssrl.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON-lines form of {@link DatasetRow}: one object per line with the fields in schema
 * order ({@code id, task, variant, source, seed, problem, answer, images, metadata}); metadata
 * is a JSON string, exactly as in the parquet file.
 */
public final class RowJson {
  /** The shared mapper; configured once, thread-safe. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private RowJson() {}

  /**
   * Serialises a row as one line (without the newline).
   *
   * @param row the row
   * @return compact JSON
   */
  public static String toLine(DatasetRow row) {
    return toNode(row).toString();
  }

  /**
   * The row as a JSON object.
   *
   * @param row the row
   * @return the object
   */
  public static ObjectNode toNode(DatasetRow row) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", row.id());
    o.put("task", row.task());
    o.put("variant", row.variant());
    o.put("source", row.source());
    o.put("seed", row.seed());
    o.put("problem", row.problem());
    o.put("answer", row.answer());
    ArrayNode imgs = o.putArray("images");
    row.images().forEach(imgs::add);
    o.put("metadata", row.metadata());
    return o;
  }

  /**
   * Parses a row.
   *
   * @param node a JSON object in this format
   * @return the row
   * @throws IllegalArgumentException naming the missing or mistyped field
   */
  public static DatasetRow fromNode(JsonNode node) {
    List<String> images = new ArrayList<>();
    JsonNode arr = node.get("images");
    if (arr == null || !arr.isArray()) {
      throw new IllegalArgumentException("row " + node.path("id").asText("?") + ": 'images' must be a list");
    }
    arr.forEach(n -> images.add(n.asText()));
    return new DatasetRow(
        text(node, "id"),
        text(node, "task"),
        text(node, "variant"),
        text(node, "source"),
        node.path("seed").asLong(),
        text(node, "problem"),
        text(node, "answer"),
        images,
        text(node, "metadata"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(
          "row " + node.path("id").asText("?") + ": field '" + field + "' missing or not a string");
    }
    return v.asText();
  }

  /**
   * Reads a JSON-lines file of rows.
   *
   * @param file the file
   * @return the rows in file order
   * @throws IOException when the file cannot be read or a line is not a row (the message names the
   *     file and line)
   */
  public static List<DatasetRow> readAll(Path file) throws IOException {
    List<DatasetRow> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          rows.add(fromNode(MAPPER.readTree(line)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          throw new IOException(file + ":" + n + ": not a dataset row (" + e.getMessage() + ")", e);
        }
      }
    }
    return rows;
  }
}
