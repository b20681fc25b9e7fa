package org.spatialssrl.cli.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.spatialssrl.eval.Benchmark;
import org.spatialssrl.eval.Benchmarks;
import org.spatialssrl.eval.EvalItem;
import org.spatialssrl.eval.EvalOptions;
import org.spatialssrl.eval.MediaRef;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.eval.backend.ModelBackend;
import org.spatialssrl.eval.backend.OpenAiBackend;
import org.spatialssrl.eval.backend.StubChatServer;
import org.spatialssrl.eval.media.MediaPreparer;
import org.spatialssrl.eval.run.EvalRunner;
import org.spatialssrl.reward.SpatialReward;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssrl bench-eval}: the harness's own costs. (1) Scoring alone, per benchmark scorer, on
 * one thread, against the released reward verifier on the same responses as the baseline. (2) The
 * whole harness (prompt, image encoding, request, cache line with group-committed fsync) with the
 * HTTP backend against a loopback stub server that answers instantly, against the same harness
 * with an in-process backend that answers instantly. Loopback only; bounded in time and items.
 */
@Command(
    name = "bench-eval",
    mixinStandardHelpOptions = true,
    description = {"Measures scoring speed and the HTTP backend's overhead.",
      "Scoring per benchmark on one thread, and the harness against a loopback stub that answers instantly."})
public final class BenchEvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--seconds", defaultValue = "3", description = "Measured seconds per scorer (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--response-chars", defaultValue = "2048", description = "Length of the synthetic responses (default ${DEFAULT-VALUE}).")
  int responseChars;

  @Option(names = "--items", defaultValue = "20000", description = "Items of the HTTP phase (default ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--concurrency", defaultValue = "64", description = "Requests in flight in the HTTP phase (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--skip-http", description = "Only measure scoring.")
  boolean skipHttp;

  private static volatile double sink;

  /** A scorer's input: an item and a response. */
  private record Case(Benchmark benchmark, EvalItem item, String response) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (seconds <= 0 || responseChars < 128 || items < 1 || concurrency < 1) {
      spec.commandLine().getErr().println("ssrl bench-eval: need --seconds > 0, --response-chars >= 128, --items and --concurrency >= 1");
      return 2;
    }
    out.printf("machine: %d available processors, %s %s, Java %s, load average at start: %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
        System.getProperty("java.version"), loadAverage());
    Random rng = new Random(20261203);
    SpatialReward reward = SpatialReward.released();
    out.println("| scorer | items/s (1 thread) | released reward on the same responses | ratio |");
    out.println("|---|---:|---:|---:|");
    for (Map.Entry<String, List<Case>> e : cases(rng).entrySet()) {
      List<Case> cs = e.getValue();
      run(cs, c -> c.benchmark().score(c.item(), c.response()).score(), 0.5);
      run(cs, c -> reward.score(c.response(), c.item().answer()).overall(), 0.5);
      double mine = 0;
      double base = 0;
      for (int k = 0; k < 4; k++) { // alternate slices so other load falls on both
        mine += run(cs, c -> c.benchmark().score(c.item(), c.response()).score(), seconds / 4) / 4;
        base += run(cs, c -> reward.score(c.response(), c.item().answer()).overall(), seconds / 4) / 4;
      }
      out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f |%n", e.getKey(), mine, base, mine / base);
      out.flush();
    }
    if (!skipHttp) {
      http(out);
    }
    out.printf("load average at end: %s%n", loadAverage());
    out.flush();
    return 0;
  }

  private String response(Random rng, String boxed) {
    String[] words = {"the", "chair", "is", "left", "of", "a < b", "table", "so", "{x}", "B", "then", "camera", "3"};
    StringBuilder sb = new StringBuilder("<think>");
    String tail = "</think>\nThe answer is \\boxed{" + boxed + "}.";
    while (sb.length() < responseChars - tail.length()) {
      sb.append(words[rng.nextInt(words.length)]).append(' ');
    }
    sb.setLength(responseChars - tail.length());
    return sb.append(tail).toString();
  }

  private Map<String, List<Case>> cases(Random rng) {
    Map<String, List<Case>> out = new LinkedHashMap<>();
    Map<String, String> opts = Map.of("A", "left", "B", "right", "C", "front", "D", "behind");
    Map<String, String> ordered = new LinkedHashMap<>();
    opts.keySet().stream().sorted().forEach(k -> ordered.put(k, opts.get(k)));
    for (String id : new String[] {"spatial457", "3dsrbench", "spatialeval", "qspatial_plus", "whatsup", "viewspatial",
        "vsibench", "pretext"}) {
      Benchmark b = Benchmarks.create(id, EvalOptions.defaults());
      List<Case> cs = new ArrayList<>();
      for (int i = 0; i < 1024; i++) {
        boolean right = rng.nextBoolean();
        EvalItem item;
        String boxed;
        switch (id) {
          case "spatial457" -> {
            item = item("L4_pose", "sedan", Map.of(), Map.of());
            boxed = right ? "suv" : "red";
          }
          case "qspatial_plus" -> {
            item = item("distance", "0.8", Map.of(), Map.of("answer_unit", "m"));
            boxed = null;
          }
          case "whatsup" -> {
            item = item("Controlled_Images_A", "A", ordered, Map.of());
            boxed = right ? "A: a mug on a table" : "C";
          }
          case "viewspatial" -> {
            item = item("Camera perspective - Relative Direction", "C. front", ordered, Map.of());
            boxed = right ? "C" : "(D) behind";
          }
          case "vsibench" -> {
            item = item("object_abs_distance", "3.2", Map.of(), Map.of());
            boxed = right ? "3" : "4.5";
          }
          case "pretext" -> {
            item = item("shuffle", "0-2-3-1", Map.of(), Map.of("variant", "2x2"));
            boxed = right ? "0-2-3-1" : "1-0-2-3";
          }
          default -> {
            item = item("location_next_to", "B", ordered, Map.of("qid", "Q" + i));
            boxed = right ? "B" : "(A) left";
          }
        }
        String r = boxed == null
            ? response(rng, "x").replace("\\boxed{x}", right ? "\\scalar{75} \\distance_unit{cm}" : "\\scalar{3} \\distance_unit{m}")
            : response(rng, boxed);
        cs.add(new Case(b, item, r));
      }
      out.put(id, cs);
    }
    return out;
  }

  private static EvalItem item(String type, String answer, Map<String, String> options, Map<String, String> fields) {
    return new EvalItem("0", type, "q", options, answer, List.of(), fields, null);
  }

  private static double run(List<Case> cs, java.util.function.ToDoubleFunction<Case> f, double secs) {
    long n = 0;
    double local = 0;
    long start = System.nanoTime();
    long deadline = start + (long) (secs * 1e9);
    long now;
    do {
      for (Case c : cs) {
        local += f.applyAsDouble(c);
      }
      n += cs.size();
      now = System.nanoTime();
    } while (now < deadline);
    sink += local;
    return n / ((now - start) / 1e9);
  }

  /** The HTTP phase: the whole harness against a stub that answers instantly, and its baseline. */
  private void http(PrintWriter out) throws Exception {
    Benchmark b = Benchmarks.create("spatialeval", EvalOptions.defaults());
    byte[] png = MediaPreparer.png(new org.spatialssrl.model.vision.RgbImage(32, 24, new byte[32 * 24 * 3]));
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("A", "left");
    opts.put("B", "right");
    List<EvalItem> list = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      list.add(new EvalItem(String.valueOf(i), i % 2 == 0 ? "maze" : "grid", "Is the cup left of the plate? #" + i, opts,
          "A", List.of(new MediaRef.ImageBytes("img" + i, png)), Map.of(), null));
    }
    ModelSettings s = b.settings("stub");
    ModelBackend instant = new ModelBackend() {
      @Override
      public String modelId() {
        return "stub";
      }

      @Override
      public int parallelism() {
        return concurrency;
      }

      @Override
      public int batchSize() {
        return 1;
      }

      @Override
      public boolean needsResizedImages() {
        return false;
      }

      @Override
      public List<Completion> complete(List<Request> batch) {
        return batch.stream().map(r -> new Completion("<think>x</think>\\boxed{A}", "stop", 1, 1, 1, null)).toList();
      }

      @Override
      public void close() {}
    };
    MediaPreparer media = new MediaPreparer(false, true, 0);
    double base = harness(b, list, instant, media, s);
    double cpu0 = processCpuSeconds();
    double httpRate;
    long requests;
    double elapsed;
    try (StubChatServer stub = new StubChatServer(8, 0, req -> StubChatServer.Reply.of("<think>x</think>\\boxed{A}"))) {
      OpenAiBackend http = new OpenAiBackend(stub.url(), "stub", concurrency, 0, Duration.ofSeconds(30),
          Duration.ofMillis(100), null, false);
      harness(b, list.subList(0, Math.min(2000, list.size())), http, media, s); // warm-up, not reported
      long t0 = System.nanoTime();
      httpRate = harness(b, list, http, media, s);
      elapsed = (System.nanoTime() - t0) / 1e9;
      requests = stub.requests();
    }
    double cpu = (processCpuSeconds() - cpu0) / (elapsed * Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "harness, %d items (text + a 32x24 PNG each), %d in flight, cache fsync'd in groups:%n", items, concurrency);
    out.printf(Locale.ROOT, "  in-process backend answering instantly (baseline): %,.0f items/s%n", base);
    out.printf(Locale.ROOT, "  HTTP backend -> loopback stub answering instantly:  %,.0f items/s (%.2f of the baseline;"
        + " %d requests to the stub; process CPU %.0f%% of the cores)%n", httpRate, httpRate / base, requests, 100 * cpu);
  }

  private static double harness(Benchmark b, List<EvalItem> list, ModelBackend backend, MediaPreparer media,
      ModelSettings s) throws IOException {
    Path dir = Files.createTempDirectory("ssrl-bench-eval");
    try {
      EvalRunner runner = new EvalRunner(b, backend, media, s, "format", 1);
      EvalRunner.Summary sum = runner.run(list, dir.resolve("predictions.jsonl"), new EvalRunner.Listener() {});
      if (sum.answered() != list.size()) {
        throw new IllegalStateException("benchmark run answered " + sum.answered() + " of " + list.size());
      }
      return list.size() / sum.seconds();
    } finally {
      try (Stream<Path> w = Files.walk(dir)) {
        for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
  }

  private static double processCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : 0;
  }
}
