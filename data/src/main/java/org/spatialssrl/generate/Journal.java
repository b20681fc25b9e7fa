package org.spatialssrl.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;

/**
 * The append-only record of finished sources of a run in progress. One line per source, written
 * only after all its images are in place; a line cut short by a crash is ignored on resume, so
 * that source is simply made again (with identical bytes).
 */
final class Journal implements Closeable {
  private final BufferedWriter out;

  /** One finished source. */
  record Entry(String source, List<DatasetRow> rows, List<RejectRecord> rejects) {}

  Journal(Path file) throws IOException {
    this.out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  synchronized void append(Entry e) throws IOException {
    ObjectNode o = RowJson.MAPPER.createObjectNode();
    o.put("source", e.source());
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

  static List<Entry> read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.exists(file)) {
      return entries;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = RowJson.MAPPER.readTree(line);
        List<DatasetRow> rows = new ArrayList<>();
        n.get("rows").forEach(r -> rows.add(RowJson.fromNode(r)));
        List<RejectRecord> rejects = new ArrayList<>();
        for (JsonNode r : n.get("rejects")) {
          rejects.add(RowJson.MAPPER.treeToValue(r, RejectRecord.class));
        }
        entries.add(new Entry(n.get("source").asText(), rows, rejects));
      } catch (JsonProcessingException | RuntimeException e) {
        if (i == lines.size() - 1) {
          break; // the line being written when the run was killed
        }
        throw new IOException(file + ":" + (i + 1) + ": damaged journal line; delete the output"
            + " folder and start again", e);
      }
    }
    return entries;
  }
}
