package org.spatialssrl.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spatialssrl.io.AtomicDirectory;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.DjlRuntime;
import org.spatialssrl.model.hf.HfConfigFiles;
import org.spatialssrl.model.hf.HfWeights;
import org.spatialssrl.model.qwen.QwenTextConfig;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;
import org.spatialssrl.model.safetensors.SafetensorsWriter.Values;

/**
 * Merges a PEFT LoRA adapter into a checkpoint on disk, as PEFT's {@code merge_and_unload}:
 * {@code W' = W + s B A} for every adapted projection, every other tensor copied. The checkpoint
 * streams through one tensor at a time (memory: the largest tensor in float32, not the model),
 * keeps its tensor names and, by default, each tensor's stored type; the sum is computed in
 * float32 and rounded once to the stored type (PEFT on a bf16 model rounds {@code s B A} to bf16
 * before adding, so a bf16 merge can differ from PEFT's in the last bit of some weights).
 */
public final class LoraMerge {
  private static final Pattern PROJECTION = Pattern.compile(
      "model\\.(?:language_model\\.)?layers\\.(\\d+)\\.((?:self_attn|mlp)\\.\\w+_proj)\\.weight");

  private LoraMerge() {}

  /**
   * Writes the merged checkpoint (atomically: a temporary sibling renamed when complete).
   *
   * @param baseDir the base checkpoint (Hugging Face layout)
   * @param adapterDir the PEFT adapter directory
   * @param out the new checkpoint directory (absent or empty)
   * @param dtype the stored type of every tensor ({@code F32}, {@code BF16}, {@code F16}), or null
   *     to keep each tensor's own
   * @param maxShardBytes the shard size limit
   * @return the adapter modules merged
   * @throws CheckpointException when the adapter does not fit the checkpoint (before anything is
   *     written)
   * @throws IOException when writing fails
   */
  public static int merge(Path baseDir, Path adapterDir, Path out, String dtype, long maxShardBytes)
      throws IOException {
    DjlRuntime.configure();
    QwenTextConfig config = QwenTextConfig.read(baseDir);
    SafetensorsCheckpoint base = SafetensorsCheckpoint.open(baseDir);
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        LoraAdapter adapter = LoraAdapter.read(adapterDir, config, manager)) {
      Set<String> merged = new HashSet<>();
      List<HfWeights.Tensor> tensors = new ArrayList<>();
      for (Map.Entry<String, SafetensorsCheckpoint.TensorInfo> e : base.tensors().entrySet()) {
        String name = e.getKey();
        Matcher m = PROJECTION.matcher(name);
        int layer = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        Projection p = null;
        if (m.matches()) {
          String leaf = m.group(2).substring(m.group(2).indexOf('.') + 1);
          p = Projection.ofLeaf(leaf);
          if (adapter.parameters().containsKey(LoraAdapter.key(layer, p, true))) {
            merged.add(layer + "." + p.path());
          } else {
            p = null;
          }
        }
        Projection proj = p;
        String type = dtype != null ? dtype : e.getValue().dtype();
        HfWeights.torchDtypeOf(type); // rejects unknown types before anything is written
        tensors.add(new HfWeights.Tensor(name, e.getValue().shape(), type, sink -> {
          try (NDManager scratch = manager.newSubManager()) {
            NDArray w = base.load(scratch, name, null, DataType.FLOAT32);
            if (proj != null) {
              NDArray d = adapter.deltaWeight(layer, proj);
              d.attach(scratch);
              w = w.add(d);
            }
            Values.of(w).emit(sink);
          }
        }));
      }
      List<String> missing = new ArrayList<>();
      for (String module : adapter.modules()) {
        String k = module.substring("layers.".length());
        if (!merged.contains(k)) {
          missing.add(module);
        }
      }
      if (!missing.isEmpty()) {
        throw new CheckpointException("the adapter " + adapterDir + " adapts " + missing
            + " which the checkpoint " + baseDir + " does not have");
      }
      String torchDtype = dtype != null ? HfWeights.torchDtypeOf(dtype) : config.torchDtype();
      AtomicDirectory.create(out, dir -> {
        HfConfigFiles.copy(baseDir, dir, torchDtype);
        HfWeights.write(dir, tensors, maxShardBytes);
      });
      return merged.size();
    }
  }
}
