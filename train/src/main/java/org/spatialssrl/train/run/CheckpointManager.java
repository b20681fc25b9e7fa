package org.spatialssrl.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.spatialssrl.dataset.AtomicFiles;
import org.spatialssrl.io.AtomicDirectory;

/**
 * The checkpoints of a run: {@code checkpoint-<step>/} directories in the run directory, each
 * written under a temporary name and renamed when complete, and {@code checkpoints.json}
 * recording each one's validation metric and the best. Retention keeps the last N plus the best
 * by the metric; every other checkpoint is deleted after a save.
 */
public final class CheckpointManager {
  /** The tracker file in the run directory. */
  public static final String TRACKER = "checkpoints.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path runDir;
  private final Integer keepLast;
  private final String metricName;
  private final boolean higherIsBetter;
  /** Step to metric (null when the checkpoint was saved without validation). */
  private final TreeMap<Long, Double> metrics = new TreeMap<>();

  /**
   * Opens the checkpoints of a run directory (reading the tracker and the directories there).
   *
   * @param runDir the run directory
   * @param keepLast how many of the most recent to keep, or null for all
   * @param metricName the validation metric that picks the best (for the tracker)
   * @param higherIsBetter whether a larger metric is better (reward) or a smaller (loss)
   * @throws IOException when the tracker cannot be read
   */
  public CheckpointManager(Path runDir, Integer keepLast, String metricName, boolean higherIsBetter)
      throws IOException {
    if (keepLast != null && keepLast < 1) {
      throw new IllegalArgumentException("keep at least 1 checkpoint, not " + keepLast);
    }
    this.runDir = runDir;
    this.keepLast = keepLast;
    this.metricName = metricName;
    this.higherIsBetter = higherIsBetter;
    Map<Long, Double> recorded = new TreeMap<>();
    Path tracker = runDir.resolve(TRACKER);
    if (Files.isRegularFile(tracker)) {
      for (JsonNode c : JSON.readTree(tracker.toFile()).path("checkpoints")) {
        recorded.put(c.path("step").asLong(), c.path("metric").isNumber() ? c.get("metric").asDouble() : null);
      }
    }
    if (Files.isDirectory(runDir)) {
      try (Stream<Path> s = Files.list(runDir)) {
        s.map(p -> p.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+"))
            .forEach(n -> {
              long step = Long.parseLong(n.substring("checkpoint-".length()));
              metrics.put(step, recorded.get(step));
            });
      }
    }
  }

  /**
   * The directory name of a step's checkpoint.
   *
   * @param step the step
   * @return {@code checkpoint-<step>}
   */
  public static String dirName(long step) {
    return "checkpoint-" + step;
  }

  /**
   * The directory of a step's checkpoint.
   *
   * @param step the step
   * @return the path (whether or not it exists)
   */
  public Path path(long step) {
    return runDir.resolve(dirName(step));
  }

  /**
   * The saved steps, oldest first.
   *
   * @return the steps
   */
  public List<Long> steps() {
    return new ArrayList<>(metrics.keySet());
  }

  /**
   * The most recent checkpoint.
   *
   * @return its step, or empty when none is saved
   */
  public OptionalLong latest() {
    return metrics.isEmpty() ? OptionalLong.empty() : OptionalLong.of(metrics.lastKey());
  }

  /**
   * The best checkpoint by the validation metric (the earliest among equals).
   *
   * @return its step, or empty when no checkpoint has a metric
   */
  public OptionalLong best() {
    Long best = null;
    for (Map.Entry<Long, Double> e : metrics.entrySet()) {
      Double m = e.getValue();
      if (m == null || m.isNaN()) {
        continue;
      }
      Double b = best == null ? null : metrics.get(best);
      if (b == null || (higherIsBetter ? m > b : m < b)) {
        best = e.getKey();
      }
    }
    return best == null ? OptionalLong.empty() : OptionalLong.of(best);
  }

  /**
   * Saves a checkpoint atomically, records it and applies retention. An existing checkpoint of
   * the same step is replaced.
   *
   * @param step the step
   * @param metric its validation metric, or null
   * @param filler writes the checkpoint's files
   * @return the checkpoint directory
   * @throws IOException when writing fails (nothing is recorded then)
   */
  public Path save(long step, Double metric, AtomicDirectory.Filler filler) throws IOException {
    Path dir = path(step);
    AtomicDirectory.deleteTree(dir);
    AtomicDirectory.create(dir, filler);
    metrics.put(step, metric);
    List<Long> keep = new ArrayList<>(metrics.keySet());
    if (keepLast != null && keep.size() > keepLast) {
      keep = keep.subList(keep.size() - keepLast, keep.size());
    }
    OptionalLong best = best();
    for (Long s : new ArrayList<>(metrics.keySet())) {
      if (!keep.contains(s) && !(best.isPresent() && best.getAsLong() == s)) {
        AtomicDirectory.deleteTree(path(s));
        metrics.remove(s);
      }
    }
    writeTracker();
    return dir;
  }

  /**
   * Deletes the checkpoints after a step (a resumed run continues from {@code step}).
   *
   * @param step the last step to keep
   * @throws IOException when deleting fails
   */
  public void removeAfter(long step) throws IOException {
    for (Long s : new ArrayList<>(metrics.tailMap(step, false).keySet())) {
      AtomicDirectory.deleteTree(path(s));
      metrics.remove(s);
    }
    writeTracker();
  }

  private void writeTracker() throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("metric", metricName);
    o.put("higher_is_better", higherIsBetter);
    ArrayNode list = o.putArray("checkpoints");
    metrics.forEach((s, m) -> {
      ObjectNode c = list.addObject();
      c.put("step", s);
      c.put("path", dirName(s));
      if (m == null || !Double.isFinite(m)) {
        c.putNull("metric");
      } else {
        c.put("metric", m);
      }
    });
    OptionalLong best = best();
    if (best.isPresent()) {
      o.put("best", best.getAsLong());
    } else {
      o.putNull("best");
    }
    AtomicFiles.write(runDir.resolve(TRACKER),
        (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
            .getBytes(StandardCharsets.UTF_8));
  }
}
