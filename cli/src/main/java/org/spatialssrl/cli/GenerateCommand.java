package org.spatialssrl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spatialssrl.depth.DepthReader;
import org.spatialssrl.generate.DatasetGenerator;
import org.spatialssrl.generate.GenerateConfig;
import org.spatialssrl.generate.GenerateException;
import org.spatialssrl.generate.GenerateListener;
import org.spatialssrl.generate.GenerateSummary;
import org.spatialssrl.generate.TaskCounts;
import org.spatialssrl.image.ImageLimits;
import org.spatialssrl.task.TaskRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssrl generate}: a folder of images in, a training-ready dataset out. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Makes pretext-task samples from a folder of images.",
      "Each sample's answer is exact by construction. Without --input, uses built-in procedural"
          + " RGB-D scenes (written to OUTPUT/sources). Exit code " + Ssrl.EXIT_FEWER + " when fewer"
          + " samples than --count or --per-task asked for could be made (unless --allow-fewer)."
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
      description = "Total samples, split evenly over the tasks; a task the sources cannot feed"
          + " (or not that often) gives its share to the others, and sources are reused with fresh"
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

  @Option(names = {"-q", "--quiet"}, description = "No plan, progress bar or summary (a shortfall is still reported).")
  boolean quiet;

  @Option(names = "--allow-fewer",
      description = "Exit 0 even when fewer samples than --count or --per-task asked for could be made.")
  boolean allowFewer;

  @picocli.CommandLine.Mixin DepthOptions depthOptions;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    GenerateConfig config;
    try {
      DepthReader depth = depthOptions.reader();
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
              .optHdf5Dataset(depth.hdf5Dataset())
              .optDepthScale(depth.scale())
              .build();
    } catch (IllegalArgumentException e) {
      err.println("ssrl generate: " + e.getMessage());
      return 2;
    }
    ProgressListener progress = new ProgressListener(quiet, err);
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
    if (summary.fewerThanRequested()) {
      err.println("ssrl generate: made " + summary.made() + " of " + summary.requested()
          + " requested samples: " + String.join("; ", shortfalls(summary))
          + (allowFewer ? "" : ". Add sources or lower the count, or pass --allow-fewer to accept"
              + " fewer (exit code " + Ssrl.EXIT_FEWER + ")"));
      return allowFewer ? 0 : Ssrl.EXIT_FEWER;
    }
    return 0;
  }

  /** Counts of one task over both splits. */
  private record Totals(String task, long requested, long planned, long made, long atMost,
      int sources, long movedOut, long movedIn) {}

  /** The counts of each task, train and validation added, in output order. */
  private static List<Totals> totals(List<TaskCounts> counts) {
    Map<String, Totals> byTask = new LinkedHashMap<>();
    for (TaskCounts c : counts) {
      Totals t = byTask.get(c.task());
      byTask.put(c.task(), t == null
          ? new Totals(c.task(), c.requested(), c.planned(), c.made(), c.atMost(), c.sources(),
              c.movedOut(), c.movedIn())
          : new Totals(c.task(), t.requested() + c.requested(), t.planned() + c.planned(),
              t.made() + c.made(), saturatingAdd(t.atMost(), c.atMost()), t.sources() + c.sources(),
              t.movedOut() + c.movedOut(), t.movedIn() + c.movedIn()));
    }
    return List.copyOf(byTask.values());
  }

  private static long saturatingAdd(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }

  private static String most(long atMost) {
    return atMost == Long.MAX_VALUE ? "no limit" : String.valueOf(atMost);
  }

  /** Why each task that fell short did. */
  private static List<String> shortfalls(GenerateSummary s) {
    List<String> why = new ArrayList<>();
    for (Totals t : totals(s.tasks())) {
      if (t.made() < t.requested()) {
        why.add(t.task() + " " + t.made() + " of " + t.requested()
            + (t.sources() == 0 ? " (no source can feed it)"
                : " (" + t.sources() + " sources give at most " + most(t.atMost())
                    + (t.movedOut() > 0 ? "; they ran out of distinct samples" : "") + ")"));
      }
    }
    return why;
  }

  /** The plan, before the run: what each task was asked for, will make, and can make at most. */
  private static void printPlan(PrintStream err, List<TaskCounts> budget, int sources, int usable) {
    err.printf("ssrl generate: %d sources found, %d pass the header checks; plan:%n", sources, usable);
    err.printf("  %-10s %10s %10s %10s %8s%n", "task", "requested", "planned", "at most", "sources");
    List<String> notes = new ArrayList<>();
    for (Totals t : totals(budget)) {
      err.printf("  %-10s %10d %10d %10s %8d%n", t.task(), t.requested(), t.planned(), most(t.atMost()),
          t.sources());
      if (t.planned() < t.requested()) {
        notes.add(t.task() + (t.sources() == 0 ? ": no source can feed it"
            : ": its sources give at most " + t.atMost()) + "; the other tasks take what they can of"
            + " its share");
      } else if (t.planned() > t.requested()) {
        notes.add(t.task() + ": takes " + (t.planned() - t.requested()) + " of other tasks' share");
      }
    }
    notes.forEach(n -> err.println("  " + n));
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
    out.printf("made %d of %d %s samples from %d usable of %d sources into %s%n",
        s.made(), s.requested(), s.countGiven() ? "requested" : "planned", s.usableSources(),
        s.sources(), output);
    for (Totals t : totals(s.tasks())) {
      if (t.requested() > 0 || t.made() > 0) {
        out.printf("  %-10s %8d made (requested %d, planned %d)%s%n", t.task(), t.made(), t.requested(),
            t.planned(), t.movedOut() > 0 ? "; its sources ran out of samples, " + t.movedOut()
                + " went to the other tasks" : t.movedIn() > 0 ? "; took " + t.movedIn()
                + " from other tasks" : "");
      }
    }
    s.byTaskVariant().forEach((k, v) -> out.printf("  %-32s %8d%n", k, v));
    if (!s.rejectsByReason().isEmpty()) {
      List<String> parts = new ArrayList<>();
      s.rejectsByReason().forEach((k, v) -> parts.add(k + " " + v));
      out.println("rejected: " + String.join(", ", parts) + " (see rejects.jsonl)");
    }
  }

  /** The plan and a progress bar on stderr (rate, ETA), or nothing when quiet. */
  private static final class ProgressListener implements GenerateListener, AutoCloseable {
    private final boolean quiet;
    private final PrintStream err;
    private ProgressBar bar;

    ProgressListener(boolean quiet, PrintStream err) {
      this.quiet = quiet;
      this.err = err;
    }

    @Override
    public void plan(List<TaskCounts> budget, int sources, int usable) {
      if (!quiet) {
        printPlan(err, budget, sources, usable);
      }
    }

    @Override
    public synchronized void planned(long samples, long alreadyDone) {
      if (quiet) {
        return;
      }
      if (bar != null) { // a later pass: samples that replace ones that could not be made
        bar.maxHint(bar.getMax() + samples);
        return;
      }
      bar =
          new ProgressBarBuilder()
              .setTaskName("generate")
              .setInitialMax(samples)
              .setUnit(" samples", 1)
              .showSpeed()
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(err))
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
