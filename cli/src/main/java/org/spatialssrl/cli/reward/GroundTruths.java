package org.spatialssrl.cli.reward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ground truths of a generated dataset, by sample id: read from {@code train.jsonl} and, when
 * present, {@code val.jsonl} of the dataset directory (one JSON object a line with at least
 * {@code id}, {@code task}, {@code variant} and {@code answer}).
 */
public final class GroundTruths {

  /** File names read from a dataset directory, in order. */
  static final String[] FILES = {"train.jsonl", "val.jsonl"};

  /**
   * A sample's ground truth and the group it is summarised in.
   *
   * @param answer the exact expected answer
   * @param task the task identifier, for example {@code shuffle}
   * @param variant the variant name within the task
   */
  public record Truth(String answer, String task, String variant) {}

  private final Map<String, Truth> byId;

  private GroundTruths(Map<String, Truth> byId) {
    this.byId = Map.copyOf(byId);
  }

  /**
   * Loads a dataset directory.
   *
   * @param dir a directory holding {@code train.jsonl} and optionally {@code val.jsonl}
   * @return the ground truths of every sample
   * @throws InputException if the directory or {@code train.jsonl} is missing, a line is not a
   *     JSON object with string {@code id} and {@code answer}, or an id repeats with another answer
   * @throws IOException if a file cannot be read
   */
  public static GroundTruths load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new InputException("dataset directory " + dir + " does not exist");
    }
    if (!Files.isRegularFile(dir.resolve(FILES[0]))) {
      throw new InputException(
          "dataset directory " + dir + " has no " + FILES[0] + "; point --dataset at a generated dataset");
    }
    ObjectMapper json = new ObjectMapper();
    Map<String, Truth> byId = new HashMap<>();
    for (String name : FILES) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          String where = file + ":" + lineNo;
          JsonNode n;
          try {
            n = json.readTree(line);
          } catch (JsonProcessingException e) {
            throw new InputException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
          }
          if (n == null || !n.isObject()) {
            throw new InputException(where + ": expected a JSON object");
          }
          String id = text(n, "id", where);
          Truth t = new Truth(text(n, "answer", where), label(n, "task"), label(n, "variant"));
          Truth before = byId.putIfAbsent(id, t);
          if (before != null && !before.answer().equals(t.answer())) {
            throw new InputException(where + ": id '" + id + "' appears twice with different answers");
          }
        }
      }
    }
    return new GroundTruths(byId);
  }

  /**
   * Returns the ground truth of a sample.
   *
   * @param id the sample id
   * @return its truth, or empty when the dataset has no such id
   */
  public Optional<Truth> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Returns the number of samples. */
  public int size() {
    return byId.size();
  }

  private static String text(JsonNode n, String field, String where) throws InputException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new InputException(where + ": field '" + field + "' must be a string");
    }
    return v.textValue();
  }

  private static String label(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }
}
