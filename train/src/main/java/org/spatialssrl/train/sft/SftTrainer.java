package org.spatialssrl.train.sft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.generate.LogProbScorer;
import org.spatialssrl.model.lora.LoraAdapter;
import org.spatialssrl.model.qwen.QwenCheckpointWriter;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.vision.MultimodalPrompt;
import org.spatialssrl.model.vision.TrainingPixelRule;
import org.spatialssrl.reward.SpatialReward;
import org.spatialssrl.seed.Seeds;
import org.spatialssrl.train.optim.AdamW;
import org.spatialssrl.train.optim.LrSchedule;
import org.spatialssrl.train.optim.StepResult;
import org.spatialssrl.train.run.CheckpointManager;
import org.spatialssrl.train.run.MetricsLog;
import org.spatialssrl.train.run.MetricsPlot;
import org.spatialssrl.train.run.RewardStats;
import org.spatialssrl.train.run.RunDirectory;
import org.spatialssrl.train.run.StopSignal;
import org.spatialssrl.train.run.TrainerState;
import org.spatialssrl.train.run.TrainingListener;

/**
 * Cold-start SFT (TRAINING.md 2): reads {@code DATA/train.jsonl} (and {@code DATA/val.jsonl}),
 * trains a LoRA adapter (or, optionally, every decoder weight) on the assistant tokens, and
 * writes a run directory with {@code checkpoint-<step>/} (a PEFT adapter, or a full checkpoint,
 * plus the optimizer and trainer state), {@code metrics.jsonl}, {@code loss.png} and
 * {@code val.png}.
 *
 * <p>The loss of a micro-batch is the mean cross-entropy over its label tokens, divided by the
 * number of micro-batches of the optimizer step, as LLaMA-Factory runs transformers' Trainer
 * for a vision-language model ({@code model_accepts_loss_kwargs = False}): an optimizer step
 * minimises the mean of its micro-batch token means, not one token mean over the step. The last
 * step of an epoch may hold fewer micro-batches and divides by its own count, as recent
 * transformers does. Steps per epoch: {@code ceil(ceil(N / batch) / accumulation)}.
 *
 * <p>The data order of epoch {@code e} is a seeded permutation of the examples (seed and
 * {@code e}); a resumed run restores the adapter or weights, the optimizer moments and the
 * position in the epoch from the last checkpoint and gives the same result as an uninterrupted
 * run.
 */
public final class SftTrainer {
  /** The optimizer state file inside a checkpoint. */
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SftConfig cfg;
  private final TrainingListener listener;
  private final StopSignal stop;

  /**
   * What a run did.
   *
   * @param steps the optimizer steps done
   * @param totalSteps the steps the run was set to take
   * @param lastCheckpoint the newest checkpoint directory
   * @param stopped true when a stop signal ended the run early
   * @param lastLoss the last step's training loss
   * @param lastEval the last validation row, or null without validation data
   */
  public record Result(long steps, long totalSteps, Path lastCheckpoint, boolean stopped,
      double lastLoss, JsonNode lastEval) {}

  /**
   * Creates a trainer.
   *
   * @param cfg the settings
   * @param listener receives progress
   * @param stop asks the loop to save and stop (Ctrl-C)
   */
  public SftTrainer(SftConfig cfg, TrainingListener listener, StopSignal stop) {
    this.cfg = cfg;
    this.listener = listener == null ? TrainingListener.NONE : listener;
    this.stop = stop == null ? StopSignal.manual() : stop;
  }

  /**
   * The number of optimizer steps of a run over {@code examples} examples.
   *
   * @param cfg the settings
   * @param examples the training examples
   * @return the total steps
   */
  public static long totalSteps(SftConfig cfg, int examples) {
    return cfg.maxSteps() > 0 ? cfg.maxSteps() : stepsPerEpoch(cfg, examples) * cfg.epochs();
  }

  private static long stepsPerEpoch(SftConfig cfg, int examples) {
    long micro = (examples + cfg.batchSize() - 1) / cfg.batchSize();
    return (micro + cfg.gradientAccumulation() - 1) / cfg.gradientAccumulation();
  }

  /**
   * Trains.
   *
   * @param modelDir the base checkpoint
   * @param dataDir the cold-start data ({@code train.jsonl}, optional {@code val.jsonl})
   * @param outDir the run directory
   * @param resume continue the run in {@code outDir} from its last checkpoint
   * @return what the run did
   * @throws IOException when reading or writing fails
   * @throws SftDataException when the data cannot be trained on (before any work)
   * @throws CheckpointException when the model or a checkpoint does not fit (before any work)
   */
  public Result run(Path modelDir, Path dataDir, Path outDir, boolean resume) throws IOException {
    List<SftExample> train = SftDataset.read(dataDir.resolve("train.jsonl"));
    Path valFile = dataDir.resolve("val.jsonl");
    List<SftExample> val = Files.isRegularFile(valFile) ? SftDataset.read(valFile) : List.of();
    if (cfg.evalSamples() > 0 && val.size() > cfg.evalSamples()) {
      val = spreadOverTasks(val, cfg.evalSamples());
    }
    List<Path> inputs = new ArrayList<>(List.of(dataDir.resolve("train.jsonl")));
    if (!val.isEmpty()) {
      inputs.add(valFile);
    }
    long total = totalSteps(cfg, train.size());
    long warmup = LrSchedule.warmupSteps(cfg.warmupRatio(), total);
    ObjectNode settings = JSON.createObjectNode();
    settings.put("stage", "sft");
    settings.put("model", modelDir.toAbsolutePath().normalize().toString());
    settings.put("data", dataDir.toAbsolutePath().normalize().toString());
    settings.put("data_sha256", RunDirectory.sha256(inputs));
    settings.put("train_examples", train.size());
    settings.put("val_examples", val.size());
    double baseline = majorityBaseline(train, val);
    if (!val.isEmpty()) {
      settings.put("val_majority_accuracy", baseline);
    }
    settings.put("total_steps", total);
    settings.put("warmup_steps", warmup);
    settings.put("steps_per_epoch", stepsPerEpoch(cfg, train.size()));
    settings.put("loss", "mean over each micro-batch's label tokens / micro-batches per step"
        + " (LLaMA-Factory for VLMs)");
    settings.set("settings", cfg.toJson());

    // A new run's directory is only checked here and created once the model has loaded and
    // fits the data, so that a refused run leaves nothing behind.
    RunDirectory run = resume ? RunDirectory.open(outDir, true) : null;
    if (!resume) {
      RunDirectory.checkNew(outDir);
    }
    CheckpointManager checkpoints = resume ? checkpointManager(run) : null;
    TrainerState state = null;
    Path from = null;
    if (resume) {
      List<String> diff = RunDirectory.differences(run.readConfig(), settings, Set.of());
      if (!diff.isEmpty()) {
        throw new CheckpointException("--resume: the settings differ from the run in " + outDir
            + ": " + String.join("; ", diff) + "; resume with the original settings");
      }
      OptionalLong last = checkpoints.latest();
      if (last.isEmpty()) {
        throw new CheckpointException("--resume: " + outDir + " has no checkpoint yet; start again"
            + " without --resume in a new --output");
      }
      from = checkpoints.path(last.getAsLong());
      state = TrainerState.read(from);
    }
    boolean anyImages = train.stream().anyMatch(e -> !e.images().isEmpty())
        || val.stream().anyMatch(e -> !e.images().isEmpty());
    Path load = cfg.fullParameters() && from != null ? from : modelDir;
    try (QwenModel model = QwenModel.builder().setModelDir(load).build()) {
      if (anyImages && model.vision() == null) {
        throw new CheckpointException("the data has images but " + modelDir
            + " has no vision tower (no vision_config or visual.* weights)");
      }
      SftEncoder encoder = new SftEncoder(model,
          new TrainingPixelRule(cfg.minPixels(), cfg.maxPixels(), true), cfg.cutoffLen());
      LoraAdapter adapter = null;
      Map<String, NDArray> params;
      if (cfg.fullParameters()) {
        params = model.decoder().parameters();
      } else {
        adapter = from != null ? LoraAdapter.read(from, model.config(), model.manager())
            : LoraAdapter.create(model.config(), cfg.lora(), cfg.seed(), model.manager());
        if (!adapter.config().equals(cfg.lora())) {
          throw new CheckpointException(from + " holds an adapter with " + adapter.config()
              + ", the run was started with " + cfg.lora());
        }
        adapter.attach(model.decoder());
        params = adapter.parameters();
      }
      if (!resume) {
        run = RunDirectory.open(outDir, false);
        run.writeConfig(settings);
        checkpoints = checkpointManager(run);
      }
      try (AdamW opt = AdamW.builder().optBetas(cfg.beta1(), cfg.beta2()).optEps(cfg.eps())
          .optWeightDecay(cfg.weightDecay()).optMaxGradNorm(cfg.maxGradNorm()).build(params)) {
        params.values().forEach(p -> p.setRequiresGradient(true));
        if (from != null) {
          opt.load(from.resolve(OPTIMIZER_FILE));
          run.metrics().truncateAfter(state.step());
          checkpoints.removeAfter(state.step());
        }
        Loop loop = new Loop(model, adapter, opt, encoder, train, val, run, checkpoints, total,
            LrSchedule.cosineWithWarmup(cfg.learningRate(), warmup, total), modelDir, baseline);
        try {
          return loop.run(state);
        } finally {
          model.decoder().setAdapter(null);
          if (adapter != null) {
            adapter.close();
          }
        }
      }
    }
  }

  /**
   * The chance level the validation accuracy is compared with: the accuracy on {@code val} of
   * always answering each task's most frequent training answer (ties: the first in sort order).
   */
  static double majorityBaseline(List<SftExample> train, List<SftExample> val) {
    Map<String, Map<String, Integer>> counts = new java.util.HashMap<>();
    for (SftExample e : train) {
      counts.computeIfAbsent(e.task(), t -> new java.util.TreeMap<>()).merge(e.answer(), 1, Integer::sum);
    }
    Map<String, String> majority = new java.util.HashMap<>();
    counts.forEach((task, c) -> majority.put(task,
        c.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
            .orElseThrow().getKey()));
    long hits = val.stream().filter(e -> e.answer().equals(majority.get(e.task()))).count();
    return val.isEmpty() ? Double.NaN : (double) hits / val.size();
  }

  private CheckpointManager checkpointManager(RunDirectory run) throws IOException {
    return new CheckpointManager(run.dir(), cfg.saveLimit() == 0 ? null : cfg.saveLimit(),
        "val_loss", false);
  }

  /**
   * At most {@code n} examples taken in turn from each task (in file order within a task), so
   * that a capped validation set still covers every task; the result keeps the file order.
   */
  static List<SftExample> spreadOverTasks(List<SftExample> all, int n) {
    Map<String, List<Integer>> byTask = new LinkedHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      byTask.computeIfAbsent(all.get(i).task(), t -> new ArrayList<>()).add(i);
    }
    java.util.TreeSet<Integer> keep = new java.util.TreeSet<>();
    for (int round = 0; keep.size() < n; round++) {
      boolean any = false;
      for (List<Integer> rows : byTask.values()) {
        if (round < rows.size() && keep.size() < n) {
          keep.add(rows.get(round));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    return keep.stream().map(all::get).toList();
  }

  /** The state of one run. */
  private final class Loop {
    final QwenModel model;
    final LoraAdapter adapter;
    final AdamW opt;
    final SftEncoder encoder;
    final List<SftExample> train;
    final List<SftExample> val;
    final RunDirectory run;
    final CheckpointManager checkpoints;
    final long total;
    final LrSchedule schedule;
    final Path modelDir;
    final double baseline;
    final LogProbScorer scorer;
    final long microPerEpoch;
    final SpatialReward reward = SpatialReward.released();

    Loop(QwenModel model, LoraAdapter adapter, AdamW opt, SftEncoder encoder,
        List<SftExample> train, List<SftExample> val, RunDirectory run,
        CheckpointManager checkpoints, long total, LrSchedule schedule, Path modelDir,
        double baseline) {
      this.model = model;
      this.adapter = adapter;
      this.opt = opt;
      this.encoder = encoder;
      this.train = train;
      this.val = val;
      this.run = run;
      this.checkpoints = checkpoints;
      this.total = total;
      this.schedule = schedule;
      this.modelDir = modelDir;
      this.baseline = baseline;
      this.scorer = new LogProbScorer(model.decoder(), model.vision(), model.manager(), model.padId());
      this.microPerEpoch = (train.size() + cfg.batchSize() - 1) / cfg.batchSize();
    }

    /** The examples of epoch {@code e} in training order. */
    int[] order(int epoch) {
      int[] idx = new int[train.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      SplittableRandom rng = Seeds.random(cfg.seed(), "sft-data-order", epoch);
      for (int i = idx.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
      return idx;
    }

    Result run(TrainerState resumed) throws IOException {
      long step = resumed == null ? 0 : resumed.step();
      int epoch = resumed == null ? 0 : resumed.epoch();
      long batch = resumed == null ? 0 : resumed.batchInEpoch();
      listener.started(total, step);
      JsonNode lastEval = null;
      if (resumed == null && !val.isEmpty()) {
        lastEval = evaluate(0);
      }
      Path lastCheckpoint = checkpoints.latest().isPresent()
          ? checkpoints.path(checkpoints.latest().getAsLong()) : null;
      double lastLoss = Double.NaN;
      boolean stopped = false;
      int[] order = order(epoch);
      while (step < total) {
        long t0 = System.nanoTime();
        List<List<SftExample>> micro = new ArrayList<>();
        while (micro.size() < cfg.gradientAccumulation() && batch < microPerEpoch) {
          int from = (int) (batch * cfg.batchSize());
          int to = Math.min(train.size(), from + cfg.batchSize());
          List<SftExample> mb = new ArrayList<>();
          for (int i = from; i < to; i++) {
            mb.add(train.get(order[i]));
          }
          micro.add(mb);
          batch++;
        }
        if (adapter != null) {
          adapter.setTraining(true);
        }
        double lossSum = 0;
        long labelTokens = 0;
        long tokens = 0;
        int truncated = 0;
        for (List<SftExample> mb : micro) {
          MicroResult r = microBatch(mb, micro.size());
          lossSum += r.loss;
          labelTokens += r.labelTokens;
          tokens += r.tokens;
          truncated += r.truncated;
        }
        double lr = schedule.at(step);
        StepResult sr = opt.step(lr);
        step++;
        if (batch >= microPerEpoch) {
          epoch++;
          batch = 0;
          order = order(epoch);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        lastLoss = lossSum / micro.size();
        ObjectNode row = MetricsLog.row(step);
        MetricsLog.put(row, "epoch", epoch + (double) batch / microPerEpoch);
        MetricsLog.put(row, "loss", lastLoss);
        MetricsLog.put(row, "lr", lr);
        MetricsLog.put(row, "grad_norm", sr.gradNorm());
        row.put("skipped", sr.skipped());
        row.put("micro_batches", micro.size());
        row.put("label_tokens", labelTokens);
        row.put("tokens", tokens);
        if (truncated > 0) {
          row.put("truncated", truncated);
        }
        MetricsLog.put(row, "tokens_per_s", tokens / seconds);
        MetricsLog.put(row, "seconds", seconds);
        run.metrics().append(row);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", lastLoss);
        m.put("lr", lr);
        m.put("grad_norm", sr.gradNorm());
        listener.step(step, m);
        if (sr.skipped()) {
          listener.message("step " + step + ": gradient norm not finite, update skipped");
        }

        boolean last = step == total;
        boolean stopNow = stop.requested() && !last;
        Double metric = null;
        if (!val.isEmpty() && (step % cfg.evalSteps() == 0 || last)) {
          lastEval = evaluate(step);
          metric = lastEval.path("val_loss").asDouble();
        }
        if (step % cfg.saveSteps() == 0 || last || stopNow) {
          lastCheckpoint = save(step, epoch, batch, metric);
          plot();
        }
        if (stopNow) {
          stopped = true;
          listener.message("stopped at step " + step + "; continue with --resume");
          break;
        }
      }
      plot();
      listener.finished();
      return new Result(step, total, lastCheckpoint, stopped, lastLoss, lastEval);
    }

    /** What one micro-batch contributed. */
    private record MicroResult(double loss, long labelTokens, long tokens, int truncated) {}

    /** Forward and backward of one micro-batch; gradients accumulate in the parameters. */
    private MicroResult microBatch(List<SftExample> mb, int microBatches) {
      List<MultimodalPrompt> prompts = new ArrayList<>();
      List<int[]> targets = new ArrayList<>();
      int truncated = 0;
      long tokens = 0;
      for (SftExample e : mb) {
        SftEncoder.Encoded enc = encoder.encode(e);
        prompts.add(enc.prompt());
        targets.add(enc.target());
        truncated += enc.truncated() ? 1 : 0;
        tokens += enc.prompt().ids().length + enc.target().length;
      }
      try (NDManager m = model.manager().newSubManager();
          GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray lp = scorer.scorePromptsTensor(m, prompts, targets);
        float[] mask = mask(targets, (int) lp.getShape().get(1));
        long n = labelCount(targets);
        NDArray tokenMean = lp.mul(m.create(mask, lp.getShape())).sum().neg().div((float) n);
        gc.backward(tokenMean.div((float) microBatches));
        return new MicroResult(tokenMean.getFloat(), n, tokens, truncated);
      }
    }

    /** 1 on each row's label tokens (right-aligned, as the scorer returns them), 0 on padding. */
    private float[] mask(List<int[]> targets, int maxC) {
      float[] mask = new float[targets.size() * maxC];
      for (int r = 0; r < targets.size(); r++) {
        for (int j = maxC - targets.get(r).length; j < maxC; j++) {
          mask[r * maxC + j] = 1f;
        }
      }
      return mask;
    }

    private long labelCount(List<int[]> targets) {
      long n = 0;
      for (int[] t : targets) {
        n += t.length;
      }
      return n;
    }

    /**
     * Validation: the loss (one token mean over all validation label tokens) and, from greedy
     * replies, the released reward's format rate and accuracy, in all and per task. The replies
     * go to {@code eval/step-<step>.jsonl}.
     */
    private JsonNode evaluate(long step) throws IOException {
      long t0 = System.nanoTime();
      if (adapter != null) {
        adapter.setTraining(false);
      }
      double nll = 0;
      long n = 0;
      RewardStats stats = new RewardStats();
      Path dir = Files.createDirectories(run.dir().resolve("eval"));
      Path file = dir.resolve("step-" + step + ".jsonl");
      GenerationParams greedy = GenerationParams.builder().optMaxNewTokens(cfg.evalMaxNewTokens()).build();
      Generator generator = new Generator(model);
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (int from = 0; from < val.size(); from += cfg.evalBatchSize()) {
          List<SftExample> batch = val.subList(from, Math.min(val.size(), from + cfg.evalBatchSize()));
          List<MultimodalPrompt> prompts = new ArrayList<>();
          List<int[]> targets = new ArrayList<>();
          for (SftExample e : batch) {
            SftEncoder.Encoded enc = encoder.encode(e);
            prompts.add(enc.prompt());
            targets.add(enc.target());
          }
          try (NDManager m = model.manager().newSubManager()) {
            NDArray lp = scorer.scorePromptsTensor(m, prompts, targets);
            float[] mask = mask(targets, (int) lp.getShape().get(1));
            nll -= lp.mul(m.create(mask, lp.getShape())).sum().getFloat();
            n += labelCount(targets);
          }
          List<GenerationResult> replies = generator.generatePrompts(prompts, greedy, null, () -> false);
          for (int i = 0; i < batch.size(); i++) {
            SftExample e = batch.get(i);
            var score = reward.score(replies.get(i).text(), e.answer());
            stats.add(e.task(), score);
            ObjectNode o = JSON.createObjectNode();
            o.put("id", e.id());
            o.put("task", e.task());
            o.put("answer", e.answer());
            o.put("response", replies.get(i).text());
            o.put("finish_reason", replies.get(i).finishReason());
            o.put("format", score.format());
            o.put("accuracy", score.accuracy());
            w.write(JSON.writeValueAsString(o));
            w.write('\n');
          }
        }
      }
      ObjectNode row = MetricsLog.row(step);
      MetricsLog.put(row, "val_loss", nll / n);
      stats.writeTo(row, "val_");
      MetricsLog.put(row, "val_seconds", (System.nanoTime() - t0) / 1e9);
      run.metrics().append(row);
      listener.message(String.format("step %d: val_loss %.4f, format %.3f, accuracy %.3f (%d examples)",
          step, nll / n, stats.formatRate(), stats.accuracy(), stats.count()));
      return row;
    }

    private Path save(long step, int epoch, long batch, Double metric) throws IOException {
      ObjectNode extra = JSON.createObjectNode();
      extra.put("finetuning", cfg.fullParameters() ? "full" : "lora");
      extra.put("total_steps", total);
      Path dir = checkpoints.save(step, metric, d -> {
        if (adapter != null) {
          adapter.writeInto(d, modelDir.toAbsolutePath().normalize().toString());
        } else {
          // Float32 so that a resumed run continues from the exact weights.
          QwenCheckpointWriter.builder().optDtype("F32").build().writeInto(model, d);
        }
        opt.save(d.resolve(OPTIMIZER_FILE));
        new TrainerState(step, epoch, batch, cfg.seed(), extra).write(d);
      });
      listener.message("step " + step + ": saved " + dir);
      return dir;
    }

    private void plot() throws IOException {
      run.plot("loss.png", "SFT loss (cross-entropy on assistant tokens)", "loss",
          List.of("loss", "val_loss"), List.of());
      if (!val.isEmpty()) {
        run.plot("val.png", "Validation: format rate and accuracy (greedy)", "rate",
            List.of("val_format", "val_accuracy"), List.of(MetricsPlot.Series.level(
                "accuracy of always giving the task's most frequent training answer", baseline,
                0, total)));
      }
    }
  }
}
