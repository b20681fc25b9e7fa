package org.spatialssrl.model.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.serve.OpenAiServer;

/** The server answers image requests: data URLs, and local paths only inside the image folder. */
class VisionServerTest {
  @TempDir static Path tmp;
  private static QwenModel model;
  private static OpenAiServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    model = QwenModel.builder()
        .setModelDir(TinyVisionCheckpoint.write(tmp.resolve("tiny-vl"), 2, 32, 2)).build();
    Path images = Files.createDirectories(tmp.resolve("images"));
    ImageIO.write(TinyVisionCheckpoint.picture(90, 60, 1), "png", images.resolve("a.png").toFile());
    ImageIO.write(TinyVisionCheckpoint.picture(90, 60, 2), "png", tmp.resolve("outside.png").toFile());
    server = new OpenAiServer(model, OpenAiServer.Settings.builder().optPort(0).build(),
        ImageSource.builder().optRoot(images).build());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (model != null) {
      model.close();
    }
  }

  private static HttpResponse<String> ask(String imageUrl, String extra) throws Exception {
    ObjectNode req = JSON.createObjectNode();
    ArrayNode content = req.putArray("messages").addObject().put("role", "user").putArray("content");
    content.addObject().put("type", "image_url").putObject("image_url").put("url", imageUrl);
    content.addObject().put("type", "text").put("text", "What is in the picture?");
    req.put("max_tokens", 4);
    req.put("temperature", 0);
    String body = req.toString();
    if (extra != null) {
      body = body.substring(0, body.length() - 1) + "," + extra + "}";
    }
    return CLIENT.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersADataUrlImage() throws Exception {
    HttpResponse<String> r = ask(TinyVisionCheckpoint.dataUrl(TinyVisionCheckpoint.picture(90, 60, 1)), null);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode o = JSON.readTree(r.body());
    assertEquals(4, o.path("usage").path("completion_tokens").asInt());
    // 90x60 -> 84x56 -> 6x4 patches -> 6 image tokens, plus the template around them.
    int promptTokens = o.path("usage").path("prompt_tokens").asInt();
    HttpResponse<String> local = ask("a.png", null);
    assertEquals(200, local.statusCode(), local.body());
    JsonNode l = JSON.readTree(local.body());
    assertEquals(promptTokens, l.path("usage").path("prompt_tokens").asInt());
    // The same picture by path and by data URL gives the same greedy reply.
    assertEquals(o.path("choices").get(0).path("message").path("content"),
        l.path("choices").get(0).path("message").path("content"));
    // A larger min_pixels means more image tokens.
    HttpResponse<String> bigger = ask("a.png", "\"min_pixels\": 20000");
    assertEquals(200, bigger.statusCode(), bigger.body());
    assertTrue(JSON.readTree(bigger.body()).path("usage").path("prompt_tokens").asInt() > promptTokens);
  }

  @Test
  void rejectsPathsOutsideTheImageFolderAndBadImages() throws Exception {
    for (String url : new String[] {"../outside.png", tmp.resolve("outside.png").toString(),
        "https://example.com/x.png", "data:image/png;base64,AAAA", "missing.png"}) {
      HttpResponse<String> r = ask(url, null);
      assertEquals(400, r.statusCode(), url + ": " + r.body());
      assertEquals("invalid_request_error", JSON.readTree(r.body()).path("error").path("type").asText());
    }
  }
}
