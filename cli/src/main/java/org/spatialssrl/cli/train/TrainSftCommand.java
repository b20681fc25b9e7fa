package org.spatialssrl.cli.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.model.ModelException;
import org.spatialssrl.model.lora.LoraConfig;
import org.spatialssrl.train.run.StopSignal;
import org.spatialssrl.train.sft.SftConfig;
import org.spatialssrl.train.sft.SftDataException;
import org.spatialssrl.train.sft.SftTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssrl train-sft}: cold-start supervised fine-tuning with LoRA on the data of
 * {@code ssrl sft-data}, with the released recipe's settings as defaults.
 */
@Command(
    name = "train-sft",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tunes a model on cold-start data with LoRA.",
      "The released recipe (LLaMA-Factory's): LoRA on the 7 projections of every decoder layer,",
      "loss on the assistant tokens, AdamW with a cosine schedule and warm-up.",
      "Writes OUTPUT/checkpoint-<step>/ (PEFT adapters), metrics.jsonl, loss.png, val.png;",
      "validation on DATA/val.jsonl when present. Ctrl-C saves a checkpoint and stops;",
      "--resume continues from the last one."
    })
public final class TrainSftCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base checkpoint (Hugging Face layout).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Cold-start data: DIR/train.jsonl (and DIR/val.jsonl) from ssrl sft-data.")
  Path data;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Run directory (new, or the run to --resume).")
  Path output;

  @Option(names = "--resume", description = "Continue the run in --output from its last checkpoint.")
  boolean resume;

  @Option(names = "--full", description = "Train every decoder weight instead of a LoRA adapter"
      + " (vision tower frozen); checkpoints are full float32 models.")
  boolean full;

  @Option(names = "--lora-rank", defaultValue = "128", paramLabel = "R", description = "LoRA r (default: ${DEFAULT-VALUE}).")
  int rank;

  @Option(names = "--lora-alpha", paramLabel = "A", description = "LoRA alpha (default: 2 x rank, 256).")
  Double alpha;

  @Option(names = "--lora-dropout", defaultValue = "0.0", paramLabel = "P", description = "LoRA dropout (default: ${DEFAULT-VALUE}).")
  double dropout;

  @Option(names = "--lr", defaultValue = "1e-5", paramLabel = "LR", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--epochs", defaultValue = "5", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--steps", defaultValue = "0", paramLabel = "N",
      description = "Optimizer steps of the run instead of the epochs' (transformers' max_steps; 0: off).")
  long steps;

  @Option(names = "--batch-size", defaultValue = "4", paramLabel = "N", description = "Examples per micro-batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--grad-accum", defaultValue = "8", paramLabel = "N",
      description = "Micro-batches per optimizer step (default: ${DEFAULT-VALUE}; the release's 8 GPUs x 8 = 64 gives its batch of 256).")
  int gradAccum;

  @Option(names = "--warmup-ratio", defaultValue = "0.1", paramLabel = "F", description = "Warm-up fraction (default: ${DEFAULT-VALUE}).")
  double warmupRatio;

  @Option(names = "--weight-decay", defaultValue = "0.0", paramLabel = "WD", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--max-grad-norm", defaultValue = "1.0", paramLabel = "N", description = "Gradient clip (default: ${DEFAULT-VALUE}).")
  double maxGradNorm;

  @Option(names = "--adam-beta1", defaultValue = "0.9", paramLabel = "B", description = "AdamW beta1 (default: ${DEFAULT-VALUE}).")
  double beta1;

  @Option(names = "--adam-beta2", defaultValue = "0.999", paramLabel = "B", description = "AdamW beta2 (default: ${DEFAULT-VALUE}).")
  double beta2;

  @Option(names = "--adam-eps", defaultValue = "1e-8", paramLabel = "E", description = "AdamW epsilon (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Data order and adapter initialisation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--save-steps", defaultValue = "15", paramLabel = "N", description = "Checkpoint every N steps and at the end (default: ${DEFAULT-VALUE}).")
  int saveSteps;

  @Option(names = "--save-limit", defaultValue = "0", paramLabel = "N",
      description = "Keep the last N checkpoints plus the best by validation loss (default: 0, all).")
  int saveLimit;

  @Option(names = "--eval-steps", paramLabel = "N", description = "Validate every N steps (default: --save-steps), before the first and after the last.")
  Integer evalSteps;

  @Option(names = "--eval-samples", defaultValue = "0", paramLabel = "N", description = "Validation examples used (default: 0, all).")
  int evalSamples;

  @Option(names = "--eval-batch-size", defaultValue = "8", paramLabel = "N", description = "Validation batch (default: ${DEFAULT-VALUE}).")
  int evalBatchSize;

  @Option(names = "--eval-max-tokens", defaultValue = "2048", paramLabel = "N", description = "Longest greedy validation reply (default: ${DEFAULT-VALUE}).")
  int evalMaxTokens;

  @Option(names = "--cutoff-len", defaultValue = "4096", paramLabel = "N", description = "Longest sequence in tokens (default: ${DEFAULT-VALUE}).")
  int cutoffLen;

  @Option(names = "--min-pixels", defaultValue = "1024", paramLabel = "N", description = "Images are scaled up to at least N pixels (default: ${DEFAULT-VALUE}).")
  int minPixels;

  @Option(names = "--max-pixels", defaultValue = "262144", paramLabel = "N", description = "Images are scaled down to at most N pixels (default: ${DEFAULT-VALUE}).")
  int maxPixels;

  @Option(names = "--quiet", description = "No progress bar (validation and checkpoint lines still go to stderr).")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SftConfig cfg;
    try {
      SftConfig.Builder b = SftConfig.builder().optFullParameters(full)
          .optLora(new LoraConfig(rank, alpha == null ? 2.0 * rank : alpha, dropout, false))
          .optLearningRate(lr).optEpochs(epochs).optMaxSteps(steps).optBatchSize(batchSize)
          .optGradientAccumulation(gradAccum).optWarmupRatio(warmupRatio).optWeightDecay(weightDecay)
          .optMaxGradNorm(maxGradNorm).optBetas(beta1, beta2).optEps(eps).optSeed(seed)
          .optSaveSteps(saveSteps).optSaveLimit(saveLimit).optEvalSamples(evalSamples)
          .optEvalBatchSize(evalBatchSize).optEvalMaxNewTokens(evalMaxTokens).optCutoffLen(cutoffLen)
          .optPixels(minPixels, maxPixels);
      if (evalSteps != null) {
        b.optEvalSteps(evalSteps);
      }
      cfg = b.build();
    } catch (IllegalArgumentException e) {
      err.println("ssrl train-sft: " + e.getMessage());
      return 2;
    }
    try (StopSignal stop = StopSignal.install();
        TrainProgressBar bar = new TrainProgressBar("sft", quiet, System.err)) {
      SftTrainer.Result r = new SftTrainer(cfg, bar, stop).run(model, data, output, resume);
      bar.close();
      out.printf("%s after %d of %d steps; last loss %.4f; newest checkpoint %s%n",
          r.stopped() ? "stopped" : "finished", r.steps(), r.totalSteps(), r.lastLoss(),
          r.lastCheckpoint());
      if (r.lastEval() != null) {
        out.printf("validation: loss %.4f, format rate %.3f, accuracy %.3f%n",
            r.lastEval().path("val_loss").asDouble(), r.lastEval().path("val_format").asDouble(),
            r.lastEval().path("val_accuracy").asDouble());
      }
      out.flush();
      return r.stopped() ? 130 : 0;
    } catch (SftDataException | ModelException | IOException e) {
      err.println("ssrl train-sft: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
  }
}
