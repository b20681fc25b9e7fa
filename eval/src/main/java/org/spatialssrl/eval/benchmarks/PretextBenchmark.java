package org.spatialssrl.eval.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.eval.Aggregates;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.BenchmarkReport;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.ItemScore;
import org.spatialssrl.eval.MediaRef;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.eval.PromptMode;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.eval.ScoredItem;
import org.spatialssrl.eval.backend.EmbeddedBackend;
import org.spatialssrl.eval.media.MediaPreparer;
import org.spatialssrl.eval.run.EvalRunner;
import org.spatialssrl.eval.run.Evaluation;
import org.spatialssrl.eval.run.Predictions;
import org.spatialssrl.eval.run.Scoring;
import org.spatialssrl.model.Policy;
import org.spatialssrl.reward.RewardScore;
import org.spatialssrl.reward.SpatialReward;
import org.spatialssrl.task.Prompts;

/**
 * A generated dataset's split as a benchmark: every row of {@code val.jsonl} (or
 * {@code train.jsonl}) is asked as written (its {@code <image>} places filled in order, the
 * format prompt added when the problem lacks it) and scored with the released
 * {@link SpatialReward}: the figure is the reward's accuracy term, per task, with the mean
 * reward, the format rate and per-variant accuracy as variants. This is what the trainers
 * validate with.
 */
public final class PretextBenchmark implements Benchmark {
  private static final Pattern IMAGE = Pattern.compile(Pattern.quote(Prompts.IMAGE));
  private final EvalOptions options;
  private final SpatialReward reward;

  /**
   * A pretext benchmark with the released reward.
   *
   * @param options the split ({@link EvalOptions#split()}) and the prompt mode
   */
  public PretextBenchmark(EvalOptions options) {
    this(options, SpatialReward.released());
  }

  /**
   * A pretext benchmark with a reward of one's own (weights, research options).
   *
   * @param options the split and the prompt mode
   * @param reward the reward
   */
  public PretextBenchmark(EvalOptions options, SpatialReward reward) {
    this.options = options;
    this.reward = reward;
  }

  @Override
  public String id() {
    return "pretext";
  }

  @Override
  public String displayName() {
    return "Pretext tasks (" + options.split() + ")";
  }

  /**
   * The split's file in a dataset directory.
   *
   * @param dataset the dataset directory
   * @return {@code val.jsonl} or {@code train.jsonl} in it
   */
  public Path splitFile(Path dataset) {
    return dataset.resolve(options.split() + ".jsonl");
  }

  @Override
  public List<EvalItem> load(Path input) throws IOException {
    Path file = Files.isDirectory(input) ? splitFile(input) : input;
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isRegularFile(file)) {
      throw new IOException("no " + file.getFileName() + " in " + dir
          + (options.split().equals("val") ? " (generate with --val-fraction, or use --split train)" : ""));
    }
    List<EvalItem> items = new ArrayList<>();
    for (DatasetRow row : RowJson.readAll(file)) {
      List<MediaRef> media = new ArrayList<>();
      row.images().forEach(p -> media.add(new MediaRef.ImageFile(dir.resolve(p))));
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("variant", row.variant());
      items.add(new EvalItem(row.id(), row.task(), row.problem(), Map.of(), row.answer(), media, fields,
          Media.missing(media)));
    }
    return items;
  }

  @Override
  public List<PromptPart> prompt(EvalItem item) {
    String problem = item.question();
    if (options.promptMode() == PromptMode.FORMAT && !problem.contains(Prompts.FORMAT_PROMPT)) {
      problem = Prompts.withFormatPrompt(problem);
    }
    List<PromptPart> parts = new ArrayList<>();
    List<MediaRef> media = item.media();
    String[] pieces = IMAGE.split(problem, -1);
    if (pieces.length - 1 != media.size()) {
      media.forEach(m -> parts.add(new PromptPart.Media(m))); // no places to put them: first
      parts.add(new PromptPart.Text(problem.replace(Prompts.IMAGE, "")));
      return parts;
    }
    for (int k = 0; k < pieces.length; k++) {
      if (!pieces[k].isEmpty()) {
        parts.add(new PromptPart.Text(pieces[k]));
      }
      if (k < media.size()) {
        parts.add(new PromptPart.Media(media.get(k)));
      }
    }
    return parts;
  }

  @Override
  public ModelSettings settings(String modelName) {
    return ModelSettings.greedy4096(4 * ModelSettings.TOKEN_PIXELS, 16384 * ModelSettings.TOKEN_PIXELS);
  }

  @Override
  public ItemScore score(EvalItem item, String response) {
    RewardScore s = reward.score(response, item.answer());
    return new ItemScore(s.accuracy(), SpatialReward.extractAnswer(response).orElse(""), "boxed",
        SpatialReward.extractAnswer(response).isPresent(), Map.of("reward", s.overall(), "format", s.format()));
  }

  @Override
  public BenchmarkReport aggregate(List<ScoredItem> items) {
    Map<String, BenchmarkReport.Variant> variants = new LinkedHashMap<>();
    variants.put("reward", Aggregates.variantOf(Aggregates.variant(items, "reward"), "mean reward (0.9 accuracy + 0.1 format)"));
    variants.put("format", Aggregates.variantOf(Aggregates.variant(items, "format"), "format rate (<think>...</think>...\\boxed{})"));
    Map<String, double[]> byVariant = new TreeMap<>();
    for (ScoredItem s : items) {
      double[] a = byVariant.computeIfAbsent(s.item().type() + "/" + s.item().field("variant"), k -> new double[2]);
      a[0] += s.score().score();
      a[1]++;
    }
    Map<String, Double> perVariant = new LinkedHashMap<>();
    byVariant.forEach((k, a) -> perVariant.put(k, a[0] / a[1]));
    variants.put("by_variant", new BenchmarkReport.Variant(Aggregates.scores(items).overall(),
        "accuracy per task/variant", perVariant));
    return Aggregates.microReport(this, items, "micro accuracy (the reward's exact-answer term)", variants);
  }

  /**
   * Validates a model on a dataset split: asks every row (or the first {@code limit}) with the
   * given settings, in batches, and scores the responses with the reward. Nothing is written;
   * a row that fails (a missing image, a model error) counts as wrong and is reported.
   *
   * @param dataset the dataset directory
   * @param policy the model
   * @param settings decoding and image settings ({@link #settings(String)} is greedy, 4,096
   *     tokens)
   * @param batchSize rows per generation call
   * @param limit the most rows, or null for all
   * @return the report: accuracy per task, mean reward, format rate, accuracy per variant
   * @throws IOException when the split cannot be read
   */
  public BenchmarkReport evaluate(Path dataset, Policy policy, ModelSettings settings,
      int batchSize, Integer limit) throws IOException {
    List<EvalItem> items = Evaluation.select(load(dataset), Set.of(), limit);
    EmbeddedBackend backend = new EmbeddedBackend(policy, "policy", batchSize, false);
    MediaPreparer media = new MediaPreparer(true, false, 0);
    EvalRunner runner = new EvalRunner(this, backend, media, settings, options.promptMode().id(), 1);
    EvalRunner.Summary summary = runner.run(items, null, new EvalRunner.Listener() {});
    return aggregate(Scoring.score(this, items,
        Predictions.fromCache(summary.records())));
  }

  @Override
  public String scorerDescription() {
    return "SpatialReward (released): the last balanced \\boxed{} equals the answer exactly";
  }
}
