package org.spatialssrl.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.ModelException;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.qwen.QwenPolicy;
import org.spatialssrl.model.vision.ImageSource;
import org.spatialssrl.model.vision.MultimodalPrompt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssrl logprobs}: per-token log-probabilities of a given assistant reply, and optionally a
 * greedy continuation, as JSON.
 */
@Command(
    name = "logprobs",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the per-token log-probabilities of a reply.",
      "The log-probabilities of 'completion' after 'messages'.",
      "Request: {\"messages\": [...], \"completion\": \"text\", \"greedy_tokens\": N (optional)};"
          + " image parts as OpenAI image_url parts with data: URLs (local paths with --image-dir).",
      "input_ids have each image placeholder expanded to the image's token count.",
      "Output: {\"prompt\", \"input_ids\", \"completion_ids\" (reply tokens then end-of-turn),"
          + " \"logprobs\", \"greedy_ids\", \"greedy_text\"}; the greedy continuation has exactly N"
          + " tokens (no stop at end of turn) and its text keeps special tokens."
    })
public final class LogprobsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions modelOptions;

  @Option(names = "--request", required = true, paramLabel = "FILE",
      description = "The request JSON file.")
  Path request;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the JSON here instead of stdout.")
  Path output;

  @Option(names = "--image-dir", paramLabel = "DIR",
      description = "Also read image parts that are local paths, confined to DIR (relative paths"
          + " resolve against it); without it, only data: URLs.")
  Path imageDir;

  @Override
  public Integer call() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    List<ChatMessage> messages;
    String completion;
    int greedyTokens;
    try {
      JsonNode req = json.readTree(request.toFile());
      messages = ChatMessage.listFromJson(req.path("messages"));
      if (!req.path("completion").isTextual()) {
        throw new IllegalArgumentException("'completion' must be a string");
      }
      completion = req.get("completion").asText();
      JsonNode g = req.path("greedy_tokens");
      greedyTokens = g.isMissingNode() ? 0 : g.asInt(-1);
      if (greedyTokens < 0 || !(g.isMissingNode() || g.canConvertToInt())) {
        throw new IllegalArgumentException("'greedy_tokens' must be a non-negative integer");
      }
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("ssrl logprobs: bad request " + request + ": " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
    try (QwenModel model = modelOptions.load()) {
      ImageSource images = imageDir == null
          ? ImageSource.builder().build() : ImageSource.builder().optRoot(imageDir).build();
      QwenPolicy policy = new QwenPolicy(model, images);
      String prompt = model.chatPrompt(messages);
      MultimodalPrompt expanded = policy.prompt(messages);
      int[] inputIds = expanded.ids();
      int[] completionIds = policy.completionIds(completion);
      float[] logprobs = policy.logProbs(List.of(messages), List.of(completion)).get(0);
      int[] greedy = greedyTokens == 0 ? new int[0] : new Generator(model).generatePrompts(
          List.of(expanded),
          GenerationParams.builder().optMaxNewTokens(greedyTokens).optStopTokenIds(Set.of()).build(),
          null, () -> false).get(0).tokenIds();
      ObjectNode out = json.createObjectNode();
      out.put("prompt", prompt);
      ints(out, "input_ids", inputIds);
      ints(out, "completion_ids", completionIds);
      var lp = out.putArray("logprobs");
      for (float f : logprobs) {
        lp.add(f);
      }
      ints(out, "greedy_ids", greedy);
      out.put("greedy_text", model.tokenizer().decode(greedy, false));
      if (output != null) {
        json.writeValue(output.toFile(), out);
      } else {
        PrintWriter w = spec.commandLine().getOut();
        w.println(json.writeValueAsString(out));
        w.flush();
      }
      return 0;
    } catch (ModelException | IOException e) {
      spec.commandLine().getErr().println("ssrl logprobs: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
  }

  private static void ints(ObjectNode out, String key, int[] ids) {
    var a = out.putArray(key);
    for (int i : ids) {
      a.add(i);
    }
  }
}
