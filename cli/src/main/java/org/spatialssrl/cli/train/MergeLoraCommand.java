package org.spatialssrl.cli.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.hf.HfWeights;
import org.spatialssrl.model.lora.LoraMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssrl merge-lora}: merges a PEFT LoRA adapter (from {@code ssrl train-sft}, PEFT or
 * LLaMA-Factory) into its base checkpoint and writes the merged model in the Hugging Face layout,
 * which {@code ssrl ask}, {@code ssrl serve}, the trainers, transformers and vLLM load.
 */
@Command(
    name = "merge-lora",
    mixinStandardHelpOptions = true,
    description = {
      "Merges a LoRA adapter into its base checkpoint.",
      "W' = W + alpha/r * B A, written as a Hugging Face checkpoint directory: config, tokenizer",
      "and processor files, safetensors",
      "(sharded with an index above --max-shard-size). Streams one tensor at a time."
    })
public final class MergeLoraCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "The base checkpoint the adapter was trained on.")
  Path model;

  @Option(names = "--adapter", required = true, paramLabel = "DIR",
      description = "The PEFT adapter directory (adapter_config.json, adapter_model.safetensors),"
          + " e.g. a checkpoint-<step>/ of ssrl train-sft.")
  Path adapter;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "The merged checkpoint (must not exist or be empty).")
  Path output;

  @Option(names = "--dtype", defaultValue = "auto", paramLabel = "T",
      description = "Stored weight type: auto (each tensor keeps the base's, bf16 for the released"
          + " models, as LLaMA-Factory's merge), float32, bfloat16 or float16 (default: ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--max-shard-size", defaultValue = "5000000000", paramLabel = "BYTES",
      description = "Largest safetensors shard (default: ${DEFAULT-VALUE}, transformers' 5GB).")
  long maxShardBytes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String type;
    try {
      type = dtype.equalsIgnoreCase("auto") ? null : HfWeights.dtypeOf(dtype);
      if (maxShardBytes <= 0) {
        throw new IllegalArgumentException("--max-shard-size must be positive");
      }
    } catch (IllegalArgumentException e) {
      err.println("ssrl merge-lora: " + e.getMessage());
      return 2;
    }
    try {
      int modules = LoraMerge.merge(model, adapter, output, type, maxShardBytes);
      out.printf("merged %d adapted projections of %s into %s%n", modules, adapter, output);
      return 0;
    } catch (CheckpointException | IOException e) {
      err.println("ssrl merge-lora: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
  }
}
