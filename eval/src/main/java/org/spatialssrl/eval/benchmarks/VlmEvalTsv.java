package org.spatialssrl.eval.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A streaming reader of VLMEvalKit TSV files (pandas {@code to_csv(sep='\t')}: fields quoted with
 * {@code "} when they hold a tab, a quote or a newline, quotes doubled inside). The image column
 * can be hundreds of megabytes in all, so its cells are not kept: only where they are in the
 * file, their first bytes and their comma count (a JSON list of base64 images has one comma
 * between elements; base64 has none).
 */
final class VlmEvalTsv {
  /** The column holding base64 images. */
  static final String IMAGE = "image";
  /** Cells pandas reads as NaN by default (its {@code na_values}). */
  static final Set<String> NA = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN",
      "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a",
      "nan", "null");
  private static final int HEAD = 65; // VLMEvalKit treats image cells of <= 64 chars as references

  /**
   * Where an image cell is.
   *
   * @param offset byte offset of its content
   * @param length byte length of its content
   * @param quoted whether it was quoted
   * @param head its first bytes as text (the whole cell when short)
   * @param commas commas in the cell
   */
  record ImageCell(long offset, int length, boolean quoted, String head, int commas) {
    /** Whether the cell is short enough to be a reference to another row's image. */
    boolean isReference() {
      return length <= 64;
    }

    /** Whether the cell holds a list of images. */
    boolean isList() {
      return head.stripLeading().startsWith("[");
    }
  }

  /**
   * One data row.
   *
   * @param line the 1-based line of the file where the row starts
   * @param cells column to text (all columns but the image)
   * @param image the image cell, or null when there is no image column
   * @param problem why the row is malformed, or null
   */
  record Row(int line, Map<String, String> cells, ImageCell image, String problem) {}

  /**
   * The header and rows of a file.
   *
   * @param columns the header
   * @param rows the data rows
   */
  record Table(List<String> columns, List<Row> rows) {}

  private VlmEvalTsv() {}

  /**
   * Reads a file.
   *
   * @param file the TSV
   * @return the table
   * @throws IOException when the file is missing or has no header
   */
  static Table read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " does not exist (download the benchmark's TSV file first)");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Parser p = new Parser(in);
      List<Field> header = p.record(-1);
      if (header == null || header.isEmpty()) {
        throw new IOException(file + " is empty: no TSV header");
      }
      List<String> columns = new ArrayList<>();
      for (Field f : header) {
        columns.add(f.text());
      }
      if (!columns.isEmpty() && columns.get(0).startsWith("\uFEFF")) {
        columns.set(0, columns.get(0).substring(1));
      }
      int imageColumn = columns.indexOf(IMAGE);
      List<Row> rows = new ArrayList<>();
      while (true) {
        int line = p.line;
        List<Field> rec = p.record(imageColumn);
        if (rec == null) {
          break;
        }
        if (rec.size() == 1 && rec.get(0).length == 0 && !rec.get(0).quoted) {
          continue; // a blank line
        }
        Map<String, String> cells = new LinkedHashMap<>();
        ImageCell image = null;
        for (int c = 0; c < Math.min(rec.size(), columns.size()); c++) {
          Field f = rec.get(c);
          if (c == imageColumn) {
            image = new ImageCell(f.offset, f.length, f.quoted, f.text(), f.commas);
          } else {
            cells.put(columns.get(c), f.text());
          }
        }
        String problem = null;
        if (p.unterminated) {
          problem = "line " + line + ": a quoted field is never closed";
        } else if (rec.size() != columns.size()) {
          problem = "line " + line + ": " + rec.size() + " fields, the header has " + columns.size();
        }
        rows.add(new Row(line, cells, image, problem));
      }
      return new Table(columns, rows);
    }
  }

  /** One field: its position and (for ordinary columns) its text. */
  private static final class Field {
    long offset;
    int length;
    boolean quoted;
    int commas;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** The byte-level state machine. */
  private static final class Parser {
    private final InputStream in;
    private long pos;
    private int line = 1;
    private int peeked = -2;
    boolean unterminated;

    Parser(InputStream in) {
      this.in = in;
    }

    private int next() throws IOException {
      int b;
      if (peeked != -2) {
        b = peeked;
        peeked = -2;
      } else {
        b = in.read();
      }
      if (b >= 0) {
        pos++;
        if (b == '\n') {
          line++;
        }
      }
      return b;
    }

    private int peek() throws IOException {
      if (peeked == -2) {
        peeked = in.read();
      }
      return peeked;
    }

    /** Reads one record; for the column {@code keepShort}, only the first bytes are kept. */
    List<Field> record(int keepShort) throws IOException {
      unterminated = false;
      if (peek() < 0) {
        return null;
      }
      List<Field> fields = new ArrayList<>();
      while (true) {
        Field f = new Field();
        boolean limited = fields.size() == keepShort;
        int b = peek();
        if (b == '"') {
          next();
          f.quoted = true;
          f.offset = pos;
          while (true) {
            b = next();
            if (b < 0) {
              unterminated = true;
              break;
            }
            if (b == '"') {
              if (peek() == '"') {
                next();
                add(f, '"', limited);
                f.length += 2;
                continue;
              }
              break;
            }
            add(f, b, limited);
            f.length++;
          }
          // anything between the closing quote and the separator is kept, as pandas does
          while ((b = peek()) >= 0 && b != '\t' && b != '\n' && b != '\r') {
            next();
            add(f, b, limited);
          }
        } else {
          f.offset = pos;
          while ((b = peek()) >= 0 && b != '\t' && b != '\n' && b != '\r') {
            next();
            add(f, b, limited);
            f.length++;
          }
        }
        fields.add(f);
        b = next();
        if (b == '\t') {
          continue;
        }
        if (b == '\r' && peek() == '\n') {
          next();
        }
        return fields;
      }
    }

    private static void add(Field f, int b, boolean limited) {
      if (b == ',') {
        f.commas++;
      }
      if (!limited || f.bytes.size() < HEAD) {
        f.bytes.write(b);
      }
    }
  }
}
