package org.spatialssrl.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.model.ModelException;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.serve.OpenAiServer;
import org.spatialssrl.model.vision.ImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssrl serve}: an OpenAI-compatible chat completions server for a checkpoint. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a model over an OpenAI-compatible API: POST /v1/chat/completions (n, seed, stop,",
      "temperature, top_p, max_tokens, stream, min_pixels, max_pixels; image_url parts as data:",
      "URLs, or local paths under --image-dir), GET /v1/models, GET /health. Runs until killed."
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions modelOptions;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8000", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--queue", defaultValue = "16", paramLabel = "N",
      description = "Requests that may wait while one generates; more get 429 (default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--max-body", defaultValue = "16777216", paramLabel = "BYTES",
      description = "Largest request body (default: ${DEFAULT-VALUE}).")
  int maxBody;

  @Option(names = "--image-dir", paramLabel = "DIR",
      description = "Also accept image_url parts that are local paths, confined to DIR (relative"
          + " paths resolve against it). Without it, only data: URLs are accepted.")
  Path imageDir;

  @Option(names = "--max-tokens-limit", defaultValue = "8192", paramLabel = "N",
      description = "Largest max_tokens a request may ask for (default: ${DEFAULT-VALUE}).")
  int maxTokensLimit;

  @Option(names = "--max-context", defaultValue = "16384", paramLabel = "N",
      description = "Largest prompt plus max_tokens a request may need (default: ${DEFAULT-VALUE}).")
  int maxContext;

  @Override
  public Integer call() throws InterruptedException {
    OpenAiServer.Settings settings;
    try {
      settings = OpenAiServer.Settings.builder().optHost(host).optPort(port).optQueueCapacity(queue)
          .optMaxBodyBytes(maxBody).optMaxTokensLimit(maxTokensLimit).optMaxContextTokens(maxContext)
          .build();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("ssrl serve: " + e.getMessage());
      return 2;
    }
    QwenModel model;
    try {
      model = modelOptions.load();
    } catch (ModelException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("ssrl serve: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
    OpenAiServer server;
    try {
      ImageSource images = imageDir == null
          ? ImageSource.builder().build() : ImageSource.builder().optRoot(imageDir).build();
      server = new OpenAiServer(model, settings, images);
    } catch (ModelException e) {
      model.close();
      spec.commandLine().getErr().println("ssrl serve: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    } catch (IOException e) {
      model.close();
      spec.commandLine().getErr().println("ssrl serve: cannot bind " + host + ":" + port + ": " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    spec.commandLine().getErr().println("ssrl serve: model '" + server.modelId() + "' on http://"
        + host + ":" + server.port() + "/v1");
    stopped.await();
    return 0;
  }
}
