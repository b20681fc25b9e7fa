package org.spatialssrl.eval.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.model.ChatMessage;

/** The HTTP backend against a local stub: request shape, retries with back-off, timeouts. */
class OpenAiBackendTest {
  private static ModelBackend.Request request(String text) {
    return new ModelBackend.Request("x", List.of(new ChatMessage.Part("image", null, "data:image/png;base64,AAAA"),
        new ChatMessage.Part("text", text, null)), ModelSettings.vlmEvalKit().withSampling(0, 1, 1));
  }

  @Test
  void sendsTheSettingsAndRetriesServerErrorsOnly() throws Exception {
    ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    JsonNode[] last = new JsonNode[1];
    try (StubChatServer stub = new StubChatServer(4, 0, req -> {
      last[0] = req;
      String text = req.path("messages").get(0).path("content").get(1).path("text").asText();
      int n = seen.computeIfAbsent(text, k -> new AtomicInteger()).incrementAndGet();
      return switch (text) {
        case "flaky" -> n < 3 ? new StubChatServer.Reply(503, "busy") : StubChatServer.Reply.of("\\boxed{B}");
        case "bad" -> new StubChatServer.Reply(400, "prompt too long");
        default -> StubChatServer.Reply.of("ok " + text);
      };
    })) {
      OpenAiBackend b = new OpenAiBackend(stub.url(), "m", 2, 3, Duration.ofSeconds(10), Duration.ofMillis(10), null, false);
      List<ModelBackend.Completion> out = b.complete(List.of(request("hi"), request("flaky"), request("bad")));
      assertEquals("ok hi", out.get(0).text());
      assertNull(out.get(0).error());
      assertEquals("\\boxed{B}", out.get(1).text());
      assertEquals(3, out.get(1).attempts(), "two 503s, then the answer");
      assertTrue(out.get(2).error().contains("HTTP 400: prompt too long"), out.get(2).error());
      assertEquals(1, seen.get("bad").get(), "a 4xx is not retried");
      JsonNode req = last[0];
      assertEquals("m", req.path("model").asText());
      assertEquals(2048, req.path("max_tokens").asInt());
      assertEquals(0.0, req.path("temperature").asDouble());
      assertEquals(1, req.path("top_k").asInt());
      assertEquals(1280 * 784, req.path("min_pixels").asInt());
      assertEquals(16384 * 784, req.path("mm_processor_kwargs").path("max_pixels").asInt());
      assertEquals("image_url", req.path("messages").get(0).path("content").get(0).path("type").asText());
      OpenAiBackend plain = new OpenAiBackend(stub.url(), "m", 1, 0, Duration.ofSeconds(10), Duration.ofMillis(10), null, true);
      plain.complete(List.of(request("plain")));
      assertTrue(last[0].path("top_k").isMissingNode() && last[0].path("min_pixels").isMissingNode());
    }
  }

  @Test
  void timeoutsAndUnreachableServersAreItemErrors() throws Exception {
    try (StubChatServer slow = new StubChatServer(2, 1500, req -> StubChatServer.Reply.of("late"))) {
      OpenAiBackend b = new OpenAiBackend(slow.url(), "m", 1, 1, Duration.ofMillis(200), Duration.ofMillis(10), null, false);
      ModelBackend.Completion c = b.complete(List.of(request("q"))).get(0);
      assertTrue(c.error().contains("timed out") && c.error().contains("after 2 attempts"), c.error());
    }
    OpenAiBackend none = new OpenAiBackend("http://127.0.0.1:1/v1", "m", 1, 0, Duration.ofSeconds(2),
        Duration.ofMillis(1), null, false);
    assertTrue(none.complete(List.of(request("q"))).get(0).error().startsWith("cannot reach"));
  }

  @Test
  void endpointForms() {
    assertEquals("http://h:1/v1/chat/completions", OpenAiBackend.completionsUri("http://h:1").toString());
    assertEquals("http://h:1/v1/chat/completions", OpenAiBackend.completionsUri("http://h:1/v1/").toString());
    assertEquals("http://h:1/x/chat/completions", OpenAiBackend.completionsUri("http://h:1/x/chat/completions").toString());
    assertThrows(IllegalArgumentException.class, () -> OpenAiBackend.completionsUri("ftp://h/v1"));
  }
}
