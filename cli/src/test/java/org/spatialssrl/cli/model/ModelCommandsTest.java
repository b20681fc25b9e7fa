package org.spatialssrl.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.model.tokenizer.QwenTokenizer;
import picocli.CommandLine;

/** {@code ssrl logprobs} and {@code ssrl chat} on the qwen-tiny-a fixture. */
class ModelCommandsTest {
  @TempDir Path tmp;
  private Path fixture;
  private JsonNode textCase;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void findFixture() throws Exception {
    String root = System.getProperty("ssrl.fixtures");
    fixture = root == null ? null : Path.of(root, "qwen-tiny-a");
    Assumptions.assumeTrue(fixture != null && Files.isRegularFile(fixture.resolve("cases.json")),
        "fixture qwen-tiny-a not found (system property ssrl.fixtures=" + root + "); skipping");
    textCase = json.readTree(fixture.resolve("cases.json").toFile()).path("cases").get(0);
    assertEquals("text_only", textCase.path("name").asText());
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Ssrl.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void logprobsReproducesTheFixture() throws Exception {
    ObjectNode req = json.createObjectNode();
    req.set("messages", textCase.path("messages"));
    req.put("completion", textCase.path("completion").path("text").asText());
    req.put("greedy_tokens", 16);
    Path file = tmp.resolve("req.json");
    json.writeValue(file.toFile(), req);
    Run r = run("logprobs", "--model", fixture.toString(), "--request", file.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode out = json.readTree(r.out());
    assertEquals(textCase.path("prompt"), out.path("prompt"));
    assertEquals(textCase.path("input_ids"), out.path("input_ids"));
    assertEquals(textCase.path("completion").path("token_ids"), out.path("completion_ids"));
    JsonNode want = textCase.path("completion").path("logprobs");
    assertEquals(want.size(), out.path("logprobs").size());
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).asDouble(), out.path("logprobs").get(i).asDouble(), 1e-4);
    }
    // Every greedy step of this case has a top-1/top-2 margin above 1e-3.
    assertEquals(textCase.path("greedy").path("token_ids"), out.path("greedy_ids"));
    assertEquals(textCase.path("greedy").path("text"), out.path("greedy_text"));
  }

  @Test
  void logprobsRejectsABadRequestWithExitCode3() throws Exception {
    Path file = tmp.resolve("bad.json");
    Files.writeString(file, "{\"messages\": [], \"completion\": \"x\"}");
    Run r = run("logprobs", "--model", fixture.toString(), "--request", file.toString());
    assertEquals(Ssrl.EXIT_INPUT, r.code());
    assertTrue(r.err().contains("messages"), r.err());
  }

  @Test
  void interactiveChatKeepsHistoryUntilExit() {
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream(
          "Hello\n\nSecond turn\n/reset\nThird\n/exit\nnever read\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      Run r = run("chat", "--model", fixture.toString(), "--max-tokens", "3");
      assertEquals(0, r.code(), r.err());
      // One prompt per line read: three turns, the blank line, /reset and /exit.
      assertEquals(6, r.out().split("> ", -1).length - 1, r.out());
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void oneShotChatPrintsTheGreedyReply() {
    Run r = run("chat", "--model", fixture.toString(), "--max-tokens", "5",
        "--system", "You are a terse assistant.", "What is the capital of France? Réponds en un mot.");
    assertEquals(0, r.code(), r.err());
    // The fixture's greedy continuation (no stop token among its first 5), decoded.
    int[] first5 = new int[5];
    for (int i = 0; i < 5; i++) {
      first5[i] = textCase.path("greedy").path("token_ids").get(i).asInt();
    }
    String expected;
    try (QwenTokenizer tok = QwenTokenizer.load(fixture)) {
      expected = tok.decode(first5, true);
    }
    assertEquals(expected + System.lineSeparator(), r.out());
  }
}
