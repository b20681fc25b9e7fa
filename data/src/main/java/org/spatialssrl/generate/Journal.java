package org.spatialssrl.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;

/**
 * The append-only record of finished work units of a run in progress. One line per unit (a
 * source in one pass), written only after all its images are in place; a line cut short by a
 * crash is ignored on resume, so that unit is simply made again (with identical bytes).
 */
final class Journal implements Closeable {
  private final BufferedWriter out;

  /** One finished unit: its source's identity, what became of its samples, rows and rejects. */
  record Entry(String source, UnitOutcome outcome, List<DatasetRow> rows, List<RejectRecord> rejects) {
    /** The key of the unit: pass and source. */
    String key() {
      return Journal.key(outcome.pass(), source);
    }
  }

  /**
   * The key of a unit in {@link #repair}'s map.
   *
   * @param pass the pass
   * @param source the source's identity
   * @return the key
   */
  static String key(int pass, String source) {
    return pass + ":" + source;
  }

  Journal(Path file) throws IOException {
    this.out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  synchronized void append(Entry e) throws IOException {
    ObjectNode o = RowJson.MAPPER.createObjectNode();
    o.put("pass", e.outcome().pass());
    o.put("source", e.source());
    o.put("index", e.outcome().source());
    o.put("status", e.outcome().letters());
    o.put("source_rejected", e.outcome().sourceRejected());
    o.put("depth_rejected", e.outcome().depthRejected());
    ArrayNode rows = o.putArray("rows");
    e.rows().forEach(r -> rows.add(RowJson.toNode(r)));
    ArrayNode rejects = o.putArray("rejects");
    e.rejects().forEach(r -> rejects.add(RowJson.MAPPER.valueToTree(r)));
    out.write(o.toString());
    out.write('\n');
    out.flush(); // in the OS's hands now: survives the process being killed
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Receives journal entries one at a time. */
  interface EntryConsumer {
    void accept(Entry entry) throws IOException;
  }

  /**
   * Streams the entries of a journal in file order.
   *
   * @param file the journal (absent: no entries)
   * @param consumer receives each entry
   * @throws IOException when a line is damaged or the file cannot be read
   */
  static void forEach(Path file, EntryConsumer consumer) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int n = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        n++;
        if (!line.isBlank()) {
          consumer.accept(parse(line, file, n));
        }
      }
    }
  }

  /**
   * Makes a journal safe to append to after a crash: drops a last line cut short, checks every
   * other line, and returns the outcomes of the units already finished.
   *
   * @param file the journal (absent: nothing finished)
   * @return the finished units' outcomes by {@link #key}
   * @throws IOException when a line other than the last is damaged
   */
  static Map<String, UnitOutcome> repair(Path file) throws IOException {
    Map<String, UnitOutcome> done = new HashMap<>();
    if (!Files.exists(file)) {
      return done;
    }
    Path tmp = AtomicFiles.temporaryFor(file);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      int n = 0;
      String line = in.readLine();
      while (line != null) {
        n++;
        String next = in.readLine();
        if (!line.isBlank()) {
          Entry e;
          try {
            e = parse(line, file, n);
          } catch (IOException damaged) {
            if (next == null) {
              break; // the line being written when the run was killed
            }
            throw damaged;
          }
          done.put(e.key(), e.outcome());
          out.write(line);
          out.write('\n');
        }
        line = next;
      }
    }
    AtomicFiles.publish(tmp, file);
    return done;
  }

  private static Entry parse(String line, Path file, int lineNumber) throws IOException {
    try {
      JsonNode n = RowJson.MAPPER.readTree(line);
      List<DatasetRow> rows = new ArrayList<>();
      n.get("rows").forEach(r -> rows.add(RowJson.fromNode(r)));
      List<RejectRecord> rejects = new ArrayList<>();
      for (JsonNode r : n.get("rejects")) {
        rejects.add(RowJson.MAPPER.treeToValue(r, RejectRecord.class));
      }
      UnitOutcome outcome = new UnitOutcome(n.get("pass").asInt(), n.get("index").asInt(),
          UnitOutcome.fromLetters(n.get("status").asText()), n.get("source_rejected").asBoolean(),
          n.get("depth_rejected").asBoolean());
      return new Entry(n.get("source").asText(), outcome, rows, rejects);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IOException(file + ":" + lineNumber + ": damaged journal line; delete the output"
          + " folder and start again", e);
    }
  }
}
