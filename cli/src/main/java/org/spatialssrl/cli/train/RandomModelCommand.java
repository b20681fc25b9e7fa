package org.spatialssrl.cli.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.io.AtomicDirectory;
import org.spatialssrl.model.qwen.RandomQwenCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssrl random-model}: writes a random-weight Qwen2.5-VL-shaped checkpoint with the
 * byte-level test tokenizer ({@link RandomQwenCheckpoint}), for learning experiments and
 * benchmarks that must not download a model.
 */
@Command(
    name = "random-model",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a random Qwen2.5-VL-shaped checkpoint.",
      "Byte-level tokenizer, Qwen2.5-VL chat template, vision tower unless --no-vision; for",
      "experiments and benchmarks that must not download a model."
    })
public final class RandomModelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "The new checkpoint directory.")
  Path output;

  @Option(names = "--hidden", defaultValue = "128", paramLabel = "N", description = "Decoder width (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--layers", defaultValue = "4", paramLabel = "N", description = "Decoder layers (default: ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--heads", defaultValue = "4", paramLabel = "N", description = "Query heads (default: ${DEFAULT-VALUE}).")
  int heads;

  @Option(names = "--kv-heads", defaultValue = "2", paramLabel = "N", description = "Key/value heads (default: ${DEFAULT-VALUE}).")
  int kvHeads;

  @Option(names = "--intermediate", defaultValue = "256", paramLabel = "N", description = "MLP width (default: ${DEFAULT-VALUE}).")
  int intermediate;

  @Option(names = "--tied", description = "Tie the output head to the embeddings.")
  boolean tied;

  @Option(names = "--vision-depth", defaultValue = "2", paramLabel = "N", description = "Vision blocks (default: ${DEFAULT-VALUE}).")
  int visionDepth;

  @Option(names = "--vision-hidden", defaultValue = "64", paramLabel = "N", description = "Vision width (default: ${DEFAULT-VALUE}).")
  int visionHidden;

  @Option(names = "--vision-heads", defaultValue = "2", paramLabel = "N", description = "Vision heads (default: ${DEFAULT-VALUE}).")
  int visionHeads;

  @Option(names = "--vision-intermediate", defaultValue = "128", paramLabel = "N", description = "Vision MLP width (default: ${DEFAULT-VALUE}).")
  int visionIntermediate;

  @Option(names = "--no-vision", description = "A text-only checkpoint.")
  boolean noVision;

  @Option(names = "--max-pixels", defaultValue = "50176", paramLabel = "N",
      description = "The image processor's max_pixels (default: ${DEFAULT-VALUE}, 224 x 224: 64 tokens).")
  int maxPixels;

  @Option(names = "--init-std", defaultValue = "0.02", paramLabel = "S", description = "Weight standard deviation (default: ${DEFAULT-VALUE}).")
  double initStd;

  @Option(names = "--dtype", defaultValue = "F32", paramLabel = "T", description = "F32, BF16 or F16 (default: ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Weight seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RandomQwenCheckpoint ckpt;
    try {
      RandomQwenCheckpoint.Builder b = RandomQwenCheckpoint.builder()
          .optText(hidden, layers, heads, kvHeads, intermediate).optTied(tied)
          .optPixels(Math.min(3136, maxPixels), maxPixels).optInitializerRange(initStd)
          .optDtype(dtype).optSeed(seed);
      if (noVision) {
        b.optNoVision();
      } else {
        b.optVision(visionDepth, visionHidden, visionHeads, visionIntermediate);
      }
      ckpt = b.build();
    } catch (IllegalArgumentException e) {
      err.println("ssrl random-model: " + e.getMessage());
      return 2;
    }
    try {
      AtomicDirectory.create(output, dir -> ckpt.write(dir));
    } catch (IOException e) {
      err.println("ssrl random-model: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
    out.printf("wrote a random Qwen2.5-VL-shaped checkpoint (%,d parameters) to %s%n",
        ckpt.parameterCount(), output);
    return 0;
  }
}
