package org.spatialssrl.model.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spatialssrl.model.TinyCheckpoint;
import org.spatialssrl.model.qwen.QwenModel;

/** The OpenAI-compatible endpoints, streaming, limits and every error path, over loopback. */
class OpenAiServerTest {
  @TempDir static Path tmp;
  private static QwenModel model;
  private static OpenAiServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    model = QwenModel.builder().setModelDir(TinyCheckpoint.shape().write(tmp.resolve("tiny-chat"))).build();
    server = new OpenAiServer(model, OpenAiServer.Settings.builder().optPort(0).optQueueCapacity(1)
        .optMaxBodyBytes(4096).optMaxTokensLimit(5000).optMaxN(4).optMaxContextTokens(4500).build());
  }

  @AfterAll
  static void stop() {
    server.close();
    model.close();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";

  @Test
  void healthAndModels() throws Exception {
    HttpResponse<String> h = get("/health");
    assertEquals(200, h.statusCode());
    assertEquals("ok", JSON.readTree(h.body()).path("status").asText());
    HttpResponse<String> m = get("/v1/models");
    assertEquals(200, m.statusCode());
    assertEquals("tiny-chat", JSON.readTree(m.body()).path("data").path(0).path("id").asText());
  }

  @Test
  void completionWithSeedIsReproducibleAndHasNChoices() throws Exception {
    String body = "{\"model\":\"tiny-chat\"," + HELLO
        + ",\"n\":2,\"seed\":5,\"temperature\":1.2,\"top_p\":0.9,\"max_tokens\":6}";
    HttpResponse<String> a = post(body);
    assertEquals(200, a.statusCode(), a.body());
    JsonNode ja = JSON.readTree(a.body());
    assertEquals("chat.completion", ja.path("object").asText());
    assertEquals(2, ja.path("choices").size());
    assertEquals("assistant", ja.path("choices").path(0).path("message").path("role").asText());
    assertTrue(ja.path("usage").path("completion_tokens").asInt() > 0);
    assertEquals(ja.path("choices"), JSON.readTree(post(body).body()).path("choices"));
  }

  @Test
  void aNonStreamingReplyIsExactlyTheJsonWithItsContentLength() throws Exception {
    HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString("{" + HELLO + ",\"seed\":1,\"max_tokens\":8}")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals(String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElse("none"));
    assertEquals('{', (char) r.body()[0], "no padding before the JSON");
    assertEquals('}', (char) r.body()[r.body().length - 1], "nothing after it");
    assertEquals("chat.completion", JSON.readTree(r.body()).path("object").asText());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void streamingDeltasAddUpToTheNonStreamingAnswer() throws Exception {
    String base = "{" + HELLO + ",\"seed\":3,\"temperature\":0.8,\"max_tokens\":10,\"stop\":[\"zz\"]";
    String whole = JSON.readTree(post(base + "}").body())
        .path("choices").path(0).path("message").path("content").asText();
    HttpResponse<String> s = post(base + ",\"stream\":true}");
    assertEquals(200, s.statusCode());
    assertTrue(s.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    StringBuilder text = new StringBuilder();
    String finish = null;
    boolean done = false;
    for (String line : s.body().split("\n")) {
      if (!line.startsWith("data: ")) {
        continue;
      }
      String data = line.substring(6);
      if (data.equals("[DONE]")) {
        done = true;
        continue;
      }
      JsonNode chunk = JSON.readTree(data);
      assertEquals("chat.completion.chunk", chunk.path("object").asText());
      assertEquals("tiny-chat", chunk.path("model").asText());
      JsonNode c = chunk.path("choices").path(0);
      text.append(c.path("delta").path("content").asText(""));
      if (!c.path("finish_reason").isNull()) {
        finish = c.path("finish_reason").asText();
      }
    }
    assertTrue(done, "stream ends with [DONE]");
    assertEquals(whole, text.toString());
    assertTrue("stop".equals(finish) || "length".equals(finish), finish);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "invalid json | {\"messages\": [ | 400 | not valid JSON",
    "no messages | {\"max_tokens\": 3} | 400 | 'messages'",
    "bad role | {\"messages\":[{\"content\":\"x\"}]} | 400 | role",
    "bad part | {\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"audio\"}]}]} | 400 | unsupported type",
    "image part | {\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA\"}},{\"type\":\"text\",\"text\":\"what?\"}]}]} | 400 | image inputs need a vision tower",
    "n zero | {MSG,\"n\":0} | 400 | n must be",
    "n too big | {MSG,\"n\":5} | 400 | n must be",
    "temperature text | {MSG,\"temperature\":\"hot\"} | 400 | temperature",
    "top_p zero | {MSG,\"top_p\":0} | 400 | top_p",
    "max_tokens limit | {MSG,\"max_tokens\":5001} | 400 | max_tokens",
    "seed text | {MSG,\"seed\":\"x\"} | 400 | seed",
    "stop number | {MSG,\"stop\":7} | 400 | stop",
    "stop empty | {MSG,\"stop\":[\"\"]} | 400 | stop",
    "stream text | {MSG,\"stream\":\"yes\"} | 400 | stream",
    "context limit | {MSG,\"max_tokens\":4490} | 400 | context limit of 4500",
    "unknown model | {MSG,\"model\":\"gpt-9\"} | 404 | gpt-9",
  })
  void malformedRequestsGet4xxWithAReason(String name, String body, int status, String reason)
      throws Exception {
    HttpResponse<String> r = post(body.replace("MSG", HELLO));
    assertEquals(status, r.statusCode(), r.body());
    String message = JSON.readTree(r.body()).path("error").path("message").asText();
    assertTrue(message.contains(reason), message);
  }

  @Test
  void wrongMethodUnknownPathAndOversizedBody() throws Exception {
    HttpResponse<String> m = get("/v1/chat/completions");
    assertEquals(405, m.statusCode());
    assertEquals(404, get("/v2/nothing").statusCode());
    String big = "{" + HELLO + ",\"pad\":\"" + "x".repeat(5000) + "\"}";
    HttpResponse<String> b = post(big);
    assertEquals(413, b.statusCode());
    String message = JSON.readTree(b.body()).path("error").path("message").asText();
    assertTrue(message.contains("4096") && message.contains("--max-body-bytes"), message);
  }

  @Test
  @Timeout(120)
  void fullQueueAnswers429() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.occupyWorker(release);
    CompletableFuture<HttpResponse<String>> queued = null;
    try {
      queued = CLIENT.sendAsync(HttpRequest.newBuilder(uri("/v1/chat/completions"))
          .POST(HttpRequest.BodyPublishers.ofString("{" + HELLO + ",\"max_tokens\":2}")).build(),
          HttpResponse.BodyHandlers.ofString());
      while (JSON.readTree(get("/health").body()).path("queued").asInt() < 1) {
        Thread.sleep(20);
      }
      HttpResponse<String> rejected = post("{" + HELLO + ",\"max_tokens\":2}");
      assertEquals(429, rejected.statusCode());
      assertTrue(rejected.body().contains("busy"));
    } finally {
      release.countDown();
    }
    assertEquals(200, queued.get().statusCode());
  }

  /** Streams only: a non-streaming reply is sent whole at the end (see the server's Javadoc). */
  @Test
  @Timeout(120)
  void streamingRequestIsCancelledWhenTheClientDisconnects() throws Exception {
    boolean stream = true;
    long before = JSON.readTree(get("/health").body()).path("cancelled").asLong();
    String body = "{" + HELLO + ",\"temperature\":0,\"max_tokens\":4000,\"stream\":" + stream + "}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      // The status line arrives when generation starts; then the client leaves.
      assertEquals("HTTP/1.1 200 OK", in.readLine());
    }
    // The worker notices the closed connection on a later write and stops generating.
    while (JSON.readTree(get("/health").body()).path("cancelled").asLong() == before) {
      Thread.sleep(20);
    }
    HttpResponse<String> after = post("{" + HELLO + ",\"max_tokens\":2}");
    assertEquals(200, after.statusCode(), "the server serves again after the cancellation");
    assertFalse(after.body().isEmpty());
  }
}
