package org.spatialssrl.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spatialssrl.io.AtomicDirectory;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.hf.HfJson;
import org.spatialssrl.model.qwen.DecoderAdapter;
import org.spatialssrl.model.qwen.QwenCheckpointWriter;
import org.spatialssrl.model.qwen.QwenDecoder;
import org.spatialssrl.model.qwen.QwenTextConfig;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;
import org.spatialssrl.model.safetensors.SafetensorsWriter;
import org.spatialssrl.seed.Seeds;

/**
 * A LoRA adapter on the seven projections of every decoder layer, as PEFT computes it: for a
 * projection with weight {@code W (out, in)}, {@code y = x W^T + b + s (dropout(x) A^T) B^T}
 * with {@code A (r, in)}, {@code B (out, r)} in float32 and {@code s = alpha / r}. A new adapter
 * starts as PEFT's does: {@code A ~ U(-1/sqrt(in), 1/sqrt(in))} (kaiming-uniform with
 * {@code a = sqrt(5)}; drawn from seeded streams, one per tensor), {@code B = 0}, so the model's
 * output is unchanged. Attached to a {@link QwenDecoder}, it acts in generation, scoring and
 * training alike; {@link #setEnabled(boolean) disabled}, the decoder computes the base model.
 *
 * <p>The adapter directory is PEFT's: {@code adapter_config.json} ({@code indent=2,
 * sort_keys=True}, the fields of PEFT 0.17.1) and {@code adapter_model.safetensors} (F32,
 * metadata {@code {"format": "pt"}}, keys
 * {@code base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight}, the naming of
 * transformers before 4.52 that every PEFT and vLLM version loads). {@code target_modules} is
 * the regular expression {@link #TARGET_MODULES}, which matches the projections under both
 * transformers namings ({@code model.layers...} and {@code model.language_model.layers...}) and
 * never the vision tower's MLPs; a list of full module paths would match only one naming.
 */
public final class LoraAdapter implements DecoderAdapter, AutoCloseable {
  /** The configuration file of an adapter directory. */
  public static final String CONFIG_FILE = "adapter_config.json";
  /** The weights file of an adapter directory. */
  public static final String WEIGHTS_FILE = "adapter_model.safetensors";
  /** The {@code target_modules} written: the 7 projections of the language model only. */
  public static final String TARGET_MODULES =
      "^(?!.*visual).*\\.(q_proj|k_proj|v_proj|o_proj|gate_proj|up_proj|down_proj)$";

  private static final Pattern KEY = Pattern.compile(
      "base_model\\.model\\.model\\.(?:language_model\\.)?layers\\.(\\d+)\\.(self_attn\\.[qkvo]_proj"
          + "|mlp\\.(?:gate|up|down)_proj)\\.lora_([AB])\\.weight");
  private static final Projection[] P = Projection.values();

  private final QwenTextConfig model;
  private final LoraConfig config;
  private final NDManager manager;
  /** {@code [layer][projection][0 = A, 1 = B]}; null where the adapter has no such module. */
  private final NDArray[][][] weights;
  private final Map<String, NDArray> parameters;
  private final float scaling;
  private volatile boolean enabled = true;
  private volatile boolean training;

  private LoraAdapter(QwenTextConfig model, LoraConfig config, NDManager manager,
      NDArray[][][] weights) {
    this.model = model;
    this.config = config;
    this.manager = manager;
    this.weights = weights;
    this.scaling = (float) config.scaling();
    Map<String, NDArray> params = new TreeMap<>();
    for (int l = 0; l < weights.length; l++) {
      for (Projection p : P) {
        NDArray[] ab = weights[l][p.ordinal()];
        if (ab != null) {
          params.put(key(l, p, true), ab[0]);
          params.put(key(l, p, false), ab[1]);
        }
      }
    }
    this.parameters = Collections.unmodifiableMap(params);
  }

  /**
   * A new adapter on all seven projections of every layer, initialised as PEFT does.
   *
   * @param model the model's configuration
   * @param config rank, alpha, dropout
   * @param seed the seed of {@code A}
   * @param parent the manager under which the weights are allocated (the model's)
   * @return the adapter
   */
  public static LoraAdapter create(QwenTextConfig model, LoraConfig config, long seed, NDManager parent) {
    NDManager m = parent.newSubManager();
    NDArray[][][] w = new NDArray[model.numLayers()][P.length][];
    int r = config.rank();
    for (int l = 0; l < w.length; l++) {
      for (Projection p : P) {
        int in = p.in(model);
        float[] a = new float[r * in];
        double bound = 1.0 / Math.sqrt(in);
        SplittableRandom rng = Seeds.random(seed, key(l, p, true));
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        w[l][p.ordinal()] = new NDArray[] {
          m.create(a, new Shape(r, in)), m.zeros(new Shape(p.out(model), r), DataType.FLOAT32)};
      }
    }
    return new LoraAdapter(model, config, m, w);
  }

  /**
   * Reads a PEFT adapter directory written for a model of this configuration (by this class,
   * PEFT or LLaMA-Factory; both transformers namings of the keys are accepted).
   *
   * @param dir the adapter directory
   * @param model the configuration of the model it is applied to
   * @param parent the manager under which the weights are allocated
   * @return the adapter
   * @throws CheckpointException naming the file and the reason when the adapter is not a plain
   *     LoRA adapter of the decoder's projections or does not fit the model
   */
  public static LoraAdapter read(Path dir, QwenTextConfig model, NDManager parent) {
    LoraConfig config = readConfig(dir);
    Path file = dir.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("no " + WEIGHTS_FILE + " in adapter directory " + dir);
    }
    SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.openFile(file);
    NDManager m = parent.newSubManager();
    try {
      NDArray[][][] w = new NDArray[model.numLayers()][P.length][];
      int r = config.rank();
      for (String key : ckpt.tensors().keySet()) {
        Matcher k = KEY.matcher(key);
        if (!k.matches()) {
          throw new CheckpointException(file + ": tensor " + key + " is not a LoRA A/B weight of a"
              + " decoder projection (q/k/v/o/gate/up/down_proj of model.layers.N); this runtime"
              + " supports LoRA on those only");
        }
        int layer = Integer.parseInt(k.group(1));
        if (layer >= model.numLayers()) {
          throw new CheckpointException(file + ": tensor " + key + " is for layer " + layer
              + " but the model has " + model.numLayers() + " layers; the adapter was trained"
              + " for another checkpoint");
        }
        Projection p = Projection.ofLeaf(k.group(2).substring(k.group(2).indexOf('.') + 1));
        boolean isA = k.group(3).equals("A");
        long[] shape = isA ? new long[] {r, p.in(model)} : new long[] {p.out(model), r};
        long[] actual = ckpt.tensors().get(key).shape();
        if (!Arrays.equals(shape, actual)) {
          throw new CheckpointException(file + ": tensor " + key + " has shape "
              + Arrays.toString(actual) + " but this model (r=" + r + ") needs "
              + Arrays.toString(shape) + "; the adapter was trained for another checkpoint");
        }
        NDArray[] ab = w[layer][p.ordinal()];
        if (ab == null) {
          ab = new NDArray[2];
          w[layer][p.ordinal()] = ab;
        }
        if (ab[isA ? 0 : 1] != null) {
          throw new CheckpointException(file + ": " + key + " appears twice (under both namings)");
        }
        ab[isA ? 0 : 1] = ckpt.load(m, key, shape, DataType.FLOAT32);
      }
      int modules = 0;
      for (int l = 0; l < w.length; l++) {
        for (Projection p : P) {
          NDArray[] ab = w[l][p.ordinal()];
          if (ab != null && (ab[0] == null || ab[1] == null)) {
            throw new CheckpointException(file + ": layer " + l + " " + p.path()
                + " has only one of lora_A and lora_B");
          }
          modules += ab == null ? 0 : 1;
        }
      }
      if (modules == 0) {
        throw new CheckpointException(file + " holds no LoRA weights");
      }
      return new LoraAdapter(model, config, m, w);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * Reads and checks {@code adapter_config.json}.
   *
   * @param dir the adapter directory
   * @return its rank, alpha, dropout and scaling kind
   * @throws CheckpointException when it is missing or asks for something this runtime does not do
   */
  public static LoraConfig readConfig(Path dir) {
    Path f = dir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(f)) {
      throw new CheckpointException("no " + CONFIG_FILE + " in " + dir + " (not a PEFT adapter directory)");
    }
    JsonNode c;
    try {
      c = new ObjectMapper().readTree(f.toFile());
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + f + ": " + e.getMessage(), e);
    }
    String type = c.path("peft_type").asText("");
    if (!type.equals("LORA")) {
      throw new CheckpointException(f + ": peft_type is '" + type + "'; only LORA adapters are supported");
    }
    for (String unsupported : new String[] {"use_dora", "fan_in_fan_out", "lora_bias"}) {
      if (c.path(unsupported).asBoolean(false)) {
        throw new CheckpointException(f + ": " + unsupported + " is true; not supported");
      }
    }
    for (String pattern : new String[] {"rank_pattern", "alpha_pattern"}) {
      if (c.path(pattern).size() > 0) {
        throw new CheckpointException(f + ": a per-module " + pattern + " is not supported");
      }
    }
    if (c.path("modules_to_save").size() > 0) {
      throw new CheckpointException(f + ": modules_to_save " + c.get("modules_to_save")
          + " (fully trained module copies) is not supported");
    }
    if (!c.path("bias").asText("none").equals("none")) {
      throw new CheckpointException(f + ": bias '" + c.get("bias").asText() + "' is not supported");
    }
    if (!c.path("r").isInt() || !c.path("lora_alpha").isNumber()) {
      throw new CheckpointException(f + " lacks r or lora_alpha");
    }
    try {
      return new LoraConfig(c.get("r").asInt(), c.get("lora_alpha").asDouble(),
          c.path("lora_dropout").asDouble(0), c.path("use_rslora").asBoolean(false));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(f + ": " + e.getMessage(), e);
    }
  }

  /**
   * The adapter-file key of a LoRA weight.
   *
   * @param layer the decoder layer
   * @param p the projection
   * @param a true for {@code lora_A}, false for {@code lora_B}
   * @return {@code base_model.model.model.layers.N.<path>.lora_A.weight}
   */
  public static String key(int layer, Projection p, boolean a) {
    return "base_model.model.model.layers." + layer + "." + p.path() + ".lora_" + (a ? "A" : "B")
        + ".weight";
  }

  /**
   * The trainable arrays ({@code A} and {@code B} of every module) by adapter-file key, sorted.
   *
   * @return an unmodifiable map
   */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /**
   * The settings.
   *
   * @return rank, alpha, dropout
   */
  public LoraConfig config() {
    return config;
  }

  /**
   * The configuration of the model this adapter fits.
   *
   * @return the text configuration
   */
  public QwenTextConfig modelConfig() {
    return model;
  }

  /**
   * Turns the adapter on or off; off, the decoder computes the base model (GRPO with LoRA uses
   * that as its reference policy).
   *
   * @param enabled whether the adapter acts
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Whether the adapter acts.
   *
   * @return true when enabled
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Training mode: LoRA dropout is applied (nothing changes when the dropout is 0).
   *
   * @param training true while training
   */
  public void setTraining(boolean training) {
    this.training = training;
  }

  /**
   * Attaches the adapter to a decoder.
   *
   * @param decoder the decoder (of a model with this configuration)
   */
  public void attach(QwenDecoder decoder) {
    if (!decoder.config().equals(model)) {
      throw new IllegalArgumentException("the adapter was made for " + model + ", not " + decoder.config());
    }
    decoder.setAdapter(this);
  }

  @Override
  public NDArray delta(int layer, Site site, NDArray input) {
    if (!enabled) {
      return null;
    }
    NDArray x = input.getDataType() == DataType.FLOAT32 ? input : input.toType(DataType.FLOAT32, false);
    NDArray d = switch (site) {
      case QKV -> NDArrays.concat(
          new NDList(branch(layer, Projection.Q, x), branch(layer, Projection.K, x),
              branch(layer, Projection.V, x)), -1);
      case O -> branch(layer, Projection.O, x);
      case GATE_UP -> NDArrays.concat(
          new NDList(branch(layer, Projection.GATE, x), branch(layer, Projection.UP, x)), -1);
      case DOWN -> branch(layer, Projection.DOWN, x);
    };
    return d.getDataType() == input.getDataType() ? d : d.toType(input.getDataType(), false);
  }

  /** {@code s (dropout(x) A^T) B^T}, or zeros where the adapter has no such module. */
  private NDArray branch(int layer, Projection p, NDArray x) {
    NDArray[] ab = weights[layer][p.ordinal()];
    if (ab == null) {
      long[] s = x.getShape().getShape().clone();
      s[s.length - 1] = p.out(model);
      return x.getManager().zeros(new Shape(s), DataType.FLOAT32);
    }
    NDArray in = training && config.dropout() > 0
        ? Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow() : x;
    NDArray low = Linear.linear(in, ab[0]).singletonOrThrow();
    return Linear.linear(low, ab[1]).singletonOrThrow().mul(scaling);
  }

  /**
   * The merged change of one projection's weight, {@code s B A}, in float32.
   *
   * @param layer the decoder layer
   * @param p the projection
   * @return {@code (out, in)}, owned by the adapter's manager (close it after use), or null when
   *     the adapter has no such module
   */
  public NDArray deltaWeight(int layer, Projection p) {
    NDArray[] ab = weights[layer][p.ordinal()];
    if (ab == null) {
      return null;
    }
    return ab[1].matMul(ab[0]).muli(scaling);
  }

  /**
   * This adapter as the change a {@link QwenCheckpointWriter} adds while writing (a merged
   * checkpoint: {@code W' = W + s B A}).
   *
   * @return the weight change
   */
  public QwenCheckpointWriter.WeightDelta asWeightDelta() {
    return (layer, projection, weight) -> deltaWeight(layer, Projection.ofLeaf(projection));
  }

  /**
   * Writes the adapter directory atomically.
   *
   * @param dir the new directory (absent or empty)
   * @param baseModel recorded as {@code base_model_name_or_path}
   * @throws IOException when writing fails
   */
  public void write(Path dir, String baseModel) throws IOException {
    AtomicDirectory.create(dir, d -> writeInto(d, baseModel));
  }

  /**
   * Writes {@code adapter_config.json} and {@code adapter_model.safetensors} into a directory.
   *
   * @param dir the directory
   * @param baseModel recorded as {@code base_model_name_or_path}
   * @throws IOException when writing fails
   */
  public void writeInto(Path dir, String baseModel) throws IOException {
    Files.writeString(dir.resolve(CONFIG_FILE), HfJson.dumps(peftConfig(baseModel)),
        StandardCharsets.UTF_8);
    SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      w.add(e.getKey(), e.getValue().getShape().getShape(), "F32",
          SafetensorsWriter.Values.of(e.getValue()));
    }
    w.write(dir.resolve(WEIGHTS_FILE), "F32");
  }

  /** The fields PEFT 0.17.1 saves for this LoraConfig (TRAINING.md 3.2). */
  private ObjectNode peftConfig(String baseModel) {
    ObjectNode c = new ObjectMapper().createObjectNode();
    c.putObject("alpha_pattern");
    c.putNull("auto_mapping");
    c.put("base_model_name_or_path", baseModel);
    c.put("bias", "none");
    c.putNull("corda_config");
    c.putNull("eva_config");
    c.putNull("exclude_modules");
    c.put("fan_in_fan_out", false);
    c.put("inference_mode", true);
    c.put("init_lora_weights", true);
    c.putNull("layer_replication");
    c.putNull("layers_pattern");
    c.putNull("layers_to_transform");
    c.putObject("loftq_config");
    if (config.alpha() == Math.rint(config.alpha())) {
      c.put("lora_alpha", (long) config.alpha());
    } else {
      c.put("lora_alpha", config.alpha());
    }
    c.put("lora_bias", false);
    c.put("lora_dropout", config.dropout());
    c.putNull("megatron_config");
    c.put("megatron_core", "megatron.core");
    c.putNull("modules_to_save");
    c.put("peft_type", "LORA");
    c.put("qalora_group_size", 16);
    c.put("r", config.rank());
    c.putObject("rank_pattern");
    c.putNull("revision");
    c.put("target_modules", TARGET_MODULES);
    c.putNull("target_parameters");
    c.put("task_type", "CAUSAL_LM");
    c.putNull("trainable_token_indices");
    c.put("use_dora", false);
    c.put("use_qalora", false);
    c.put("use_rslora", config.rsLora());
    return c;
  }

  /**
   * The number of trainable values.
   *
   * @return the sum of the sizes of all A and B
   */
  public long parameterCount() {
    long n = 0;
    for (NDArray a : parameters.values()) {
      n += a.size();
    }
    return n;
  }

  /**
   * The modules the adapter holds, as {@code layers.N.self_attn.q_proj} paths.
   *
   * @return the paths, sorted
   */
  public List<String> modules() {
    return parameters.keySet().stream().filter(k -> k.endsWith(".lora_A.weight"))
        .map(k -> k.substring("base_model.model.model.".length(), k.length() - ".lora_A.weight".length()))
        .toList();
  }

  @Override
  public void close() {
    manager.close();
  }
}
