package org.spatialssrl.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.spatialssrl.ToolVersion;
import org.spatialssrl.dataset.AtomicFiles;

/**
 * A training run's output directory: {@code config.json} (every setting, the seed, the tool
 * version and the hash of the input data), {@code metrics.jsonl}, PNG curves, and the
 * checkpoints ({@link CheckpointManager}). A new run needs an absent or empty directory; a
 * resumed one needs the {@code config.json} of the run it continues.
 */
public final class RunDirectory {
  /** The settings file. */
  public static final String CONFIG = "config.json";
  /** The metrics file. */
  public static final String METRICS = "metrics.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private final MetricsLog metrics;

  private RunDirectory(Path dir) {
    this.dir = dir;
    this.metrics = new MetricsLog(dir.resolve(METRICS));
  }

  /**
   * Opens a run directory.
   *
   * @param dir the directory
   * @param resume false for a new run (the directory must be absent or empty), true to continue
   *     one (it must hold {@code config.json})
   * @return the run directory
   * @throws IOException with a message a user can act on when the directory does not fit
   */
  public static RunDirectory open(Path dir, boolean resume) throws IOException {
    if (resume) {
      if (!Files.isRegularFile(dir.resolve(CONFIG))) {
        throw new IOException("--resume: " + dir + " holds no " + CONFIG + " of an earlier run");
      }
    } else {
      checkNew(dir);
    }
    Files.createDirectories(dir);
    return new RunDirectory(dir);
  }

  /**
   * Checks, without creating anything, that a new run may use a directory (absent or empty).
   *
   * @param dir the directory
   * @throws IOException with a message a user can act on when it may not
   */
  public static void checkNew(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("output " + dir + " exists and is not a directory");
    }
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isPresent()) {
        throw new IOException("output " + dir + " is not empty; choose a new --output, or"
            + " add --resume to continue the run in it");
      }
    }
  }

  /**
   * The directory.
   *
   * @return the path
   */
  public Path dir() {
    return dir;
  }

  /**
   * The metrics log.
   *
   * @return {@code metrics.jsonl}
   */
  public MetricsLog metrics() {
    return metrics;
  }

  /**
   * Writes {@code config.json}: the settings given, plus {@code tool_version}.
   *
   * @param settings every setting of the run (seed and input hash included)
   * @throws IOException when writing fails
   */
  public void writeConfig(ObjectNode settings) throws IOException {
    ObjectNode o = settings.deepCopy();
    o.put("tool_version", ToolVersion.get());
    AtomicFiles.write(dir.resolve(CONFIG),
        (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads {@code config.json}.
   *
   * @return the settings
   * @throws IOException when missing or malformed
   */
  public JsonNode readConfig() throws IOException {
    return JSON.readTree(dir.resolve(CONFIG).toFile());
  }

  /**
   * The settings whose values differ between a saved and a new configuration (a resumed run must
   * use the settings it started with).
   *
   * @param saved the saved configuration
   * @param current the new one
   * @param ignored keys that may differ (for example the stop step or the output path)
   * @return the differing keys, with both values
   */
  public static List<String> differences(JsonNode saved, JsonNode current, Set<String> ignored) {
    List<String> out = new ArrayList<>();
    try {
      // As it would read back from a file (int and long nodes of equal value compare equal then).
      current = JSON.readTree(JSON.writeValueAsString(current));
    } catch (IOException e) {
      throw new IllegalStateException("cannot round-trip the settings", e);
    }
    for (Map.Entry<String, JsonNode> e : current.properties()) {
      String k = e.getKey();
      if (ignored.contains(k) || k.equals("tool_version")) {
        continue;
      }
      JsonNode before = saved.get(k);
      if (before == null || !before.equals(e.getValue())) {
        out.add(k + " (was " + before + ", now " + e.getValue() + ")");
      }
    }
    return out;
  }

  /**
   * The SHA-256 of input files (names and bytes, in the order given), recorded in
   * {@code config.json} so that a run names exactly the data it saw.
   *
   * @param files the files
   * @return the hex digest
   * @throws IOException when a file cannot be read
   */
  public static String sha256(List<Path> files) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
    byte[] buf = new byte[1 << 16];
    for (Path f : files) {
      sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      try (InputStream in = Files.newInputStream(f)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          sha.update(buf, 0, n);
        }
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Draws curves of metric keys into a PNG in the run directory.
   *
   * @param file the file name
   * @param title the chart title
   * @param yTitle the y axis title
   * @param keys the metric keys, one curve each
   * @param references extra reference lines (chance levels)
   * @throws IOException when reading the metrics or writing fails
   */
  public void plot(String file, String title, String yTitle, List<String> keys,
      List<MetricsPlot.Series> references) throws IOException {
    List<MetricsPlot.Series> series = new ArrayList<>(MetricsPlot.fromRows(metrics.rows(), keys));
    series.addAll(references);
    MetricsPlot.write(dir.resolve(file), title, "optimizer step", yTitle, series);
  }
}
