package org.spatialssrl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spatialssrl.generate.DatasetGenerator;
import org.spatialssrl.generate.GenerateConfig;
import org.spatialssrl.generate.GenerateException;
import org.spatialssrl.generate.GenerateListener;
import org.spatialssrl.generate.GenerateSummary;
import org.spatialssrl.image.ImageLimits;
import org.spatialssrl.task.TaskRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssrl generate}: a folder of images in, a training-ready dataset out. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Make pretext-task samples with exact answers from a folder of images.",
      "Without --input, uses built-in procedural RGB-D scenes (written to OUTPUT/sources)."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--input", paramLabel = "DIR", description = "Folder of images, walked recursively; depth is paired by the DIODE (x_depth.npy, x_depth_mask.npy) or MegaDepth (imgs/x.jpg, depths/x.h5) layout, or depth-manifest.csv/.jsonl.")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Dataset folder to write.")
  Path output;

  @Option(
      names = "--tasks",
      split = ",",
      paramLabel = "TASK",
      defaultValue = "shuffle,flip,crop,depth,position",
      description = "Tasks to make, comma-separated (default: ${DEFAULT-VALUE}, or the tasks"
          + " named by --per-task when it is given alone).")
  List<String> tasks;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Total samples, split evenly over the tasks; sources are reused with fresh"
          + " draws when N exceeds them. Default: one sample per usable source and task.")
  Integer count;

  @Option(
      names = "--per-task",
      split = ",",
      paramLabel = "TASK=N",
      description = "Samples per task, e.g. shuffle=1000,flip=500 (overrides --count for those;"
          + " without --tasks, only these tasks are made).")
  Map<String, Integer> perTask;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--seed", defaultValue = "42", description = "Run seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--jpeg-quality", defaultValue = "95", paramLabel = "Q",
      description = "JPEG quality of written images (default: ${DEFAULT-VALUE}).")
  int jpegQuality;

  @Option(names = "--embed-images",
      description = "Embed image bytes in the parquet file ({bytes, path} structs).")
  boolean embedImages;

  @Option(names = "--val-fraction", defaultValue = "0", paramLabel = "F",
      description = "Hold out this fraction of sources for val.parquet (default: none).")
  double valFraction;

  @Option(names = "--no-format-prompt",
      description = "Write the bare question, without the method's format prompt.")
  boolean noFormatPrompt;

  @Option(names = "--min-side", defaultValue = "64", paramLabel = "PX",
      description = "Reject images with a side below this (default: ${DEFAULT-VALUE}).")
  int minSide;

  @Option(names = "--max-pixels", defaultValue = "67108864", paramLabel = "N",
      description = "Reject images above this many pixels (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--scenes", defaultValue = "48", paramLabel = "N",
      description = "Built-in scenes to render without --input (default: ${DEFAULT-VALUE}).")
  int scenes;

  @Option(names = "--resume", description = "Finish an interrupted run in the same --output.")
  boolean resume;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    GenerateConfig config;
    try {
      config =
          GenerateConfig.builder()
              .setOutput(output)
              .optInput(input)
              .optTasks(selectedTasks())
              .optCount(count)
              .optPerTaskCounts(perTask)
              .optSeed(seed)
              .optThreads(threads == null ? Runtime.getRuntime().availableProcessors() : threads)
              .optJpegQuality(jpegQuality)
              .optEmbedImages(embedImages)
              .optValFraction(valFraction)
              .optFormatPrompt(!noFormatPrompt)
              .optLimits(new ImageLimits(minSide, maxPixels))
              .optBuiltinScenes(scenes)
              .build();
    } catch (IllegalArgumentException e) {
      err.println("ssrl generate: " + e.getMessage());
      return 2;
    }
    ProgressListener progress = new ProgressListener(quiet);
    GenerateSummary summary;
    try {
      summary = new DatasetGenerator(TaskRegistry.load()).run(config, resume, progress);
    } catch (GenerateException e) {
      err.println("ssrl generate: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("ssrl generate: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    } finally {
      progress.close();
    }
    if (!quiet) {
      printSummary(summary);
    }
    return 0;
  }

  /** Without --tasks, --per-task names the tasks to make (in the registry's order). */
  private List<String> selectedTasks() {
    if (perTask == null || spec.commandLine().getParseResult().hasMatchedOption("--tasks")) {
      return tasks;
    }
    List<String> selected = new ArrayList<>(tasks.stream().filter(perTask::containsKey).toList());
    perTask.keySet().stream().filter(t -> !selected.contains(t)).sorted().forEach(selected::add);
    return selected;
  }

  private void printSummary(GenerateSummary s) {
    PrintStream out = System.out;
    out.printf("made %d of %d planned samples from %d usable of %d sources into %s%n",
        s.made(), s.requested(), s.usableSources(), s.sources(), output);
    s.byTaskVariant().forEach((k, v) -> out.printf("  %-32s %8d%n", k, v));
    if (!s.rejectsByReason().isEmpty()) {
      List<String> parts = new ArrayList<>();
      s.rejectsByReason().forEach((k, v) -> parts.add(k + " " + v));
      out.println("rejected: " + String.join(", ", parts) + " (see rejects.jsonl)");
    }
  }

  /** A progress bar on stderr (rate, ETA), or nothing when quiet. */
  private static final class ProgressListener implements GenerateListener, AutoCloseable {
    private final boolean quiet;
    private ProgressBar bar;

    ProgressListener(boolean quiet) {
      this.quiet = quiet;
    }

    @Override
    public synchronized void planned(long samples, long alreadyDone) {
      if (quiet) {
        return;
      }
      bar =
          new ProgressBarBuilder()
              .setTaskName("generate")
              .setInitialMax(samples)
              .setUnit(" samples", 1)
              .showSpeed()
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build();
    }

    @Override
    public synchronized void sourceDone(int samples) {
      if (bar != null) {
        bar.stepBy(samples);
      }
    }

    @Override
    public synchronized void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
