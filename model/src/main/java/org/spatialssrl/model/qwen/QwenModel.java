package org.spatialssrl.model.qwen;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.DjlRuntime;
import org.spatialssrl.model.UnsupportedInputException;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;
import org.spatialssrl.model.tokenizer.ChatTemplate;
import org.spatialssrl.model.tokenizer.QwenTokenizer;
import org.spatialssrl.model.vision.ImageProcessor;
import org.spatialssrl.model.vision.ImageSource;
import org.spatialssrl.model.vision.MultimodalPrompt;
import org.spatialssrl.model.vision.ProcessedImage;
import org.spatialssrl.model.vision.VisionConfig;
import org.spatialssrl.model.vision.VisionTower;

/**
 * A loaded Qwen2.5-VL checkpoint: configuration, decoder weights, the vision tower and image
 * processor when the checkpoint has them, tokenizer, chat template and the stop tokens of
 * {@code generation_config.json}.
 *
 * <p>Thread safety: the model is read-only after loading and may be shared; generation calls
 * should be serialized by the caller (libtorch already uses all cores for one call).
 */
public final class QwenModel implements AutoCloseable {
  private final Path dir;
  private final QwenTextConfig config;
  private final NDManager manager;
  private final QwenDecoder decoder;
  private final VisionTower vision;
  private final ImageProcessor imageProcessor;
  private final QwenTokenizer tokenizer;
  private final ChatTemplate template;
  private final Set<Integer> stopTokenIds;
  private final int padId;

  private QwenModel(Builder b) {
    DjlRuntime.configure();
    this.dir = b.dir;
    if (!Files.isDirectory(dir)) {
      throw new CheckpointException("model directory " + dir + " does not exist");
    }
    this.config = QwenTextConfig.read(dir);
    this.tokenizer = QwenTokenizer.load(dir);
    this.template = ChatTemplate.load(dir);
    this.manager = NDManager.newBaseManager("PyTorch");
    try {
      SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(dir);
      this.decoder = QwenDecoder.load(checkpoint, config, b.computeType, manager);
      VisionConfig vc = VisionConfig.fromJson(readConfigJson(dir));
      this.vision = vc != null && VisionTower.present(checkpoint)
          ? VisionTower.load(checkpoint, vc, b.computeType, manager) : null;
      this.imageProcessor = ImageProcessor.builder(dir).build();
    } catch (RuntimeException e) {
      manager.close();
      tokenizer.close();
      throw e;
    }
    Set<Integer> stops = new LinkedHashSet<>();
    Integer pad = tokenizer.padId();
    Path gen = dir.resolve("generation_config.json");
    if (Files.isRegularFile(gen)) {
      try {
        JsonNode g = new ObjectMapper().readTree(gen.toFile());
        JsonNode eos = g.path("eos_token_id");
        if (eos.isArray()) {
          eos.forEach(n -> stops.add(n.asInt()));
        } else if (eos.isNumber()) {
          stops.add(eos.asInt());
        }
        if (pad == null && g.path("pad_token_id").isNumber()) {
          pad = g.get("pad_token_id").asInt();
        }
      } catch (IOException e) {
        throw new CheckpointException("cannot read " + gen + ": " + e.getMessage(), e);
      }
    }
    if (tokenizer.eosId() != null) {
      stops.add(tokenizer.eosId());
    }
    this.stopTokenIds = Set.copyOf(stops);
    this.padId = pad == null ? (tokenizer.eosId() == null ? 0 : tokenizer.eosId()) : pad;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings for loading a checkpoint. */
  public static final class Builder {
    private Path dir;
    private DataType computeType = DataType.FLOAT32;

    private Builder() {}

    /**
     * The checkpoint directory (required).
     *
     * @param dir the directory with config.json, safetensors, tokenizer files
     * @return this builder
     */
    public Builder setModelDir(Path dir) {
      this.dir = dir;
      return this;
    }

    /**
     * The compute type: FLOAT32 (default; BF16/FP16 weights widened exactly) or FLOAT16 (half
     * the weight memory; attention softmax, norms and logits still in float32). BFLOAT16 is
     * refused: DJL 0.36's PyTorch binding aborts on bfloat16 tensors.
     *
     * @param computeType FLOAT32 or FLOAT16
     * @return this builder
     */
    public Builder optComputeType(DataType computeType) {
      this.computeType = computeType;
      return this;
    }

    /**
     * Loads the checkpoint.
     *
     * @return the model
     */
    public QwenModel build() {
      if (dir == null) {
        throw new IllegalStateException("setModelDir is required");
      }
      return new QwenModel(this);
    }
  }

  /**
   * The checkpoint directory.
   *
   * @return the directory
   */
  public Path dir() {
    return dir;
  }

  /**
   * A short name for the model: the directory name.
   *
   * @return the name
   */
  public String name() {
    Path f = dir.toAbsolutePath().normalize().getFileName();
    return f == null ? "model" : f.toString();
  }

  /**
   * The text configuration.
   *
   * @return the configuration
   */
  public QwenTextConfig config() {
    return config;
  }

  /**
   * The decoder.
   *
   * @return the decoder
   */
  public QwenDecoder decoder() {
    return decoder;
  }

  /**
   * The tokenizer.
   *
   * @return the tokenizer
   */
  public QwenTokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * The chat template.
   *
   * @return the template
   */
  public ChatTemplate template() {
    return template;
  }

  /**
   * The manager that owns the weights; generation allocates under it.
   *
   * @return the manager
   */
  public NDManager manager() {
    return manager;
  }

  /**
   * Token ids that end a generation by default ({@code generation_config.json}'s
   * {@code eos_token_id} and the tokenizer's {@code eos_token}).
   *
   * @return the ids
   */
  public Set<Integer> stopTokenIds() {
    return stopTokenIds;
  }

  /**
   * The padding token id (tokenizer's {@code pad_token}, else generation config's, else EOS).
   *
   * @return the id
   */
  public int padId() {
    return padId;
  }

  /**
   * Renders a conversation with the chat template and an open assistant turn.
   *
   * @param messages the messages
   * @return the prompt text
   * @throws UnsupportedInputException when a message has an image part (vision is part 2)
   */
  public String chatPrompt(List<ChatMessage> messages) {
    for (ChatMessage m : messages) {
      if (m.hasImages() && vision == null) {
        throw new UnsupportedInputException(
            "image inputs need a vision tower, and this checkpoint has none (no vision_config or"
                + " visual.* weights)");
      }
    }
    return template.render(messages, true);
  }

  /**
   * Renders, tokenizes and expands a conversation with images: image parts are loaded by the
   * source, processed by the checkpoint's image processor, and their placeholders expanded.
   *
   * @param messages the messages
   * @param images resolves image references
   * @return the prompt
   * @throws UnsupportedInputException when there are images and no vision tower
   * @throws org.spatialssrl.model.vision.ImageInputException when an image cannot be loaded
   */
  public MultimodalPrompt prompt(List<ChatMessage> messages, ImageSource images) {
    return prompt(messages, images, imageProcessor);
  }

  /**
   * As {@link #prompt(List, ImageSource)} with a processor of its own (other pixel bounds).
   *
   * @param messages the messages
   * @param images resolves image references
   * @param processor the image processor
   * @return the prompt
   */
  public MultimodalPrompt prompt(
      List<ChatMessage> messages, ImageSource images, ImageProcessor processor) {
    int[] ids = tokenizer.encode(chatPrompt(messages));
    List<ProcessedImage> processed = new ArrayList<>();
    for (ChatMessage m : messages) {
      if (m.parts() != null) {
        for (ChatMessage.Part p : m.parts()) {
          if (p.type().equals("image")) {
            processed.add(processor.process(images.load(p.image())));
          }
        }
      }
    }
    if (processed.isEmpty()) {
      return MultimodalPrompt.text(ids);
    }
    return MultimodalPrompt.expand(
        ids, processed, vision.config().imageTokenId(), vision.config().spatialMergeSize());
  }

  /**
   * The vision tower, or null for a checkpoint without one.
   *
   * @return the tower
   */
  public VisionTower vision() {
    return vision;
  }

  /**
   * The vision configuration, or null for a checkpoint without a vision tower.
   *
   * @return the configuration
   */
  public VisionConfig visionConfig() {
    return vision == null ? null : vision.config();
  }

  /**
   * The checkpoint's image processor ({@code preprocessor_config.json}).
   *
   * @return the processor
   */
  public ImageProcessor imageProcessor() {
    return imageProcessor;
  }

  private static JsonNode readConfigJson(Path dir) {
    Path f = dir.resolve("config.json");
    try {
      return new ObjectMapper().readTree(f.toFile());
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    decoder.close();
    if (vision != null) {
      vision.close();
    }
    manager.close();
    tokenizer.close();
  }
}
