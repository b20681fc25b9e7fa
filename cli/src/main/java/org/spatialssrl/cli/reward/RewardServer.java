package org.spatialssrl.cli.reward;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.spatialssrl.cli.ServerOptions;
import org.spatialssrl.reward.RewardScore;

/**
 * The reward HTTP service on the JDK's built-in server.
 *
 * <ul>
 *   <li>{@code POST /get_reward}: OpenRLHF remote reward model API, {@code {"query", "prompts",
 *       "labels"}} in, {@code {"rewards", "scores", "extra_logs"}} out;
 *   <li>{@code POST /score}: EasyR1-shaped batch, a list of {@code {"response", "ground_truth"}}
 *       in, a list of {@code {"overall", "format", "accuracy"}} out;
 *   <li>{@code GET /health}: liveness and what is loaded.
 * </ul>
 *
 * <p>Malformed JSON, missing fields and wrong types get 400 with {@code {"error": reason}}; bodies
 * over the size limit get 413; unknown paths 404; wrong methods 405; requests arriving during
 * shutdown 503. Requests are served concurrently by a fixed pool of worker threads; when as many
 * as the queue limit already wait, a new one gets 429 at once.
 */
public final class RewardServer implements AutoCloseable {

  /** Default request body limit: 64 MiB, room for a whole OpenRLHF rollout batch. */
  public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;
  /** Default number of requests that may wait for a worker thread. */
  public static final int DEFAULT_MAX_QUEUE = 1024;

  /** Set while the listener's own thread answers a request that found the queue full. */
  private static final ThreadLocal<Boolean> OVERLOADED = ThreadLocal.withInitial(() -> false);

  /** Reads strictly; writes ASCII only, so lone surrogates in messages escape cleanly. */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .build();

  static {
    // The JDK server sends headers and body in separate segments; with Nagle's algorithm on, each
    // small response then waits for the client's delayed ACK (about 40 ms). Read once, when the
    // server classes load, so it must be set before the first HttpServer is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final RewardService service;
  private final long maxBodyBytes;
  private final int maxQueue;
  private final HttpServer server;
  private final ExecutorService workers;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();

  private RewardServer(RewardService service, long maxBodyBytes, int maxQueue, HttpServer server,
      ExecutorService workers) {
    this.service = service;
    this.maxBodyBytes = maxBodyBytes;
    this.maxQueue = maxQueue;
    this.server = server;
    this.workers = workers;
  }

  /**
   * Starts the service with the default queue limit.
   *
   * @param service what to score with
   * @param host the address to bind, {@code 127.0.0.1} to stay local
   * @param port the port, 0 for any free one
   * @param threads worker threads serving requests concurrently
   * @param maxBodyBytes the largest request body accepted
   * @return the running server
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if threads or maxBodyBytes is not positive
   */
  public static RewardServer start(
      RewardService service, String host, int port, int threads, long maxBodyBytes) throws IOException {
    return start(service, host, port, threads, maxBodyBytes, DEFAULT_MAX_QUEUE);
  }

  /**
   * Starts the service.
   *
   * @param service what to score with
   * @param host the address to bind, {@code 127.0.0.1} to stay local
   * @param port the port, 0 for any free one
   * @param threads worker threads serving requests concurrently
   * @param maxBodyBytes the largest request body accepted
   * @param maxQueue requests that may wait for a worker; more get 429
   * @return the running server
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if a limit is not positive
   */
  public static RewardServer start(RewardService service, String host, int port, int threads,
      long maxBodyBytes, int maxQueue) throws IOException {
    if (maxQueue < 1) {
      throw new IllegalArgumentException("--max-queue must be at least 1, got " + maxQueue);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("max body bytes must be in [1, 2^31 - 9], got " + maxBodyBytes);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxQueue),
            r -> {
              Thread t = new Thread(r, "reward-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            // A full queue: the listener's thread answers 429 itself (a rejected exchange would
            // otherwise be dropped without an answer); it reads only the request's headers.
            (r, pool) -> {
              OVERLOADED.set(true);
              try {
                r.run();
              } finally {
                OVERLOADED.set(false);
              }
            });
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 1024);
    } catch (IOException e) {
      workers.shutdown();
      throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    RewardServer s = new RewardServer(service, maxBodyBytes, maxQueue, http, workers);
    http.createContext("/", s::handle);
    http.setExecutor(workers);
    http.start();
    return s;
  }

  /**
   * Returns the default number of worker threads: one per available processor, since scoring is
   * CPU-bound and more threads only add context switches (measured in docs/BENCHMARKS.md).
   */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Returns the port the service listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns the address the service listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * Blocks until {@link #close()} has run (for example from a shutdown hook on SIGTERM).
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Shuts the service down cleanly: new requests get 503, requests in flight finish (up to five
   * seconds), then the listener and the workers stop. Safe to call more than once and from a
   * shutdown hook.
   */
  @Override
  public void close() {
    if (closing.getAndSet(true)) {
      return;
    }
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      server.stop(0);
      workers.shutdown();
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  private void handle(HttpExchange ex) {
    inFlight.incrementAndGet();
    try (ex) {
      try {
        if (closing.get()) {
          throw new RequestException(503, "the reward service is shutting down");
        }
        if (OVERLOADED.get()) {
          throw new RequestException(429, "the reward service is busy: " + maxQueue
              + " requests are already waiting; retry later (or raise " + ServerOptions.MAX_QUEUE + ")");
        }
        send(ex, 200, route(ex));
      } catch (RequestException e) {
        sendError(ex, e.status(), e.getMessage());
      } catch (RuntimeException e) {
        sendError(ex, 500, "internal error: " + e);
      }
    } catch (IOException e) {
      // The client went away mid-exchange; nothing left to answer.
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private byte[] route(HttpExchange ex) throws IOException, RequestException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    switch (path) {
      case "/health":
        requireMethod(ex, method, "GET");
        return health();
      case "/score":
        requireMethod(ex, method, "POST");
        return scoresList(service.score(readJson(ex)));
      case "/get_reward":
        requireMethod(ex, method, "POST");
        return openRlhf(service.getReward(readJson(ex)));
      default:
        throw new RequestException(404, "no such endpoint " + path + "; use POST /get_reward, POST /score or GET /health");
    }
  }

  private static void requireMethod(HttpExchange ex, String method, String allowed) throws RequestException {
    if (!method.equals(allowed)) {
      ex.getResponseHeaders().set("Allow", allowed);
      throw new RequestException(405, "use " + allowed + " on " + ex.getRequestURI().getPath() + ", not " + method);
    }
  }

  private JsonNode readJson(HttpExchange ex) throws IOException, RequestException {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        throw RequestException.badRequest("Content-Length is not a number: " + declared);
      }
      if (length > maxBodyBytes) {
        throw tooLarge(length);
      }
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes((int) maxBodyBytes + 1);
    }
    if (body.length > maxBodyBytes) {
      throw tooLarge(-1);
    }
    if (body.length == 0) {
      throw RequestException.badRequest("empty body; send JSON");
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw RequestException.badRequest("malformed JSON: " + e.getOriginalMessage());
    }
  }

  private RequestException tooLarge(long length) {
    return new RequestException(
        413,
        "request body " + (length >= 0 ? "of " + length + " bytes " : "")
            + "exceeds the limit of " + maxBodyBytes + " bytes; send smaller batches or raise "
            + ServerOptions.MAX_BODY_BYTES);
  }

  private byte[] health() {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("status", "ok");
      g.writeStringField("reward", service.reward().config().toString());
      g.writeNumberField("dataset_ids", service.truths() == null ? 0 : service.truths().size());
      g.writeEndObject();
    });
  }

  /** Writes the {@code /score} answer: a list of {@code {"overall", "format", "accuracy"}}. */
  static byte[] scoresList(List<RewardScore> scores) {
    return write(g -> {
      g.writeStartArray();
      for (RewardScore s : scores) {
        g.writeStartObject();
        g.writeNumberField("overall", s.overall());
        g.writeNumberField("format", s.format());
        g.writeNumberField("accuracy", s.accuracy());
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  /**
   * Writes the {@code /get_reward} answer: {@code rewards} (overall), {@code scores} (accuracy, the
   * 0/1 signal OpenRLHF filters on) and {@code extra_logs} with the format and accuracy terms.
   */
  static byte[] openRlhf(List<RewardScore> scores) {
    return write(g -> {
      g.writeStartObject();
      numbers(g, "rewards", scores, RewardScore::overall);
      numbers(g, "scores", scores, RewardScore::accuracy);
      g.writeObjectFieldStart("extra_logs");
      numbers(g, "format", scores, RewardScore::format);
      numbers(g, "accuracy", scores, RewardScore::accuracy);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static void numbers(
      JsonGenerator g, String field, List<RewardScore> scores, ToDoubleFunction<RewardScore> part)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (RewardScore s : scores) {
      g.writeNumber(part.applyAsDouble(s));
    }
    g.writeEndArray();
  }

  private static void sendError(HttpExchange ex, int status, String reason) throws IOException {
    send(ex, status, write(g -> {
      g.writeStartObject();
      g.writeStringField("error", reason);
      g.writeEndObject();
    }));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Writes JSON with a generator into bytes. */
  private interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(JsonWriter w) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.getFactory().createGenerator(buf)) {
      w.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return buf.toByteArray();
  }
}
