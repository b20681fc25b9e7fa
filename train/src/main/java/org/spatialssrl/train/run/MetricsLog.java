package org.spatialssrl.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.dataset.AtomicFiles;

/**
 * {@code metrics.jsonl}: one JSON object per line, each with the {@code step} it belongs to,
 * appended and flushed as the run goes. A resumed run first drops the lines beyond the step of
 * the checkpoint it resumes from, so that the file equals an uninterrupted run's.
 */
public final class MetricsLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  /**
   * The log in a file (created on the first append).
   *
   * @param file the file
   */
  public MetricsLog(Path file) {
    this.file = file;
  }

  /**
   * The file.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /**
   * A new row for a step.
   *
   * @param step the step
   * @return an object with {@code step} set
   */
  public static ObjectNode row(long step) {
    ObjectNode o = JSON.createObjectNode();
    o.put("step", step);
    return o;
  }

  /**
   * Sets a number, as null when it is not finite (JSON has no NaN).
   *
   * @param row the row
   * @param key the key
   * @param value the value
   * @return the row
   */
  public static ObjectNode put(ObjectNode row, String key, double value) {
    if (Double.isFinite(value)) {
      row.put(key, value);
    } else {
      row.putNull(key);
    }
    return row;
  }

  /**
   * Appends a row and flushes it to disk.
   *
   * @param row the row (with {@code step})
   * @throws IOException when writing fails
   */
  public synchronized void append(ObjectNode row) throws IOException {
    if (!row.has("step")) {
      throw new IllegalArgumentException("a metrics row needs a step");
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      w.write(JSON.writeValueAsString(row));
      w.write('\n');
    }
  }

  /**
   * All rows, in order (a torn last line from a crash is ignored).
   *
   * @return the rows
   * @throws IOException when reading fails
   */
  public synchronized List<JsonNode> rows() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(JSON.readTree(line));
      } catch (IOException e) {
        break; // the partial line of an interrupted write; nothing after it is valid
      }
    }
    return out;
  }

  /**
   * Drops every row whose step is beyond {@code step} (and a torn last line), atomically.
   *
   * @param step the last step to keep
   * @throws IOException when rewriting fails
   */
  public synchronized void truncateAfter(long step) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (JsonNode r : rows()) {
      if (r.path("step").asLong() <= step) {
        sb.append(JSON.writeValueAsString(r)).append('\n');
      }
    }
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
