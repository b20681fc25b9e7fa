package org.spatialssrl.model.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.UnsupportedInputException;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.GenerationResult;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.vision.ImageInputException;
import org.spatialssrl.model.vision.ImageProcessor;
import org.spatialssrl.model.vision.ImageSource;
import org.spatialssrl.model.vision.MultimodalPrompt;

/**
 * An OpenAI-compatible HTTP server for a loaded model: {@code POST /v1/chat/completions}
 * (with {@code n}, {@code seed}, {@code stop}, {@code temperature}, {@code top_p},
 * {@code max_tokens}, streaming over server-sent events), {@code GET /v1/models} and
 * {@code GET /health}.
 *
 * <p>One request generates at a time (libtorch already uses every core); waiting requests sit in
 * a bounded queue and a full queue answers 429. Malformed requests get a 4xx with the reason in
 * OpenAI's error shape. A streaming request whose client disconnects is cancelled at the next
 * token; a non-streaming reply is exactly its JSON document, with its Content-Length.
 */
public final class OpenAiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final QwenModel model;
  private final Generator generator;
  private final ImageSource images;
  private final Settings settings;
  private final HttpServer http;
  private final ThreadPoolExecutor worker;
  private final ExecutorService handlers;
  private final java.util.concurrent.atomic.AtomicLong cancelled = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Server limits and address.
   *
   * @param host the address to bind
   * @param port the port (0 = any free port)
   * @param queueCapacity requests that may wait while one generates
   * @param maxBodyBytes the largest accepted request body
   * @param maxTokensLimit the largest {@code max_tokens} accepted
   * @param maxN the largest {@code n} accepted
   * @param defaultMaxTokens {@code max_tokens} when the request gives none
   * @param maxContextTokens the largest prompt plus {@code max_tokens} accepted
   */
  public record Settings(
      String host, int port, int queueCapacity, int maxBodyBytes, int maxTokensLimit, int maxN,
      int defaultMaxTokens, int maxContextTokens) {

    /** Validates. */
    public Settings {
      if (queueCapacity < 1 || maxBodyBytes < 1 || maxTokensLimit < 1 || maxN < 1
          || defaultMaxTokens < 1 || maxContextTokens < 2 || port < 0 || port > 65535) {
        throw new IllegalArgumentException("server limits must be positive and the port in 0..65535");
      }
    }

    /**
     * Starts a builder with the defaults: 127.0.0.1:8000, queue 16, body 16 MiB, max_tokens up
     * to 8192 (default 512), n up to 16, prompt plus max_tokens up to 16384.
     *
     * @return a builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds {@link Settings}. */
    public static final class Builder {
      private String host = "127.0.0.1";
      private int port = 8000;
      private int queueCapacity = 16;
      private int maxBodyBytes = 16 << 20;
      private int maxTokensLimit = 8192;
      private int maxN = 16;
      private int defaultMaxTokens = 512;
      private int maxContextTokens = 16384;

      private Builder() {}

      /**
       * Sets the largest prompt plus {@code max_tokens}.
       *
       * @param t tokens
       * @return this builder
       */
      public Builder optMaxContextTokens(int t) {
        maxContextTokens = t;
        return this;
      }

      /**
       * Sets the bind address.
       *
       * @param h the host
       * @return this builder
       */
      public Builder optHost(String h) {
        host = h;
        return this;
      }

      /**
       * Sets the port.
       *
       * @param p the port, 0 for any free one
       * @return this builder
       */
      public Builder optPort(int p) {
        port = p;
        return this;
      }

      /**
       * Sets the queue capacity.
       *
       * @param c waiting requests
       * @return this builder
       */
      public Builder optQueueCapacity(int c) {
        queueCapacity = c;
        return this;
      }

      /**
       * Sets the body size limit.
       *
       * @param b bytes
       * @return this builder
       */
      public Builder optMaxBodyBytes(int b) {
        maxBodyBytes = b;
        return this;
      }

      /**
       * Sets the largest accepted {@code max_tokens}.
       *
       * @param t tokens
       * @return this builder
       */
      public Builder optMaxTokensLimit(int t) {
        maxTokensLimit = t;
        return this;
      }

      /**
       * Sets the largest accepted {@code n}.
       *
       * @param n completions per request
       * @return this builder
       */
      public Builder optMaxN(int n) {
        maxN = n;
        return this;
      }

      /**
       * Sets the default {@code max_tokens}.
       *
       * @param t tokens
       * @return this builder
       */
      public Builder optDefaultMaxTokens(int t) {
        defaultMaxTokens = t;
        return this;
      }

      /**
       * Builds the settings.
       *
       * @return the settings
       */
      public Settings build() {
        return new Settings(host, port, queueCapacity, maxBodyBytes, maxTokensLimit, maxN,
            defaultMaxTokens, maxContextTokens);
      }
    }
  }

  /** A request error: HTTP status, message and the offending parameter. */
  static final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String param;
    final String type;

    HttpError(int status, String message, String param) {
      super(message);
      this.status = status;
      this.param = param;
      this.type = status == 429 ? "rate_limit_error" : status >= 500 ? "server_error"
          : status == 404 ? "not_found_error" : "invalid_request_error";
    }
  }

  /**
   * Binds the server and starts serving.
   *
   * @param model the loaded model (not closed by the server)
   * @param settings address and limits
   * @throws IOException when the address cannot be bound
   */
  public OpenAiServer(QwenModel model, Settings settings) throws IOException {
    this(model, settings, ImageSource.builder().build());
  }

  /**
   * Binds the server and starts serving, resolving image parts with the given source (data URLs
   * always; local paths only if the source allows them).
   *
   * @param model the loaded model (not closed by the server)
   * @param settings address and limits
   * @param images resolves the {@code image_url} parts of requests
   * @throws IOException when the address cannot be bound
   */
  public OpenAiServer(QwenModel model, Settings settings, ImageSource images) throws IOException {
    this.model = model;
    this.images = images;
    this.generator = new Generator(model);
    this.settings = settings;
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(settings.queueCapacity()), r -> {
          Thread t = new Thread(r, "ssrl-generate");
          t.setDaemon(true);
          return t;
        });
    this.handlers = Executors.newFixedThreadPool(settings.queueCapacity() + 4, r -> {
      Thread t = new Thread(r, "ssrl-http");
      t.setDaemon(true);
      return t;
    });
    this.http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
    http.setExecutor(handlers);
    http.createContext("/", this::handle);
    http.start();
  }

  /**
   * The bound port.
   *
   * @return the port
   */
  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * The name under which the model is served.
   *
   * @return the model id
   */
  public String modelId() {
    return model.name();
  }

  @Override
  public void close() {
    http.stop(0);
    worker.shutdownNow();
    handlers.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      try {
        switch (path) {
          case "/health" -> {
            requireMethod(method, "GET");
            ObjectNode o = JSON.createObjectNode();
            o.put("status", "ok");
            o.put("model", modelId());
            o.put("queued", worker.getQueue().size());
            o.put("cancelled", cancelled.get());
            sendJson(ex, 200, o);
          }
          case "/v1/models" -> {
            requireMethod(method, "GET");
            ObjectNode o = JSON.createObjectNode();
            o.put("object", "list");
            ObjectNode m = o.putArray("data").addObject();
            m.put("id", modelId());
            m.put("object", "model");
            m.put("created", 0);
            m.put("owned_by", "spatial-ssrl");
            sendJson(ex, 200, o);
          }
          case "/v1/chat/completions" -> {
            requireMethod(method, "POST");
            chatCompletions(ex);
          }
          default -> throw new HttpError(404, "no such endpoint: " + path
              + " (endpoints: POST /v1/chat/completions, GET /v1/models, GET /health)", null);
        }
      } catch (HttpError e) {
        sendError(ex, e);
      }
    }
  }

  private static void requireMethod(String method, String allowed) throws HttpError {
    if (!method.equals(allowed)) {
      throw new HttpError(405, "method " + method + " not allowed here; use " + allowed, null);
    }
  }

  /** A parsed chat completion request. */
  private record ChatRequest(MultimodalPrompt prompt, int n, GenerationParams params, boolean stream) {}

  private ChatRequest parse(byte[] body) throws HttpError {
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new HttpError(400, "request body is not valid JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new HttpError(400, "request body cannot be read: " + e.getMessage(), null);
    }
    if (req == null || !req.isObject()) {
      throw new HttpError(400, "request body must be a JSON object", null);
    }
    JsonNode modelName = req.path("model");
    if (!modelName.isMissingNode() && !modelName.isNull()
        && !modelName.asText().equals(modelId())) {
      throw new HttpError(404, "model '" + modelName.asText() + "' not found; this server serves '"
          + modelId() + "'", "model");
    }
    List<ChatMessage> messages;
    try {
      messages = ChatMessage.listFromJson(req.get("messages"));
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage(), "messages");
    }
    MultimodalPrompt prompt;
    try {
      ImageProcessor processor = model.imageProcessor();
      if (req.has("min_pixels") || req.has("max_pixels")) {
        processor = processor.withPixelBounds(
            intParam(req, "min_pixels", processor.minPixels(), 1, Integer.MAX_VALUE),
            intParam(req, "max_pixels", processor.maxPixels(), 1, Integer.MAX_VALUE));
      }
      prompt = model.prompt(messages, images, processor);
    } catch (UnsupportedInputException | ImageInputException e) {
      throw new HttpError(400, e.getMessage(), "messages");
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage(), "min_pixels");
    } catch (RuntimeException e) {
      throw new HttpError(400, "the chat template cannot render these messages: " + e.getMessage(),
          "messages");
    }
    int n = intParam(req, "n", 1, 1, settings.maxN());
    JsonNode maxTokensNode = req.has("max_completion_tokens") ? req.get("max_completion_tokens")
        : req.path("max_tokens");
    int maxTokens = maxTokensNode.isMissingNode() || maxTokensNode.isNull()
        ? settings.defaultMaxTokens()
        : intValue(maxTokensNode, "max_tokens", 1, settings.maxTokensLimit());
    double temperature = numberParam(req, "temperature", 1.0, 0, 2);
    double topP = numberParam(req, "top_p", 1.0, 0, 1);
    if (topP == 0) {
      throw new HttpError(400, "top_p must be in (0, 1]", "top_p");
    }
    JsonNode seedNode = req.path("seed");
    long seed;
    if (seedNode.isMissingNode() || seedNode.isNull()) {
      seed = System.nanoTime();
    } else if (seedNode.canConvertToLong() && seedNode.isIntegralNumber()) {
      seed = seedNode.asLong();
    } else {
      throw new HttpError(400, "seed must be an integer", "seed");
    }
    List<String> stops = new ArrayList<>();
    JsonNode stop = req.path("stop");
    if (stop.isTextual()) {
      stops.add(stop.asText());
    } else if (stop.isArray()) {
      for (JsonNode s : stop) {
        if (!s.isTextual() || s.asText().isEmpty()) {
          throw new HttpError(400, "stop must be a non-empty string or an array of them", "stop");
        }
        stops.add(s.asText());
      }
      if (stops.size() > 4) {
        throw new HttpError(400, "at most 4 stop sequences", "stop");
      }
    } else if (!stop.isMissingNode() && !stop.isNull()) {
      throw new HttpError(400, "stop must be a string or an array of strings", "stop");
    }
    if (stops.stream().anyMatch(String::isEmpty)) {
      throw new HttpError(400, "stop strings must be non-empty", "stop");
    }
    JsonNode streamNode = req.path("stream");
    if (!streamNode.isMissingNode() && !streamNode.isNull() && !streamNode.isBoolean()) {
      throw new HttpError(400, "stream must be a boolean", "stream");
    }
    GenerationParams params = GenerationParams.builder().optMaxNewTokens(maxTokens)
        .optTemperature(temperature).optTopP(topP).optSeed(seed).optStopStrings(stops).build();
    int[] ids = prompt.ids();
    if ((long) ids.length + maxTokens > settings.maxContextTokens()) {
      throw new HttpError(400, "the prompt has " + ids.length + " tokens; with max_tokens " + maxTokens
          + " that exceeds this server's context limit of " + settings.maxContextTokens()
          + " tokens", "messages");
    }
    return new ChatRequest(prompt, n, params, streamNode.asBoolean(false));
  }

  private static int intParam(JsonNode req, String name, int dflt, int min, int max) throws HttpError {
    JsonNode v = req.path(name);
    return v.isMissingNode() || v.isNull() ? dflt : intValue(v, name, min, max);
  }

  private static int intValue(JsonNode v, String name, int min, int max) throws HttpError {
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw new HttpError(400, name + " must be an integer in [" + min + ", " + max + "]", name);
    }
    return v.asInt();
  }

  private static double numberParam(JsonNode req, String name, double dflt, double min, double max)
      throws HttpError {
    JsonNode v = req.path(name);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
      throw new HttpError(400, name + " must be a number in [" + min + ", " + max + "]", name);
    }
    return v.asDouble();
  }

  private HttpError tooLarge() {
    return new HttpError(413, "request body larger than the limit of " + settings.maxBodyBytes()
        + " bytes; send less, or restart the server with a larger --max-body-bytes", null);
  }

  private byte[] readBody(HttpExchange ex) throws IOException, HttpError {
    String len = ex.getRequestHeaders().getFirst("Content-Length");
    if (len != null) {
      try {
        if (Long.parseLong(len.trim()) > settings.maxBodyBytes()) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw new HttpError(400, "bad Content-Length", null);
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int r;
      while ((r = in.read(buf)) > 0) {
        out.write(buf, 0, r);
        if (out.size() > settings.maxBodyBytes()) {
          throw tooLarge();
        }
      }
      return out.toByteArray();
    }
  }

  /**
   * Runs a chat completion. A streaming response sends its headers when generation starts and
   * then its events; a failed write means the client has gone, and generation is cancelled at
   * the next token. A non-streaming response is exactly the JSON document with its
   * Content-Length, sent when generation ends (the JDK server gives no way to notice a closed
   * connection without writing to it, so such a request runs to its max_tokens).
   */
  private void chatCompletions(HttpExchange ex) throws IOException, HttpError {
    ChatRequest req = parse(readBody(ex));
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = System.currentTimeMillis() / 1000;
    List<MultimodalPrompt> prompts = new ArrayList<>();
    for (int i = 0; i < req.n(); i++) {
      prompts.add(req.prompt());
    }
    AtomicBoolean gone = new AtomicBoolean();
    OutputStream[] sink = new OutputStream[1];
    Future<List<GenerationResult>> f = submit(() -> {
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      List<GenerationResult> results;
      if (req.stream()) {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        sink[0] = out;
        for (int i = 0; i < req.n(); i++) {
          ObjectNode delta = JSON.createObjectNode();
          delta.put("role", "assistant");
          delta.put("content", "");
          write(out, "data: " + JSON.writeValueAsString(chunk(id, created, i, delta, null)) + "\n\n", gone);
        }
        results = generator.generatePrompts(prompts, req.params(), (row, text) -> {
          ObjectNode delta = JSON.createObjectNode();
          delta.put("content", text);
          write(out, "data: " + jsonString(chunk(id, created, row, delta, null)) + "\n\n", gone);
        }, gone::get);
        for (int i = 0; i < results.size(); i++) {
          ObjectNode last = chunk(id, created, i, JSON.createObjectNode(), results.get(i).finishReason());
          write(out, "data: " + JSON.writeValueAsString(last) + "\n\n", gone);
        }
        write(out, "data: [DONE]\n\n", gone);
      } else {
        results = generator.generatePrompts(prompts, req.params(), null, () -> false);
        byte[] body = JSON.writeValueAsBytes(completion(id, created, req, results));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        sink[0] = out;
        try {
          out.write(body);
          out.flush();
        } catch (IOException e) {
          gone.set(true);
        }
      }
      if (gone.get()) {
        cancelled.incrementAndGet();
      }
      return results;
    });
    try {
      await(f);
    } catch (HttpError e) {
      if (sink[0] == null) {
        throw e; // nothing sent yet: a proper error response
      }
      // Headers are out: report the failure in the body.
      ObjectNode o = JSON.createObjectNode();
      o.putObject("error").put("message", e.getMessage()).put("type", e.type);
      write(sink[0], req.stream() ? "data: " + JSON.writeValueAsString(o) + "\n\n"
          : JSON.writeValueAsString(o), gone);
    }
  }

  private ObjectNode completion(
      String id, long created, ChatRequest req, List<GenerationResult> results) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("object", "chat.completion");
    o.put("created", created);
    o.put("model", modelId());
    ArrayNode choices = o.putArray("choices");
    int completionTokens = 0;
    for (int i = 0; i < results.size(); i++) {
      GenerationResult r = results.get(i);
      ObjectNode c = choices.addObject();
      c.put("index", i);
      ObjectNode msg = c.putObject("message");
      msg.put("role", "assistant");
      msg.put("content", r.text());
      c.put("finish_reason", r.finishReason());
      completionTokens += r.tokenIds().length;
    }
    ObjectNode usage = o.putObject("usage");
    usage.put("prompt_tokens", req.prompt().ids().length);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", req.prompt().ids().length + completionTokens);
    return o;
  }

  private static String jsonString(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Occupies the generation worker until the latch opens (for tests of the queue bound).
   *
   * @param release opened to free the worker
   * @return the job's future
   */
  Future<?> occupyWorker(java.util.concurrent.CountDownLatch release) {
    return worker.submit(() -> {
      release.await();
      return null;
    });
  }

  private Future<List<GenerationResult>> submit(java.util.concurrent.Callable<List<GenerationResult>> job)
      throws HttpError {
    try {
      return worker.submit(job);
    } catch (RejectedExecutionException e) {
      throw new HttpError(429, "the server is busy: " + settings.queueCapacity()
          + " requests are already waiting; retry later (or raise --max-queue)", null);
    }
  }

  private static List<GenerationResult> await(Future<List<GenerationResult>> f) throws HttpError {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new HttpError(503, "the server is shutting down", null);
    } catch (ExecutionException e) {
      throw new HttpError(500, "generation failed: " + e.getCause(), null);
    }
  }

  private ObjectNode chunk(String id, long created, int index, ObjectNode delta, String finish) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("object", "chat.completion.chunk");
    o.put("created", created);
    o.put("model", modelId());
    ArrayNode choices = o.putArray("choices");
    ObjectNode c = choices.addObject();
    c.put("index", index);
    c.set("delta", delta);
    if (finish == null) {
      c.putNull("finish_reason");
    } else {
      c.put("finish_reason", finish);
    }
    return o;
  }

  /** Writes and flushes text; a failed write marks the client as gone (later writes are skipped). */
  private static void write(OutputStream out, String text, AtomicBoolean gone) {
    if (gone.get()) {
      return;
    }
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      gone.set(true);
    }
  }

  private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sendError(HttpExchange ex, HttpError e) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode err = o.putObject("error");
    err.put("message", e.getMessage());
    err.put("type", e.type);
    if (e.param == null) {
      err.putNull("param");
    } else {
      err.put("param", e.param);
    }
    err.putNull("code");
    if (e.status == 405) {
      ex.getResponseHeaders().set("Allow", e.getMessage().substring(e.getMessage().lastIndexOf(' ') + 1));
    }
    sendJson(ex, e.status, o);
  }
}
