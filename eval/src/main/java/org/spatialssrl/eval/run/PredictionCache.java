package org.spatialssrl.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The append-only prediction cache ({@code predictions.jsonl}): one JSON line per request,
 * written by one thread as results arrive and forced to disk in groups, so that a run killed at
 * any point (even {@code kill -9}) loses at most the requests in flight. A torn last line is cut
 * off when the file is opened again.
 */
public final class PredictionCache implements AutoCloseable {
  private static final String STOP = "\u0000stop";

  private final FileChannel channel;
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile IOException failure;

  private PredictionCache(FileChannel channel) {
    this.channel = channel;
    this.writer = new Thread(this::drain, "prediction-cache-writer");
    this.writer.setDaemon(true);
    if (channel != null) {
      this.writer.start();
    }
  }

  /**
   * A cache that keeps nothing (for callers that score in memory, such as a trainer's
   * validation).
   *
   * @return the cache
   */
  public static PredictionCache none() {
    return new PredictionCache(null);
  }

  /**
   * What a cache file holds.
   *
   * @param records the complete lines, in file order
   * @param tornTail whether the last line was incomplete (a killed run) and was ignored
   */
  public record Contents(List<CacheRecord> records, boolean tornTail) {}

  /**
   * Reads a cache file; a missing file is empty. An unparsable last line is a torn tail and is
   * ignored; an unparsable line elsewhere is an error.
   *
   * @param file the file
   * @return the lines
   * @throws IOException when the file cannot be read or has a bad line before the end (the
   *     message names the file and line)
   */
  public static Contents read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new Contents(List.of(), false);
    }
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    List<CacheRecord> out = new ArrayList<>();
    boolean torn = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      boolean last = i == lines.length - 1; // no newline after it: possibly cut short
      try {
        out.add(CacheRecord.fromNode(CacheRecord.JSON.readTree(line)));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        if (last) {
          torn = true;
        } else {
          throw new IOException(file + ":" + (i + 1) + ": not a prediction cache line (" + e.getMessage() + ")", e);
        }
      }
    }
    return new Contents(out, torn);
  }

  /**
   * Opens a cache for appending, cutting off a torn last line first.
   *
   * @param file the file (created with its folder when missing)
   * @return the cache
   * @throws IOException when it cannot be opened
   */
  public static PredictionCache open(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    long size = ch.size();
    long keep = size;
    ByteBuffer one = ByteBuffer.allocate(1);
    while (keep > 0) {
      one.clear();
      ch.read(one, keep - 1);
      if (one.get(0) == '\n') {
        break;
      }
      keep--;
    }
    if (keep < size) {
      ch.truncate(keep);
    }
    ch.position(keep);
    return new PredictionCache(ch);
  }

  /**
   * Queues a line for writing.
   *
   * @param r the record
   * @throws UncheckedIOException when an earlier write failed
   */
  public void append(CacheRecord r) {
    if (failure != null) {
      throw new UncheckedIOException("cannot write the prediction cache", failure);
    }
    if (channel != null) {
      queue.add(r.toLine() + "\n");
    }
  }

  private void drain() {
    List<String> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch);
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty() && failure == null) {
        StringBuilder sb = new StringBuilder();
        batch.forEach(sb::append);
        try {
          ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
          while (buf.hasRemaining()) {
            channel.write(buf);
          }
          channel.force(false);
        } catch (IOException e) {
          failure = e;
        }
      }
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  /**
   * Writes what is queued, then closes the file.
   *
   * @throws IOException when a write failed
   */
  @Override
  public void close() throws IOException {
    if (channel == null) {
      return;
    }
    queue.add(STOP);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.close();
    if (failure != null) {
      throw failure;
    }
  }
}
