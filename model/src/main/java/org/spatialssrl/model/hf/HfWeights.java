package org.spatialssrl.model.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.spatialssrl.model.safetensors.SafetensorsWriter;

/**
 * Writes the weights of a Hugging Face checkpoint directory as {@code save_pretrained} does: one
 * {@code model.safetensors}, or, above the shard size, {@code model-0000k-of-0000n.safetensors}
 * shards filled in order (a tensor larger than the limit gets a shard of its own, as
 * {@code huggingface_hub}'s splitter does) and {@code model.safetensors.index.json}
 * ({@code metadata.total_size}, {@code weight_map}). Every file carries the metadata
 * {@code {"format": "pt"}}.
 */
public final class HfWeights {
  /** transformers' default {@code max_shard_size}, "5GB". */
  public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;

  /**
   * One tensor of the checkpoint.
   *
   * @param name the released name
   * @param shape the shape
   * @param dtype the stored type: {@code F32}, {@code BF16} or {@code F16}
   * @param values the values, produced while writing
   */
  public record Tensor(String name, long[] shape, String dtype, SafetensorsWriter.Values values) {
    /**
     * The stored size.
     *
     * @return bytes
     */
    public long bytes() {
      long n = dtype.equals("F32") ? 4 : 2;
      for (long s : shape) {
        n *= s;
      }
      return n;
    }
  }

  private HfWeights() {}

  /**
   * Writes the weight files into a directory.
   *
   * @param dir the checkpoint directory (existing)
   * @param tensors the tensors, in the order to store them
   * @param maxShardBytes the shard size limit
   * @return the names of the files written
   * @throws IOException when writing fails
   */
  public static List<String> write(Path dir, List<Tensor> tensors, long maxShardBytes)
      throws IOException {
    if (maxShardBytes <= 0) {
      throw new IllegalArgumentException("the shard size must be positive");
    }
    List<List<Tensor>> shards = new ArrayList<>();
    List<Tensor> current = new ArrayList<>();
    long currentBytes = 0;
    long total = 0;
    for (Tensor t : tensors) {
      long b = t.bytes();
      total += b;
      if (b > maxShardBytes) {
        shards.add(List.of(t));
        continue;
      }
      if (currentBytes + b > maxShardBytes && !current.isEmpty()) {
        shards.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(t);
      currentBytes += b;
    }
    if (!current.isEmpty()) {
      shards.add(current);
    }
    List<String> files = new ArrayList<>();
    TreeMap<String, String> weightMap = new TreeMap<>();
    for (int s = 0; s < shards.size(); s++) {
      String file = shards.size() == 1 ? "model.safetensors"
          : String.format("model-%05d-of-%05d.safetensors", s + 1, shards.size());
      SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
      for (Tensor t : shards.get(s)) {
        w.add(t.name(), t.shape(), t.dtype(), t.values());
        weightMap.put(t.name(), file);
      }
      w.write(dir.resolve(file), "F32");
      files.add(file);
    }
    if (shards.size() > 1) {
      ObjectMapper json = new ObjectMapper();
      ObjectNode index = json.createObjectNode();
      index.putObject("metadata").put("total_size", total);
      ObjectNode map = index.putObject("weight_map");
      weightMap.forEach(map::put);
      Files.writeString(dir.resolve("model.safetensors.index.json"), HfJson.dumps(index) + "\n",
          StandardCharsets.UTF_8);
      files.add("model.safetensors.index.json");
    }
    return files;
  }

  /**
   * The safetensors type of a {@code torch_dtype} name.
   *
   * @param torchDtype {@code float32}, {@code bfloat16} or {@code float16}
   * @return {@code F32}, {@code BF16} or {@code F16}
   * @throws IllegalArgumentException for other names
   */
  public static String dtypeOf(String torchDtype) {
    return switch (torchDtype.toLowerCase(java.util.Locale.ROOT)) {
      case "float32", "f32", "fp32" -> "F32";
      case "bfloat16", "bf16" -> "BF16";
      case "float16", "f16", "fp16", "half" -> "F16";
      default -> throw new IllegalArgumentException(
          "unknown weight type " + torchDtype + " (use float32, bfloat16 or float16)");
    };
  }

  /**
   * The {@code torch_dtype} name of a safetensors type.
   *
   * @param dtype {@code F32}, {@code BF16} or {@code F16}
   * @return {@code float32}, {@code bfloat16} or {@code float16}
   */
  public static String torchDtypeOf(String dtype) {
    return switch (dtype) {
      case "F32" -> "float32";
      case "BF16" -> "bfloat16";
      case "F16" -> "float16";
      default -> throw new IllegalArgumentException("unknown safetensors type " + dtype);
    };
  }
}
