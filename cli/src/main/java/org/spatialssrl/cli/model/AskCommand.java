package org.spatialssrl.cli.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.ChatMessage.Part;
import org.spatialssrl.model.ModelException;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.vision.ImageProcessor;
import org.spatialssrl.model.vision.ImageSource;
import org.spatialssrl.model.vision.MultimodalPrompt;
import org.spatialssrl.reward.RewardScore;
import org.spatialssrl.reward.SpatialReward;
import org.spatialssrl.task.Prompts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssrl ask}: the method's quick start. Shows the model one or several images and a
 * question (with the method's format prompt), decodes greedily, and prints the reasoning and the
 * boxed answer.
 */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = {
      "Asks a Qwen2.5-VL checkpoint a question about images.",
      "Any checkpoint of the family, such as Spatial-SSRL-7B.",
      "Prints the reply as it is generated, then the extracted \\boxed{} answer;"
          + " --json prints one JSON object instead."
    })
public final class AskCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions modelOptions;

  @Option(names = "--image", paramLabel = "FILE|URL",
      description = "An image file or data: URL (repeatable; shown in order, before the question).")
  List<String> images = new ArrayList<>();

  @Option(names = "--question", paramLabel = "TEXT", description = "The question.")
  String question;

  @Option(names = "--sample", paramLabel = "DATASET:ID",
      description = "Ask a generated dataset's sample instead: its problem (images at its <image>"
          + " places) from DATASET/train.jsonl; the output adds the ground truth and the reward.")
  String sample;

  @Option(names = "--no-format-prompt",
      description = "Do not append the method's format prompt (<think> reasoning, \\boxed{} answer).")
  boolean noFormatPrompt;

  @Option(names = "--max-tokens", defaultValue = "4096", paramLabel = "N",
      description = "Most new tokens (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--temperature", defaultValue = "0", paramLabel = "T",
      description = "0 for greedy decoding (default), else the sampling temperature.")
  double temperature;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sampling seed.")
  long seed;

  @Option(names = "--min-pixels", paramLabel = "N",
      description = "Least pixels per image after resizing (default: the checkpoint's).")
  Integer minPixels;

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "Most pixels per image after resizing (default: the checkpoint's).")
  Integer maxPixels;

  @Option(names = "--json", description = "Print one JSON object (reply, answer, timings).")
  boolean json;

  /** A question with its images, from the options or a dataset sample. */
  private record Question(List<ChatMessage> messages, List<String> images, String text,
      String sampleId, String groundTruth) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Question q;
    GenerationParams params;
    try {
      q = question();
      params = GenerationParams.builder().optMaxNewTokens(maxTokens).optTemperature(temperature)
          .optSeed(seed).build();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("ssrl ask: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      spec.commandLine().getErr().println("ssrl ask: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
    long t0 = System.nanoTime();
    try (QwenModel model = modelOptions.load()) {
      long loaded = System.nanoTime();
      ImageProcessor processor = model.imageProcessor();
      if (minPixels != null || maxPixels != null) {
        processor = processor.withPixelBounds(
            minPixels == null ? processor.minPixels() : minPixels,
            maxPixels == null ? processor.maxPixels() : maxPixels);
      }
      MultimodalPrompt prompt = model.prompt(q.messages(), ImageSource.anyFile(), processor);
      AtomicLong firstToken = new AtomicLong();
      // The generator polls for cancellation after each step, first right after the first token.
      GenerationResult r = new Generator(model).generatePrompts(List.of(prompt), params,
          json ? null : (row, delta) -> {
            out.print(delta);
            out.flush();
          }, () -> {
            firstToken.compareAndSet(0, System.nanoTime());
            return false;
          }).get(0);
      long end = System.nanoTime();
      firstToken.compareAndSet(0, end); // a reply of one token ends before the first poll
      Optional<String> answer = SpatialReward.extractAnswer(r.text());
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("model", model.name());
        if (q.sampleId() != null) {
          o.put("sample", q.sampleId());
        }
        o.put("question", q.text());
        q.images().forEach(o.putArray("images")::add);
        o.put("reply", r.text());
        if (answer.isPresent()) {
          o.put("answer", answer.get());
        } else {
          o.putNull("answer");
        }
        if (q.groundTruth() != null) {
          RewardScore score = SpatialReward.released().score(r.text(), q.groundTruth());
          o.put("ground_truth", q.groundTruth());
          o.put("reward", score.overall());
          o.put("correct", score.accuracy() > 0);
        }
        o.put("finish_reason", r.finishReason());
        o.put("prompt_tokens", prompt.ids().length);
        o.put("completion_tokens", r.tokenIds().length);
        ObjectNode t = o.putObject("seconds");
        t.put("load", (loaded - t0) / 1e9);
        t.put("first_token", (firstToken.get() - loaded) / 1e9);
        t.put("total", (end - loaded) / 1e9);
        out.println(mapper.writeValueAsString(o));
      } else {
        out.println();
        out.println("Answer: " + answer.orElse("(no \\boxed{} answer in the reply)"));
        if (q.groundTruth() != null) {
          out.println("Ground truth: " + q.groundTruth());
        }
      }
      out.flush();
      return 0;
    } catch (ModelException | IOException e) {
      spec.commandLine().getErr().println("ssrl ask: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
  }

  private String withFormat(String text) {
    return noFormatPrompt || text.contains(Prompts.FORMAT_PROMPT) ? text : Prompts.withFormatPrompt(text);
  }

  private Question question() throws IOException {
    if (sample != null) {
      if (question != null || !images.isEmpty()) {
        throw new IllegalArgumentException("--sample takes the question and images from the dataset;"
            + " drop --question and --image");
      }
      int colon = sample.lastIndexOf(':');
      if (colon <= 0 || colon == sample.length() - 1) {
        throw new IllegalArgumentException("--sample must be DATASET:ID, got " + sample);
      }
      Path dataset = Path.of(sample.substring(0, colon));
      String id = sample.substring(colon + 1);
      Path rows = dataset.resolve(DatasetFiles.TRAIN_JSONL);
      if (!Files.isRegularFile(rows)) {
        throw new IOException("no " + DatasetFiles.TRAIN_JSONL + " in " + dataset);
      }
      DatasetRow row = RowJson.readAll(rows).stream().filter(r -> r.id().equals(id)).findFirst()
          .orElseThrow(() -> new IOException("no sample with id " + id + " in " + rows));
      List<String> paths = row.images().stream()
          .map(p -> dataset.resolve(p).toString()).toList();
      String text = withFormat(row.problem());
      return new Question(List.of(new ChatMessage("user", null, interleave(text, paths))), paths,
          text, row.id(), row.answer());
    }
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("give --question TEXT (with --image FILE ...) or --sample DATASET:ID");
    }
    String text = withFormat(question);
    List<Part> parts = new ArrayList<>();
    images.forEach(i -> parts.add(new Part("image", null, i)));
    parts.add(new Part("text", text, null));
    return new Question(List.of(new ChatMessage("user", null, parts)), images, text, null, null);
  }

  /** Splits a problem at its {@code <image>} placeholders; images without a place go first. */
  private static List<Part> interleave(String problem, List<String> images) {
    int places = Prompts.countImagePlaceholders(problem);
    List<Part> parts = new ArrayList<>();
    int next = 0;
    if (places != images.size()) {
      images.forEach(i -> parts.add(new Part("image", null, i)));
      parts.add(new Part("text", problem.replace(Prompts.IMAGE, ""), null));
      return parts;
    }
    String[] pieces = problem.split(java.util.regex.Pattern.quote(Prompts.IMAGE), -1);
    for (int k = 0; k < pieces.length; k++) {
      if (!pieces[k].isEmpty()) {
        parts.add(new Part("text", pieces[k], null));
      }
      if (k < pieces.length - 1) {
        parts.add(new Part("image", null, images.get(next++)));
      }
    }
    return parts;
  }
}
