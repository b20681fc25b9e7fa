package org.spatialssrl.generate;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spatialssrl.depth.DepthReader;
import org.spatialssrl.image.ImageLimits;

/**
 * Everything that determines a generated dataset. Two runs with equal configurations over the
 * same inputs give byte-identical output; {@code threads} only changes the speed.
 *
 * @param input the folder of source images, walked recursively; {@code null} for the built-in
 *     procedural scenes
 * @param output the dataset folder
 * @param tasks task names, in output order
 * @param count total number of samples over all tasks, split evenly; {@code null} for one
 *     sample per usable source and task, unless {@code perTaskCounts} says otherwise
 * @param perTaskCounts explicit sample counts per task (overrides {@code count})
 * @param seed the run seed
 * @param threads worker threads
 * @param jpegQuality JPEG quality of generated images
 * @param embedImages embed image bytes in the parquet file
 * @param valFraction fraction of sources held out for a validation split (0 for none)
 * @param formatPrompt append the method's format prompt to every problem
 * @param limits input image size limits
 * @param maxAttempts draws per sample before it is given up (a task may reject a draw)
 * @param builtinScenes number of procedural scenes when {@code input} is null
 * @param hdf5Dataset the dataset read from HDF5 depth files
 * @param depthScale depth units per stored unit for depth files without a manifest scale, or
 *     {@code null} for each format's default (millimetres for 16-bit PNG, 1 otherwise)
 */
public record GenerateConfig(
    Path input,
    Path output,
    List<String> tasks,
    Integer count,
    Map<String, Integer> perTaskCounts,
    long seed,
    int threads,
    int jpegQuality,
    boolean embedImages,
    double valFraction,
    boolean formatPrompt,
    ImageLimits limits,
    int maxAttempts,
    int builtinScenes,
    String hdf5Dataset,
    Double depthScale) {

  /** Validates and copies. */
  public GenerateConfig {
    if (output == null) {
      throw new IllegalArgumentException("an output folder is required");
    }
    tasks = List.copyOf(tasks);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("at least one task is required");
    }
    perTaskCounts = perTaskCounts == null ? Map.of() : Map.copyOf(perTaskCounts);
    if (count != null && count < 0) {
      throw new IllegalArgumentException("--count must be >= 0, got " + count);
    }
    for (Map.Entry<String, Integer> e : perTaskCounts.entrySet()) {
      if (!tasks.contains(e.getKey())) {
        throw new IllegalArgumentException(
            "a count is given for task '" + e.getKey() + "', which is not selected");
      }
      if (e.getValue() < 0) {
        throw new IllegalArgumentException("count for " + e.getKey() + " must be >= 0");
      }
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1");
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("JPEG quality must be 1..100");
    }
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException("the validation fraction must be in [0, 1)");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (builtinScenes < 1) {
      throw new IllegalArgumentException("builtinScenes must be at least 1");
    }
    new DepthReader(depthScale, hdf5Dataset); // validates both
  }

  /** The depth reader these settings describe (a manifest's per-row scale still wins). */
  public DepthReader depthReader() {
    return new DepthReader(depthScale, hdf5Dataset);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings that decide the output, for the dataset card and resume checks. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", input == null ? "built-in procedural scenes" : input.toString());
    m.put("tasks", tasks);
    m.put("count", count);
    m.put("per_task_counts", new java.util.TreeMap<>(perTaskCounts));
    m.put("seed", seed);
    m.put("jpeg_quality", jpegQuality);
    m.put("embed_images", embedImages);
    m.put("val_fraction", valFraction);
    m.put("format_prompt", formatPrompt);
    m.put("min_side", limits.minSide());
    m.put("max_pixels", limits.maxPixels());
    m.put("max_attempts", maxAttempts);
    m.put("hdf5_dataset", hdf5Dataset);
    m.put("depth_scale", depthScale);
    if (input == null) {
      m.put("builtin_scenes", builtinScenes);
    }
    return m;
  }

  /** Builds {@link GenerateConfig}s. */
  public static final class Builder {
    private Path input;
    private Path output;
    private List<String> tasks = List.of("shuffle", "flip", "crop", "depth", "position");
    private Integer count;
    private Map<String, Integer> perTaskCounts = Map.of();
    private long seed = 42;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int jpegQuality = 95;
    private boolean embedImages;
    private double valFraction;
    private boolean formatPrompt = true;
    private ImageLimits limits = ImageLimits.DEFAULT;
    private int maxAttempts = 8;
    private int builtinScenes = 48;
    private String hdf5Dataset = DepthReader.DEFAULT.hdf5Dataset();
    private Double depthScale;

    private Builder() {}

    /** @param name the dataset read from HDF5 depth files (default {@code depth}) @return this builder */
    public Builder optHdf5Dataset(String name) {
      this.hdf5Dataset = name;
      return this;
    }

    /**
     * @param scale depth units per stored unit for depth files without a manifest scale, or null
     *     for the formats' defaults
     * @return this builder
     */
    public Builder optDepthScale(Double scale) {
      this.depthScale = scale;
      return this;
    }

    /** @param output the dataset folder (required) @return this builder */
    public Builder setOutput(Path output) {
      this.output = output;
      return this;
    }

    /** @param input the source folder, or null for built-in scenes @return this builder */
    public Builder optInput(Path input) {
      this.input = input;
      return this;
    }

    /** @param tasks task names @return this builder */
    public Builder optTasks(List<String> tasks) {
      this.tasks = tasks;
      return this;
    }

    /** @param count total samples, or null @return this builder */
    public Builder optCount(Integer count) {
      this.count = count;
      return this;
    }

    /** @param counts per-task sample counts @return this builder */
    public Builder optPerTaskCounts(Map<String, Integer> counts) {
      this.perTaskCounts = counts;
      return this;
    }

    /** @param seed the run seed @return this builder */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** @param threads worker threads @return this builder */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /** @param quality JPEG quality 1..100 @return this builder */
    public Builder optJpegQuality(int quality) {
      this.jpegQuality = quality;
      return this;
    }

    /** @param embed embed image bytes in parquet @return this builder */
    public Builder optEmbedImages(boolean embed) {
      this.embedImages = embed;
      return this;
    }

    /** @param fraction validation fraction of sources @return this builder */
    public Builder optValFraction(double fraction) {
      this.valFraction = fraction;
      return this;
    }

    /** @param on append the format prompt @return this builder */
    public Builder optFormatPrompt(boolean on) {
      this.formatPrompt = on;
      return this;
    }

    /** @param limits input size limits @return this builder */
    public Builder optLimits(ImageLimits limits) {
      this.limits = limits;
      return this;
    }

    /** @param attempts draws per sample @return this builder */
    public Builder optMaxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /** @param scenes number of built-in scenes @return this builder */
    public Builder optBuiltinScenes(int scenes) {
      this.builtinScenes = scenes;
      return this;
    }

    /** Builds the configuration. */
    public GenerateConfig build() {
      return new GenerateConfig(
          input, output, tasks, count, perTaskCounts, seed, threads, jpegQuality, embedImages,
          valFraction, formatPrompt, limits, maxAttempts, builtinScenes, hdf5Dataset, depthScale);
    }
  }
}
