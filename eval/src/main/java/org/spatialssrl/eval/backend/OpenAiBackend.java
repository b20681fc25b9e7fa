package org.spatialssrl.eval.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.model.ChatMessage;

/**
 * An OpenAI-compatible chat completions server (vLLM, SGLang, {@code ssrl serve}): one request
 * per item, several in flight, retried with exponential back-off on connection failures,
 * timeouts, 408, 429 and 5xx (honouring {@code Retry-After}), never on other 4xx. The
 * benchmark's settings go in the request: {@code max_tokens}, {@code temperature},
 * {@code top_p}, {@code seed}, and unless {@code plainOpenAi} the server-side extras
 * {@code top_k}, {@code repetition_penalty}, {@code min_pixels}/{@code max_pixels} and vLLM's
 * {@code mm_processor_kwargs}.
 */
public final class OpenAiBackend implements ModelBackend {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI uri;
  private final String model;
  private final int concurrency;
  private final int retries;
  private final Duration timeout;
  private final Duration backoff;
  private final String apiKey;
  private final boolean plainOpenAi;
  private final HttpClient http;

  /**
   * A backend.
   *
   * @param endpoint the server's base URL ({@code http://127.0.0.1:8000/v1}) or its
   *     {@code /chat/completions} URL
   * @param model the served model name
   * @param concurrency requests in flight
   * @param retries retries after the first attempt
   * @param timeout the limit for one request
   * @param backoff the first retry's wait (doubled each time, at most 30 s)
   * @param apiKey a bearer token, or null
   * @param plainOpenAi send only the parameters OpenAI's own API accepts
   */
  public OpenAiBackend(String endpoint, String model, int concurrency, int retries, Duration timeout,
      Duration backoff, String apiKey, boolean plainOpenAi) {
    if (concurrency < 1 || retries < 0) {
      throw new IllegalArgumentException("concurrency must be >= 1 and retries >= 0");
    }
    this.uri = completionsUri(endpoint);
    this.model = model;
    this.concurrency = concurrency;
    this.retries = retries;
    this.timeout = timeout;
    this.backoff = backoff;
    this.apiKey = apiKey;
    this.plainOpenAi = plainOpenAi;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * The chat completions URL of an endpoint.
   *
   * @param endpoint a base URL, with or without {@code /v1}, or the full URL
   * @return the URL
   * @throws IllegalArgumentException when it is not an http(s) URL
   */
  static URI completionsUri(String endpoint) {
    URI u;
    try {
      u = URI.create(endpoint.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + endpoint, e);
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
      throw new IllegalArgumentException("the endpoint must be an http(s) URL such as http://127.0.0.1:8000/v1, got " + endpoint);
    }
    String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
    if (!path.endsWith("/chat/completions")) {
      path = (path.isEmpty() ? "/v1" : path) + "/chat/completions";
    }
    return u.resolve(path);
  }

  @Override
  public String modelId() {
    return model;
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
    return batch.stream().map(this::one).toList();
  }

  /**
   * The request body for one request.
   *
   * @param r the request
   * @return the JSON body
   */
  byte[] body(Request r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("model", model);
    ObjectNode msg = o.putArray("messages").addObject().put("role", "user");
    ArrayNode content = msg.putArray("content");
    for (ChatMessage.Part p : r.parts()) {
      if (p.type().equals("image")) {
        content.addObject().put("type", "image_url").putObject("image_url").put("url", p.image());
      } else {
        content.addObject().put("type", "text").put("text", p.text());
      }
    }
    ModelSettings s = r.settings();
    o.put("max_tokens", s.maxNewTokens());
    o.put("temperature", s.temperature());
    o.put("top_p", s.topP());
    o.put("seed", 0);
    if (!plainOpenAi) {
      if (s.topK() > 0) {
        o.put("top_k", s.topK());
      }
      if (s.repetitionPenalty() != 1.0) {
        o.put("repetition_penalty", s.repetitionPenalty());
      }
      o.put("min_pixels", s.minPixels());
      o.put("max_pixels", s.maxPixels());
      o.putObject("mm_processor_kwargs").put("min_pixels", s.minPixels()).put("max_pixels", s.maxPixels());
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Completion one(Request r) {
    byte[] body = body(r);
    String last = null;
    for (int attempt = 1; attempt <= retries + 1; attempt++) {
      long wait = Math.min(30_000, backoff.toMillis() << Math.min(20, attempt - 1));
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
          b.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        int code = resp.statusCode();
        if (code == 200) {
          return parse(resp.body(), attempt);
        }
        last = "HTTP " + code + ": " + errorMessage(resp.body());
        if (!(code == 408 || code == 429 || code >= 500)) {
          return Completion.failed(last, attempt);
        }
        Optional<String> retryAfter = resp.headers().firstValue("Retry-After");
        if (retryAfter.isPresent() && retryAfter.get().matches("\\d{1,3}")) {
          wait = Math.max(wait, Math.min(60, Long.parseLong(retryAfter.get())) * 1000);
        }
      } catch (HttpTimeoutException e) {
        last = "timed out after " + timeout.toSeconds() + " s";
      } catch (IOException e) {
        last = "cannot reach " + uri + ": " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Completion.failed("interrupted", attempt);
      }
      if (attempt <= retries) {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Completion.failed("interrupted", attempt);
        }
      }
    }
    return Completion.failed(last + " (after " + (retries + 1) + " attempts)", retries + 1);
  }

  private static Completion parse(byte[] body, int attempt) {
    try {
      JsonNode o = JSON.readTree(body);
      JsonNode choice = o.path("choices").path(0);
      JsonNode content = choice.path("message").path("content");
      if (o.has("error") || !(content.isTextual() || content.isNull())) {
        return Completion.failed("the server answered without a message: " + errorMessage(body), attempt);
      }
      JsonNode usage = o.path("usage");
      return new Completion(content.isNull() ? "" : content.asText(), choice.path("finish_reason").asText(null),
          usage.path("prompt_tokens").asInt(-1), usage.path("completion_tokens").asInt(-1), attempt, null);
    } catch (IOException e) {
      return Completion.failed("the server's answer is not JSON: " + e.getMessage(), attempt);
    }
  }

  private static String errorMessage(byte[] body) {
    try {
      JsonNode o = JSON.readTree(body);
      JsonNode m = o.path("error").path("message");
      if (m.isTextual()) {
        return m.asText();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: show the start of the body
    }
    String s = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  @Override
  public void close() {
    // The JDK client's connections close with it (Java 21 adds close(); 17 relies on GC).
  }
}
