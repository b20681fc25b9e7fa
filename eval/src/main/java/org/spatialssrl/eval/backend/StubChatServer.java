package org.spatialssrl.eval.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A local OpenAI-compatible {@code /v1/chat/completions} server whose answers come from a
 * function of the request, instantly or after a delay: what the harness's own overhead is
 * measured against, and what tests point the HTTP backend at. Loopback only.
 */
public final class StubChatServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to answer: the content, or an HTTP status other than 200 with a message. */
  public record Reply(int status, String content) {
    /**
     * A normal answer.
     *
     * @param content the assistant's text
     * @return the reply
     */
    public static Reply of(String content) {
      return new Reply(200, content);
    }
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final AtomicLong requests = new AtomicLong();

  /**
   * Starts a server on an ephemeral port of 127.0.0.1.
   *
   * @param threads handler threads
   * @param delayMs a wait before each answer
   * @param answer the reply to a request body
   * @throws IOException when it cannot bind
   */
  public StubChatServer(int threads, long delayMs, Function<JsonNode, Reply> answer) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "stub-chat-server");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", ex -> handle(ex, delayMs, answer));
    server.start();
  }

  private void handle(HttpExchange ex, long delayMs, Function<JsonNode, Reply> answer) throws IOException {
    try (ex) {
      requests.incrementAndGet();
      JsonNode req;
      try (InputStream in = ex.getRequestBody()) {
        req = JSON.readTree(in.readAllBytes());
      }
      if (delayMs > 0) {
        Thread.sleep(delayMs);
      }
      Reply r = answer.apply(req);
      ObjectNode o = JSON.createObjectNode();
      if (r.status() == 200) {
        o.put("id", "stub").put("object", "chat.completion").put("model", req.path("model").asText());
        ObjectNode c = o.putArray("choices").addObject();
        c.put("index", 0).putObject("message").put("role", "assistant").put("content", r.content());
        c.put("finish_reason", "stop");
        o.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1);
      } else {
        o.putObject("error").put("message", r.content()).put("type", "stub_error");
      }
      byte[] body = JSON.writeValueAsBytes(o);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(r.status(), body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The base URL ({@code http://127.0.0.1:PORT/v1}).
   *
   * @return the URL
   */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /**
   * Requests received so far.
   *
   * @return the count
   */
  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
