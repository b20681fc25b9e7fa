package org.spatialssrl.eval;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Where an item's image or video is. Loaders record references, not pixels, so that a benchmark
 * of several hundred megabytes of base64 images costs no heap until an item is asked.
 */
public sealed interface MediaRef {

  /**
   * A short description for error messages and prompt hashes (a path, a TSV cell position).
   *
   * @return the description
   */
  String describe();

  /**
   * Whether this is a video.
   *
   * @return true for a video file
   */
  default boolean isVideo() {
    return this instanceof VideoFile;
  }

  /**
   * The encoded bytes of an image (JPEG, PNG, ...).
   *
   * @return the bytes
   * @throws IOException when the file is missing or unreadable, or the cell is not base64
   */
  byte[] read() throws IOException;

  /**
   * An image file on disk.
   *
   * @param path the file
   */
  record ImageFile(Path path) implements MediaRef {
    @Override
    public String describe() {
      return path.toString();
    }

    @Override
    public byte[] read() throws IOException {
      if (!Files.isRegularFile(path)) {
        throw new IOException("image file " + path + " does not exist");
      }
      return Files.readAllBytes(path);
    }
  }

  /**
   * Image bytes held in memory (small benchmarks that embed images, such as a parquet file).
   *
   * @param name where the bytes came from
   * @param bytes the encoded image
   */
  record ImageBytes(String name, byte[] bytes) implements MediaRef {
    @Override
    public String describe() {
      return name;
    }

    @Override
    public byte[] read() {
      return bytes.clone();
    }
  }

  /**
   * A base64 image inside a VLMEvalKit TSV file, read from the file when asked.
   *
   * @param tsv the TSV file
   * @param offset byte offset of the cell's text (after an opening quote, if quoted)
   * @param length byte length of the cell's text
   * @param quoted whether the cell was quoted (doubled quotes inside are then undone)
   * @param listIndex -1 when the cell is one base64 image, else the index in its JSON list
   */
  record TsvImage(Path tsv, long offset, int length, boolean quoted, int listIndex)
      implements MediaRef {
    @Override
    public String describe() {
      return tsv + " @" + offset + (listIndex >= 0 ? "[" + listIndex + "]" : "");
    }

    @Override
    public byte[] read() throws IOException {
      byte[] cell = new byte[length];
      try (RandomAccessFile f = new RandomAccessFile(tsv.toFile(), "r")) {
        f.seek(offset);
        f.readFully(cell);
      }
      String text = new String(cell, StandardCharsets.ISO_8859_1);
      if (quoted) {
        text = text.replace("\"\"", "\"");
      }
      if (listIndex >= 0) {
        text = listElement(text, listIndex);
      }
      try {
        return Base64.getMimeDecoder().decode(text.strip());
      } catch (IllegalArgumentException e) {
        throw new IOException("image cell at " + describe() + " is not base64: " + e.getMessage(), e);
      }
    }

    /** One element of a list cell, written as JSON or as a Python repr (single quotes). */
    private String listElement(String cell, int index) throws IOException {
      String t = cell.strip();
      if (!t.startsWith("[") || !t.endsWith("]")) {
        throw new IOException("image cell at " + describe() + " is not a list");
      }
      String[] parts = t.substring(1, t.length() - 1).split(",", -1);
      if (index >= parts.length) {
        throw new IOException("image list at " + describe() + " has no element " + index);
      }
      // base64 has neither quotes nor commas, so splitting at commas is exact.
      return parts[index].strip().replace("\"", "").replace("'", "");
    }
  }

  /**
   * A video file (VSI-Bench).
   *
   * @param path the mp4
   */
  record VideoFile(Path path) implements MediaRef {
    @Override
    public String describe() {
      return path.toString();
    }

    @Override
    public byte[] read() throws IOException {
      throw new IOException("a video is decoded into frames, not read as one image: " + path);
    }
  }
}
