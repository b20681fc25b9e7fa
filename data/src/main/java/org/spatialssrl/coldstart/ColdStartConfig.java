package org.spatialssrl.coldstart;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code ssrl sft-data} makes: which dataset, where to, which rows and how they are phrased.
 *
 * @param dataset the folder written by {@code ssrl generate}
 * @param output the cold-start folder to write (new, empty, or an earlier output of this command)
 * @param seed picks each sample's phrasing and, under a cap, which rows are kept
 * @param splits the splits to convert ({@code train}, {@code val}); {@code null} for those present
 * @param limit at most this many rows per split, shared evenly over the tasks; {@code null} for no
 *     cap
 * @param perTask at most this many rows of each task per split; {@code null} for no cap
 * @param perTaskCaps caps for named tasks, overriding {@code perTask}
 * @param name the dataset name in {@code dataset_info.json} (the validation split is
 *     {@code name_val})
 * @param copyImages copy the images instead of hard-linking them
 */
public record ColdStartConfig(
    Path dataset,
    Path output,
    long seed,
    List<String> splits,
    Integer limit,
    Integer perTask,
    Map<String, Integer> perTaskCaps,
    String name,
    boolean copyImages) {

  /** The dataset name used when none is given. */
  public static final String DEFAULT_NAME = "spatial_ssrl_coldstart";

  /** Validates and copies. */
  public ColdStartConfig {
    if (dataset == null || output == null) {
      throw new IllegalArgumentException("a dataset and an output folder are required");
    }
    if (splits != null) {
      splits = List.copyOf(splits);
      for (String s : splits) {
        if (!s.equals("train") && !s.equals("val")) {
          throw new IllegalArgumentException("unknown split '" + s + "' (train or val)");
        }
      }
      if (splits.isEmpty() || splits.stream().distinct().count() != splits.size()) {
        throw new IllegalArgumentException("--splits must name train and/or val once each");
      }
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
    }
    if (perTask != null && perTask < 1) {
      throw new IllegalArgumentException("--per-task must be at least 1, got " + perTask);
    }
    perTaskCaps = perTaskCaps == null ? Map.of() : Map.copyOf(perTaskCaps);
    perTaskCaps.forEach((task, cap) -> {
      if (cap == null || cap < 1) {
        throw new IllegalArgumentException("--per-task " + task + " must be at least 1, got " + cap);
      }
    });
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("--name must be letters, digits, '_', '.', '-', got '" + name + "'");
    }
  }

  /** A builder with the defaults (seed 42, every split present, no caps, the default name). */
  public static Builder builder() {
    return new Builder();
  }

  /** The cap of one task, {@link Integer#MAX_VALUE} when uncapped. */
  public int capOf(String task) {
    Integer cap = perTaskCaps.getOrDefault(task, perTask);
    return cap == null ? Integer.MAX_VALUE : cap;
  }

  /** The selection settings, for the card. */
  public String describeSelection() {
    if (limit == null && perTask == null && perTaskCaps.isEmpty()) {
      return "every row";
    }
    StringBuilder s = new StringBuilder();
    if (perTask != null) {
      s.append("at most ").append(perTask).append(" rows per task");
    }
    if (!perTaskCaps.isEmpty()) {
      s.append(s.length() > 0 ? ", " : "").append("caps ").append(new TreeMap<>(perTaskCaps));
    }
    if (limit != null) {
      s.append(s.length() > 0 ? ", " : "").append("at most ").append(limit)
          .append(" rows per split shared evenly over the tasks");
    }
    return s.append(" (a seeded random subset of each task, kept in the dataset's order)").toString();
  }

  /** Builds {@link ColdStartConfig}s. */
  public static final class Builder {
    private Path dataset;
    private Path output;
    private long seed = 42;
    private List<String> splits;
    private Integer limit;
    private Integer perTask;
    private Map<String, Integer> perTaskCaps = Map.of();
    private String name = DEFAULT_NAME;
    private boolean copyImages;

    private Builder() {}

    /** @param dataset the generated dataset folder (required) @return this builder */
    public Builder setDataset(Path dataset) {
      this.dataset = dataset;
      return this;
    }

    /** @param output the folder to write (required) @return this builder */
    public Builder setOutput(Path output) {
      this.output = output;
      return this;
    }

    /** @param seed the phrasing and selection seed @return this builder */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** @param splits the splits, or null for those present @return this builder */
    public Builder optSplits(List<String> splits) {
      this.splits = splits;
      return this;
    }

    /** @param limit rows per split, or null @return this builder */
    public Builder optLimit(Integer limit) {
      this.limit = limit;
      return this;
    }

    /** @param perTask rows per task and split, or null @return this builder */
    public Builder optPerTask(Integer perTask) {
      this.perTask = perTask;
      return this;
    }

    /** @param caps rows per split of named tasks @return this builder */
    public Builder optPerTaskCaps(Map<String, Integer> caps) {
      this.perTaskCaps = caps;
      return this;
    }

    /** @param name the dataset_info.json name @return this builder */
    public Builder optName(String name) {
      this.name = name;
      return this;
    }

    /** @param copy copy images instead of hard-linking @return this builder */
    public Builder optCopyImages(boolean copy) {
      this.copyImages = copy;
      return this;
    }

    /** Builds the configuration. */
    public ColdStartConfig build() {
      return new ColdStartConfig(dataset, output, seed, splits, limit, perTask, perTaskCaps, name,
          copyImages);
    }
  }
}
