package org.spatialssrl.cli.model;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import org.spatialssrl.model.qwen.QwenModel;
import picocli.CommandLine.Option;

/** Options shared by the model commands: which checkpoint and in which precision. */
public final class ModelOptions {
  /** The precision of the computation. */
  public enum Precision {
    /** float32 (default): weights widened exactly, the reference numerics. */
    FLOAT32,
    /** float16: half the weight memory; norms, softmax and logits stay in float32. */
    FLOAT16
  }

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Hugging Face checkpoint directory (config.json, *.safetensors, tokenizer.json, ...).")
  Path model;

  @Option(names = "--precision", defaultValue = "FLOAT32", paramLabel = "P",
      description = "Compute precision: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Precision precision;

  /**
   * Loads the model.
   *
   * @return the loaded model
   */
  public QwenModel load() {
    return QwenModel.builder()
        .setModelDir(model)
        .optComputeType(precision == Precision.FLOAT16 ? DataType.FLOAT16 : DataType.FLOAT32)
        .build();
  }
}
