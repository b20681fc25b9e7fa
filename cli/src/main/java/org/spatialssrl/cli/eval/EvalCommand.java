package org.spatialssrl.cli.eval;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.cli.model.ModelOptions;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.eval.backend.EmbeddedBackend;
import org.spatialssrl.eval.backend.ModelBackend;
import org.spatialssrl.eval.backend.OpenAiBackend;
import org.spatialssrl.eval.report.Reports;
import org.spatialssrl.eval.run.EvalRunner;
import org.spatialssrl.eval.run.Evaluation;
import org.spatialssrl.model.ModelException;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.qwen.QwenPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssrl eval}: asks a model (embedded, or an OpenAI-compatible server) a benchmark's
 * questions, writing each answer to an append-only cache as it comes, then scores everything
 * with the release's scorer and writes the reports. A killed run resumes where it stopped.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    subcommands = {EvalScoreCommand.class, EvalInspectCommand.class, EvalCompareCommand.class},
    description = {
      "Scores a model on a spatial benchmark or a pretext split.",
      "Asks a model (embedded, or an OpenAI-compatible server) a benchmark's questions and scores the",
      "answers with the released scorer.",
      "Answers go to OUTPUT/<benchmark>/predictions.jsonl as they come (rerun to resume); reports to",
      "OUTPUT/report.md, report.json and report.png, with the paper's Table 1 beside the run.",
      "Exit codes: 0 done, 1 done but some items failed (recorded, counted as wrong), 2 usage, 3 input/model."
    })
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BenchmarkOptions bench;

  @Option(names = "--model", paramLabel = "DIR|NAME",
      description = "Required: a checkpoint directory (embedded), or with --endpoint the served model's name.")
  String model;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "An OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (vLLM, SGLang, ssrl serve).")
  String endpoint;

  @Option(names = "--output", paramLabel = "DIR", description = "Required: the evaluation folder.")
  Path output;

  @Option(names = "--precision", defaultValue = "FLOAT32", paramLabel = "P",
      description = "Embedded: float32 or float16 (default: ${DEFAULT-VALUE}).")
  ModelOptions.Precision precision;

  @Option(names = "--batch", defaultValue = "1", paramLabel = "N", description = "Embedded: questions per generation call.")
  int batch;

  @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N", description = "HTTP: requests in flight (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--retries", defaultValue = "4", paramLabel = "N",
      description = "HTTP: retries after connection errors, timeouts, 408, 429 and 5xx, with back-off (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS", description = "HTTP: limit per request (default: ${DEFAULT-VALUE}).")
  double timeout;

  @Option(names = "--api-key-env", paramLabel = "VAR", description = "HTTP: send the bearer token in this environment variable.")
  String apiKeyEnv;

  @Option(names = "--plain-openai", description = "HTTP: send only OpenAI's own parameters (no top_k, min_pixels, ...).")
  boolean plainOpenAi;

  @Option(names = "--max-new-tokens", paramLabel = "N", description = "Override the release's token budget.")
  Integer maxNewTokens;

  @Option(names = "--temperature", paramLabel = "T", description = "Override the release's decoding (0 = greedy).")
  Double temperature;

  @Option(names = "--min-pixels", paramLabel = "N", description = "Override the release's least pixels per image.")
  Integer minPixels;

  @Option(names = "--max-pixels", paramLabel = "N", description = "Override the release's most pixels per image.")
  Integer maxPixels;

  @Option(names = "--frames", paramLabel = "N", description = "VSI-Bench: most frames per video (release: 128).")
  Integer frames;

  @Option(names = "--max-attempts", defaultValue = "3", paramLabel = "N",
      description = "Failed requests per item, over all runs, before it is left failed (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Benchmark b;
    List<EvalItem> items;
    ModelSettings settings;
    try {
      if (model == null || output == null) {
        throw new IllegalArgumentException("give --model DIR (or --endpoint URL --model NAME) and --output DIR");
      }
      if (batch < 1 || concurrency < 1 || retries < 0 || maxAttempts < 1 || !(timeout > 0)) {
        throw new IllegalArgumentException("--batch, --concurrency and --max-attempts must be >= 1, --retries >= 0, --timeout > 0");
      }
      b = bench.create();
      settings = settings(b);
    } catch (IllegalArgumentException e) {
      err.println("ssrl eval: " + e.getMessage());
      return 2;
    }
    try {
      items = bench.items(b);
    } catch (IllegalArgumentException e) {
      err.println("ssrl eval: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("ssrl eval: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
    try (ModelBackend backend = backend()) {
      Progress progress = new Progress(quiet, b.id());
      Evaluation.Outcome o;
      try {
        o = Evaluation.run(b, bench.input, items, backend, settings, bench.promptMode.id(), output, maxAttempts, progress);
      } finally {
        progress.close();
      }
      if (!quiet) {
        printSummary(spec.commandLine().getOut(), o);
      }
      return o.report().errors() > 0 ? Ssrl.EXIT_PROBLEMS : 0;
    } catch (IllegalArgumentException e) {
      err.println("ssrl eval: " + e.getMessage());
      return 2;
    } catch (EvalRunner.CacheConflictException e) {
      err.println("ssrl eval: " + e.getMessage());
      return 2;
    } catch (IOException | ModelException e) {
      err.println("ssrl eval: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
  }

  private ModelSettings settings(Benchmark b) {
    ModelSettings s = b.settings(model);
    if (maxNewTokens != null) {
      s = s.withMaxNewTokens(maxNewTokens);
    }
    if (temperature != null) {
      s = s.withSampling(temperature, temperature == 0 ? 1 : s.topP(), temperature == 0 ? 0 : s.topK());
    }
    if (minPixels != null || maxPixels != null) {
      s = s.withImagePixels(minPixels == null ? s.minPixels() : minPixels, maxPixels == null ? s.maxPixels() : maxPixels);
    }
    if (frames != null) {
      s = s.withFrames(frames, s.frameMinPixels(), s.frameMaxPixels());
    }
    return s;
  }

  private ModelBackend backend() {
    if (endpoint != null) {
      String key = null;
      if (apiKeyEnv != null) {
        key = System.getenv(apiKeyEnv);
        if (key == null) {
          throw new IllegalArgumentException("--api-key-env: the environment variable " + apiKeyEnv + " is not set");
        }
      }
      return new OpenAiBackend(endpoint, model, concurrency, retries, Duration.ofMillis((long) (timeout * 1000)),
          Duration.ofMillis(500), key, plainOpenAi);
    }
    Path dir = Path.of(model);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--model " + model + " is not a checkpoint directory (give --endpoint URL"
          + " to use a served model by name)");
    }
    QwenModel m = QwenModel.builder().setModelDir(dir)
        .optComputeType(precision == ModelOptions.Precision.FLOAT16 ? DataType.FLOAT16 : DataType.FLOAT32).build();
    return new EmbeddedBackend(new QwenPolicy(m), m.name(), batch, true);
  }

  private void printSummary(PrintWriter out, Evaluation.Outcome o) {
    BenchmarkReport r = o.report();
    EvalRunner.Summary s = o.run();
    out.printf(Locale.ROOT, "%s: %d items (%d already answered, %d asked: %d answered, %d failed; %d given up) in %.1f s%n",
        r.name(), s.items(), s.alreadyDone(), s.asked(), s.answered(), s.failed(), s.givenUp(), s.seconds());
    out.printf(Locale.ROOT, "accuracy %.2f%% (%s); errors %d, unparsed %d%n", 100 * r.accuracy(), r.aggregate(),
        r.errors(), r.unparsed());
    r.byType().forEach((t, v) -> out.printf(Locale.ROOT, "  %-50s %6.2f%%  (%d)%n", t, 100 * v, r.typeCounts().get(t)));
    r.variants().forEach((k, v) -> out.printf(Locale.ROOT, "  [%s] %.2f%%  %s%n", k, 100 * v.value(), v.label()));
    out.println("reports: " + output.resolve(Reports.REPORT_MD) + ", " + Reports.REPORT_JSON + ", " + Reports.REPORT_PNG);
    out.flush();
  }

  /** A progress bar on stderr with rate and ETA, or nothing. */
  static final class Progress implements EvalRunner.Listener, AutoCloseable {
    private final boolean quiet;
    private final String name;
    private ProgressBar bar;

    Progress(boolean quiet, String name) {
      this.quiet = quiet;
      this.name = name;
    }

    @Override
    public synchronized void started(int toAsk, int alreadyDone) {
      if (quiet || toAsk == 0) {
        return;
      }
      bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(toAsk).setUnit(" items", 1)
          .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
      if (alreadyDone > 0) {
        bar.setExtraMessage(alreadyDone + " cached");
      }
    }

    @Override
    public synchronized void itemDone(boolean ok) {
      if (bar != null) {
        bar.step();
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
