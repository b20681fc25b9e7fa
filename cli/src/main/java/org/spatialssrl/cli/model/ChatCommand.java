package org.spatialssrl.cli.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.ModelException;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.qwen.QwenModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ssrl chat}: talk to a checkpoint. With a message on the command line it answers once;
 * without, it reads turns from standard input until end of input or {@code /exit}.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Chats with a model, one-shot or interactively.",
      "One-shot with MESSAGE, else interactive (one line per turn; /reset clears the history, /exit"
          + " or end of input quits). Replies stream to stdout."
    })
public final class ChatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions modelOptions;
  @Mixin SamplingOptions sampling;

  @Option(names = "--system", paramLabel = "TEXT", description = "A system message.")
  String system;

  @Parameters(arity = "0..*", paramLabel = "MESSAGE", description = "The user message (one-shot mode).")
  List<String> message = List.of();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    GenerationParams params;
    try {
      params = sampling.params();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("ssrl chat: " + e.getMessage());
      return 2;
    }
    try (QwenModel model = modelOptions.load()) {
      Generator generator = new Generator(model);
      List<ChatMessage> history = new ArrayList<>();
      if (system != null) {
        history.add(ChatMessage.of("system", system));
      }
      if (!message.isEmpty()) {
        history.add(ChatMessage.of("user", String.join(" ", message)));
        reply(model, generator, history, params, out);
        return 0;
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      int baseSize = history.size();
      while (true) {
        out.print("> ");
        out.flush();
        String line = in.readLine();
        if (line == null || line.strip().equals("/exit")) {
          out.println();
          out.flush();
          return 0;
        }
        if (line.isBlank()) {
          continue;
        }
        if (line.strip().equals("/reset")) {
          history.subList(baseSize, history.size()).clear();
          continue;
        }
        history.add(ChatMessage.of("user", line));
        String answer = reply(model, generator, history, params, out);
        history.add(ChatMessage.of("assistant", answer));
      }
    } catch (ModelException | IOException e) {
      spec.commandLine().getErr().println("ssrl chat: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
  }

  private static String reply(
      QwenModel model, Generator generator, List<ChatMessage> history, GenerationParams params,
      PrintWriter out) {
    int[] prompt = model.tokenizer().encode(model.chatPrompt(history));
    GenerationResult r = generator.generate(List.of(prompt), params, (row, delta) -> {
      out.print(delta);
      out.flush();
    }, () -> false).get(0);
    out.println();
    out.flush();
    return r.text();
  }
}
