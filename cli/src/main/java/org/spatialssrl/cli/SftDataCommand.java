package org.spatialssrl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spatialssrl.coldstart.ColdStartConfig;
import org.spatialssrl.coldstart.ColdStartException;
import org.spatialssrl.coldstart.ColdStartSummary;
import org.spatialssrl.coldstart.ColdStartWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ssrl sft-data}: a generated dataset in, cold-start SFT data (reasoning + boxed answer) out. */
@Command(
    name = "sft-data",
    mixinStandardHelpOptions = true,
    description = {
      "Write cold-start SFT data for a generated dataset.",
      "",
      "Each row: the question as the user turn, a short reasoning built from the sample's",
      "metadata plus the boxed answer as the assistant turn. Output: train.jsonl/val.jsonl",
      "(Java SFT trainer), NAME.json and dataset_info.json (LLaMA-Factory, dataset_dir = OUTPUT),",
      "images/, README.md."
    })
public final class SftDataCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DATASET", description = "A folder written by ssrl generate.")
  Path dataset;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder to write (new, empty, or an earlier sft-data output, which is replaced).")
  Path output;

  @Option(names = "--seed", defaultValue = "42",
      description = "Picks each sample's phrasing and, under a cap, the rows kept (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--splits", split = ",", paramLabel = "SPLIT",
      description = "Splits to convert, train and/or val (default: those present).")
  List<String> splits;

  @Option(names = "--limit", paramLabel = "N",
      description = "At most N rows per split, shared evenly over the tasks (the release used about 3.6k).")
  Integer limit;

  @Option(names = "--per-task", split = ",", paramLabel = "N|TASK=N",
      description = "At most N rows of each task per split, or caps for named tasks, e.g. 720 or"
          + " shuffle=1000,flip=500 (unnamed tasks keep the plain N, if given, else every row).")
  List<String> perTask;

  @Option(names = "--name", defaultValue = ColdStartConfig.DEFAULT_NAME,
      description = "Dataset name in dataset_info.json; the val split is NAME_val (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--copy-images",
      description = "Copy the images instead of hard-linking them (links fall back to copies across file systems).")
  boolean copyImages;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    ColdStartConfig config;
    try {
      Integer all = null;
      Map<String, Integer> caps = new LinkedHashMap<>();
      for (String item : perTask == null ? List.<String>of() : perTask) {
        int eq = item.indexOf('=');
        if (eq < 0) {
          all = Integer.valueOf(item.strip());
        } else {
          caps.put(item.substring(0, eq).strip(), Integer.valueOf(item.substring(eq + 1).strip()));
        }
      }
      config = ColdStartConfig.builder().setDataset(dataset).setOutput(output).optSeed(seed)
          .optSplits(splits).optLimit(limit).optPerTask(all).optPerTaskCaps(caps).optName(name)
          .optCopyImages(copyImages).build();
    } catch (IllegalArgumentException e) { // NumberFormatException included
      err.println("ssrl sft-data: " + e.getMessage());
      return 2;
    }
    ColdStartSummary summary;
    Progress progress = new Progress(quiet);
    try {
      summary = new ColdStartWriter().run(config, progress);
    } catch (ColdStartException | IOException e) {
      err.println("ssrl sft-data: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    } finally {
      progress.close();
    }
    if (!quiet) {
      PrintStream out = System.out;
      out.printf("wrote %d cold-start rows (%s) into %s; images: %d linked, %d copied%n",
          summary.rows(), summary.rowsBySplit(), output, summary.imagesLinked(), summary.imagesCopied());
      summary.byTaskVariant().forEach((k, v) -> out.printf("  %-32s %8d%n", k, v));
    }
    return 0;
  }

  /** A progress bar on stderr, or nothing when quiet. */
  private static final class Progress implements ColdStartWriter.Listener, AutoCloseable {
    private final boolean quiet;
    private ProgressBar bar;

    Progress(boolean quiet) {
      this.quiet = quiet;
    }

    @Override
    public void planned(long rows) {
      if (!quiet) {
        bar = new ProgressBarBuilder().setTaskName("sft-data").setInitialMax(rows)
            .setUnit(" rows", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
      }
    }

    @Override
    public void written(int rows) {
      if (bar != null) {
        bar.stepBy(rows);
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
