package org.spatialssrl.cli.reward;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spatialssrl.cli.ServerOptions;
import org.spatialssrl.cli.Ssrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssrl serve-reward}: the reward as an HTTP service for Python trainers. */
@Command(
    name = "serve-reward",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the reward over HTTP until stopped.",
      "Ctrl-C or SIGTERM shut it down cleanly. Endpoints:",
      "  POST /get_reward  OpenRLHF remote reward API: {query, prompts, labels}",
      "                    -> {rewards, scores, extra_logs}",
      "  POST /score       EasyR1 batch: [{response, ground_truth}]",
      "                    -> [{overall, format, accuracy}]",
      "  GET  /health"
    })
public final class ServeRewardCommand implements Callable<Integer> {

  @Option(names = "--dataset", paramLabel = "DIR",
      description = "Generated dataset whose train.jsonl/val.jsonl give ground truths by id; /get_reward labels are then ids.")
  Path dataset;

  @Mixin ServerOptions server =
      new ServerOptions(5000, RewardServer.DEFAULT_MAX_BODY_BYTES, RewardServer.DEFAULT_MAX_QUEUE);

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per available processor).")
  Integer threads;

  @Mixin RewardOptions rewardOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    RewardService service;
    try {
      service = rewardOptions.newService(dataset);
    } catch (InputException e) {
      err.println("ssrl serve-reward: " + e.getMessage());
      return Ssrl.EXIT_INPUT;
    } catch (IllegalArgumentException e) {
      err.println("ssrl serve-reward: " + e.getMessage());
      return 2;
    }
    int n = threads != null ? threads : RewardServer.defaultThreads();
    RewardServer http;
    try {
      http = RewardServer.start(service, server.host(), server.port(), n, server.maxBodyBytes(),
          server.maxQueue());
    } catch (IllegalArgumentException e) {
      err.println("ssrl serve-reward: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("ssrl serve-reward: " + e.getMessage() + " (is another service on that port? try --port)");
      return Ssrl.EXIT_INPUT;
    }
    // Ctrl-C and SIGTERM run shutdown hooks and then halt the JVM, so the hook itself drains the
    // service and reports; the main thread may never run again.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.close();
      err.println("ssrl serve-reward: stopped");
      err.flush();
    }, "reward-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "ssrl serve-reward: listening on http://%s:%d (%d threads, queue %d, body limit %d bytes, %s, %s)%n",
        http.address().getHostString(), http.port(), n, server.maxQueue(), server.maxBodyBytes(),
        service.reward().config(),
        dataset == null ? "ground truths inline" : service.truths().size() + " ids from " + dataset);
    out.flush();
    http.awaitStop();
    return 0;
  }
}
