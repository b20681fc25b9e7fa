package org.spatialssrl.cli.reward;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.spatialssrl.reward.RewardScore;
import org.spatialssrl.reward.SpatialReward;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssrl bench-reward}: verifier throughput on one thread (against a {@code java.util.regex}
 * baseline of the same rule, run in the same process), then the HTTP service under a loopback load
 * of concurrent clients posting batches to {@code /score}. Loopback only; bounded in time and
 * requests.
 */
@Command(
    name = "bench-reward",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the speed of the reward and of its service.",
      "Verification throughput on one thread, and the service's throughput and latency on loopback."
    })
public final class BenchRewardCommand implements Callable<Integer> {

  @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per phase (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--response-chars", defaultValue = "2048", description = "Length of each synthetic response (default ${DEFAULT-VALUE}).")
  int responseChars;

  @Option(names = "--clients", defaultValue = "4", description = "Concurrent HTTP clients (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--batch", defaultValue = "64", description = "Responses per request (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--max-requests", defaultValue = "200000", description = "Stop the service phase after this many requests (default ${DEFAULT-VALUE}).")
  long maxRequests;

  @Option(names = "--threads", description = "Server worker threads (default: one per available processor).")
  Integer threads;

  @Option(names = "--skip-service", description = "Only measure the verifier.")
  boolean skipService;

  @Spec CommandSpec spec;

  private static volatile long sink;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (seconds <= 0 || responseChars < 64 || clients < 1 || batch < 1 || maxRequests < 1) {
      spec.commandLine().getErr().println(
          "ssrl bench-reward: need --seconds > 0, --response-chars >= 64, --clients, --batch and --max-requests >= 1");
      return 2;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf("machine: %d available processors, %s %s, Java %s, load average at start: %s%n", cores,
        System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
        loadAverage());
    List<String[]> corpus = corpus(4096, responseChars, new Random(20261126));

    SpatialReward reward = SpatialReward.released();
    // Alternate short slices of both implementations so that load from other processes on a
    // shared machine falls on both alike; the ratio is the robust figure.
    run(corpus, reward::score, Math.min(1.0, seconds));
    run(corpus, RegexBaselineReward::score, Math.min(1.0, seconds));
    double[] rate = new double[2];
    int slices = 5;
    for (int k = 0; k < slices; k++) {
      rate[0] += run(corpus, reward::score, seconds / slices) / slices;
      rate[1] += run(corpus, RegexBaselineReward::score, seconds / slices) / slices;
    }
    out.printf("verifier, 1 thread, %d-char responses: %,.0f responses/s (regex baseline %,.0f responses/s, ratio %.1fx)%n",
        responseChars, rate[0], rate[1], rate[0] / rate[1]);
    if (skipService) {
      out.flush();
      return 0;
    }
    int n = threads != null ? threads : RewardServer.defaultThreads();
    try (RewardServer server = RewardServer.start(
        new RewardService(reward, null), "127.0.0.1", 0, n, RewardServer.DEFAULT_MAX_BODY_BYTES)) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/score");
      List<byte[]> bodies = new ArrayList<>();
      for (int b = 0; b < 16; b++) {
        bodies.add(scoreBody(corpus, b * batch, batch));
      }
      load(uri, bodies, Math.min(1.0, seconds), Long.MAX_VALUE); // warm-up, not reported
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      long[] latencies = load(uri, bodies, seconds, maxRequests);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double cpu = (processCpuNanos() - cpu0) / 1e9 / (elapsed * cores);
      Arrays.sort(latencies);
      out.printf("service, %d clients, batches of %d, %d server threads: %,d requests in %.1f s = %,.0f requests/s"
              + " = %,.0f responses/s; latency p50 %.2f ms, p99 %.2f ms; process CPU %.0f%% of %d cores%n",
          clients, batch, n, latencies.length, elapsed, latencies.length / elapsed,
          latencies.length * (double) batch / elapsed, percentile(latencies, 0.50) / 1e6,
          percentile(latencies, 0.99) / 1e6, 100 * cpu, cores);
    }
    out.flush();
    return 0;
  }

  /** Synthetic replies: reasoning text with tags, slashes and braces, then a boxed permutation. */
  static List<String[]> corpus(int count, int chars, Random rng) {
    String[] words = {"patch", "the", "left", "edge", "matches", "a < b", "x/y", "{top}", "row", "so", "then", "colour",
        "continues", "across", "border", "label", "3", "and", "not", "->"};
    List<String[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int[] p = {0, 1, 2, 3};
      for (int k = 3; k > 0; k--) {
        int j = rng.nextInt(k + 1);
        int t = p[k];
        p[k] = p[j];
        p[j] = t;
      }
      String answer = p[0] + "-" + p[1] + "-" + p[2] + "-" + p[3];
      String tail = "</think>\nThe answer is \\boxed{" + (rng.nextBoolean() ? " " + answer + " " : answer) + "}.";
      StringBuilder sb = new StringBuilder(chars + 16).append("<think>");
      while (sb.length() < chars - tail.length()) {
        sb.append(words[rng.nextInt(words.length)]).append(rng.nextInt(12) == 0 ? "\n" : " ");
      }
      sb.setLength(Math.max(7, chars - tail.length()));
      String truth = rng.nextInt(4) == 0 ? "0-1-2-3" : answer;
      out.add(new String[] {sb.append(tail).toString(), truth});
    }
    return out;
  }

  private static double run(List<String[]> corpus, BiFunction<String, String, RewardScore> f, double secs) {
    long count = 0;
    long local = 0;
    long start = System.nanoTime();
    long deadline = start + (long) (secs * 1e9);
    long now;
    do {
      for (String[] c : corpus) {
        local += (long) (f.apply(c[0], c[1]).overall() * 10);
      }
      count += corpus.size();
      now = System.nanoTime();
    } while (now < deadline);
    sink += local;
    return count / ((now - start) / 1e9);
  }

  private static byte[] scoreBody(List<String[]> corpus, int from, int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      String[] c = corpus.get((from + i) % corpus.size());
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"response\":").append(quote(c[0])).append(",\"ground_truth\":").append(quote(c[1])).append('}');
    }
    return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String s) {
    try {
      return RewardServer.JSON.writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the clients until the time or request budget is spent; returns every latency in ns. */
  private long[] load(URI uri, List<byte[]> bodies, double secs, long budget) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (secs * 1e9);
    AtomicLong issued = new AtomicLong();
    List<long[]> perClient = new ArrayList<>();
    int[] counts = new int[clients];
    List<Thread> threadList = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int c = 0; c < clients; c++) {
      long[] lat = new long[1 << 16];
      perClient.add(lat);
      int id = c;
      Thread t = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[] mine = lat;
        int k = 0;
        try {
          while (System.nanoTime() < deadline && issued.incrementAndGet() <= budget) {
            byte[] body = bodies.get((id + k) % bodies.size());
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
            long dt = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
              throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (k == mine.length) {
              mine = Arrays.copyOf(mine, k * 2);
              perClient.set(id, mine);
            }
            mine[k++] = dt;
          }
        } catch (Exception e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
        counts[id] = k;
      }, "bench-client-" + c);
      threadList.add(t);
      t.start();
    }
    for (Thread t : threadList) {
      t.join();
    }
    if (failure[0] != null) {
      throw new IllegalStateException("a benchmark client failed: " + failure[0], failure[0]);
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
      at += counts[c];
    }
    return all;
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", load);
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }
}
