package org.spatialssrl.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.spatialssrl.cli.ServerOptions;
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
      "Serves a model over an OpenAI-compatible HTTP API.",
      "Runs until stopped. POST /v1/chat/completions takes n, seed, stop, temperature, top_p, max_tokens, stream,"
          + " min_pixels and max_pixels, with image_url parts as data: URLs (or local paths under"
          + " --image-dir); GET /v1/models and GET /health report what is served."
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions modelOptions;

  @Mixin ServerOptions server = new ServerOptions(8000, 16 << 20, 16);

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
      if (this.server.maxBodyBytes() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(ServerOptions.MAX_BODY_BYTES + " must be at most "
            + Integer.MAX_VALUE + " here, got " + this.server.maxBodyBytes());
      }
      settings = OpenAiServer.Settings.builder().optHost(this.server.host())
          .optPort(this.server.port()).optQueueCapacity(this.server.maxQueue())
          .optMaxBodyBytes((int) this.server.maxBodyBytes()).optMaxTokensLimit(maxTokensLimit)
          .optMaxContextTokens(maxContext).build();
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
    OpenAiServer http;
    try {
      ImageSource images = imageDir == null
          ? ImageSource.builder().build() : ImageSource.builder().optRoot(imageDir).build();
      http = new OpenAiServer(model, settings, images);
    } catch (ModelException e) {
      model.close();
      spec.commandLine().getErr().println("ssrl serve: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    } catch (IOException e) {
      model.close();
      spec.commandLine().getErr().println("ssrl serve: cannot bind " + this.server.host() + ":"
          + this.server.port() + ": " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.close();
      stopped.countDown();
    }));
    spec.commandLine().getErr().println("ssrl serve: model '" + http.modelId() + "' on http://"
        + this.server.host() + ":" + http.port() + "/v1");
    stopped.await();
    return 0;
  }
}
