package org.spatialssrl.cli.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.reward.SpatialReward;
import picocli.CommandLine;

class RewardServerTest {

  private static final int LIMIT = 4096;
  private static RewardServer server;
  private static HttpTestClient client;
  private static RewardServer datasetServer;
  private static HttpTestClient datasetClient;

  @BeforeAll
  static void start(@TempDir Path tmp) throws Exception {
    server = RewardServer.start(new RewardService(SpatialReward.released(), null), "127.0.0.1", 0, 4, LIMIT);
    client = new HttpTestClient(server.port());
    Files.writeString(tmp.resolve("train.jsonl"),
        "{\"id\":\"s1\",\"task\":\"shuffle\",\"variant\":\"2x2\",\"answer\":\"0-2-3-1\"}\n"
            + "{\"id\":\"c1\",\"task\":\"crop\",\"variant\":\"4opt\",\"answer\":\"B\"}\n");
    GroundTruths truths = GroundTruths.load(tmp);
    datasetServer = RewardServer.start(new RewardService(SpatialReward.released(), truths), "127.0.0.1", 0, 2, LIMIT);
    datasetClient = new HttpTestClient(datasetServer.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    datasetServer.close();
  }

  @Test
  void healthAnswersOk() throws Exception {
    HttpTestClient.Reply r = client.get("/health");
    assertEquals(200, r.status());
    assertEquals("ok", r.body().get("status").asText());
    assertEquals(2, datasetClient.get("/health").body().get("dataset_ids").asInt());
  }

  @Test
  void malformedJsonIs400WithAReason() throws Exception {
    assertError(client.post("/score", "[{\"response\": "), 400, "malformed JSON");
    assertError(client.post("/score", "[] trailing"), 400, "malformed JSON");
    assertError(client.post("/get_reward", "{not json}"), 400, "malformed JSON");
    assertError(client.post("/score", ""), 400, "empty body");
  }

  @Test
  void scoreRejectsWrongShapesMissingFieldsAndWrongTypes() throws Exception {
    assertError(client.post("/score", "{\"response\":\"x\"}"), 400, "expected a JSON list");
    assertError(client.post("/score", "[1]"), 400, "item 0: expected a JSON object");
    assertError(client.post("/score", "[{\"ground_truth\":\"A\"}]"), 400, "item 0: field \"response\" must be a string");
    assertError(client.post("/score", "[{\"response\":\"x\",\"ground_truth\":\"A\"},{\"response\":\"x\"}]"), 400,
        "item 1: missing \"ground_truth\"");
    assertError(client.post("/score", "[{\"response\":3,\"ground_truth\":\"A\"}]"), 400, "got number");
    assertError(client.post("/score", "[{\"response\":\"x\",\"ground_truth\":[\"A\"]}]"), 400,
        "field \"ground_truth\" must be a string, got array");
  }

  @Test
  void getRewardRejectsMissingFieldsWrongTypesAndLengths() throws Exception {
    assertError(client.post("/get_reward", "[]"), 400, "expected a JSON object");
    assertError(client.post("/get_reward", "{\"labels\":[\"A\"]}"), 400, "missing field \"query\"");
    assertError(client.post("/get_reward", "{\"query\":[\"q\"]}"), 400, "missing field \"labels\"");
    assertError(client.post("/get_reward", "{\"query\":\"q\",\"labels\":[\"A\"]}"), 400, "must be a list of strings, got string");
    assertError(client.post("/get_reward", "{\"query\":[\"q\",\"r\"],\"labels\":[\"A\"]}"), 400,
        "\"labels\" has 1 entries but \"query\" has 2");
    assertError(client.post("/get_reward", "{\"query\":[\"q\"],\"prompts\":[\"p\",\"p\"],\"labels\":[\"A\"]}"), 400,
        "\"prompts\" has 2 entries");
    assertError(client.post("/get_reward", "{\"query\":[null],\"labels\":[\"A\"]}"), 400, "query[0] must be a string, got null");
  }

  @Test
  void oversizeBodiesAre413WithOrWithoutContentLength() throws Exception {
    String big = "[" + "{\"response\":\"x\",\"ground_truth\":\"A\"},".repeat(LIMIT / 30) + "{\"response\":\"x\",\"ground_truth\":\"A\"}]";
    assertTrue(big.length() > LIMIT);
    assertError(client.post("/score", big), 413, "exceeds the limit of " + LIMIT);
    byte[] bytes = big.getBytes();
    HttpRequest chunked = HttpRequest.newBuilder(client.uri("/score"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
    assertError(client.send(chunked), 413, "exceeds the limit");
    // A body just under the limit is fine.
    assertEquals(200, client.post("/score", "[{\"response\":\"\\\\boxed{A}\",\"ground_truth\":\"A\"}]").status());
  }

  @Test
  void wrongMethodIs405AndUnknownPathIs404() throws Exception {
    assertError(client.get("/score"), 405, "use POST");
    assertError(client.get("/get_reward"), 405, "use POST");
    assertError(client.post("/health", "{}"), 405, "use GET");
    assertError(client.get("/nope"), 404, "no such endpoint");
  }

  @Test
  void datasetModeLooksIdsUpAndRejectsUnknownOnes() throws Exception {
    HttpTestClient.Reply r = datasetClient.post("/score",
        List.of(Map.of("response", "<think>a</think>\\boxed{0-2-3-1}", "id", "s1"),
            Map.of("response", "\\boxed{B}", "ground_truth", "A")));
    assertEquals(200, r.status(), String.valueOf(r.body()));
    assertEquals(1.0, r.body().get(0).get("overall").asDouble());
    assertEquals(0.0, r.body().get(1).get("overall").asDouble());
    r = datasetClient.post("/get_reward", Map.of("query", List.of("P\\boxed{B}"), "prompts", List.of("P"), "labels", List.of("c1")));
    assertEquals(0.9, r.body().get("rewards").get(0).asDouble());
    assertError(datasetClient.post("/get_reward", Map.of("query", List.of("x"), "labels", List.of("B"))), 400,
        "labels[0]: id 'B' is not in the dataset");
    assertError(datasetClient.post("/score", "[{\"response\":\"x\",\"id\":\"\\ud800\"}]"), 400, "is not in the dataset");
    assertError(datasetClient.post("/score", "[{\"response\":\"x\"}]"), 400, "needs \"ground_truth\" or a string \"id\"");
  }

  @Test
  void manyConcurrentClientsEachGetTheirOwnAnswers() throws Exception {
    int clients = 24;
    int requests = 15;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int me = c;
        Callable<Integer> job = () -> {
          HttpTestClient mine = new HttpTestClient(server.port());
          for (int k = 0; k < requests; k++) {
            // Client me, request k: item j is right exactly when j % clients == me.
            List<Map<String, String>> batch = new ArrayList<>();
            for (int j = 0; j < 40; j++) {
              String truth = "c" + me + "-r" + k + "-" + j;
              String answer = j % clients == me ? truth : "wrong";
              batch.add(Map.of("response", "<think>t</think>\\boxed{" + answer + "}", "ground_truth", truth));
            }
            HttpTestClient.Reply r = mine.post("/score", batch);
            assertEquals(200, r.status());
            for (int j = 0; j < 40; j++) {
              assertEquals(j % clients == me ? 1.0 : 0.1, r.body().get(j).get("overall").asDouble(),
                  "client " + me + " request " + k + " item " + j);
            }
          }
          return requests;
        };
        done.add(pool.submit(job));
      }
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        int total = 0;
        for (Future<Integer> f : done) {
          total += f.get();
        }
        assertEquals(clients * requests, total);
      });
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oversizeBodiesNameTheFlag() throws Exception {
    String big = "[" + "x".repeat(LIMIT) + "]";
    assertError(client.post("/score", big), 413, org.spatialssrl.cli.ServerOptions.MAX_BODY_BYTES);
  }

  /** Opens a request whose body never completes: it holds whichever thread reads it. */
  private static java.net.Socket stalledRequest(int port) throws Exception {
    java.net.Socket s = new java.net.Socket("127.0.0.1", port);
    s.getOutputStream().write(("POST /score HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  @Test
  void aFullQueueAnswers429AndNamesTheFlag() throws Exception {
    RewardServer s = RewardServer.start(new RewardService(SpatialReward.released(), null), "127.0.0.1",
        0, 1, LIMIT, 1);
    HttpTestClient c = new HttpTestClient(s.port());
    try (java.net.Socket busy = stalledRequest(s.port()); java.net.Socket queued = stalledRequest(s.port())) {
      HttpTestClient.Reply r = null;
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (System.nanoTime() < deadline && (r == null || r.status() != 429)) {
        r = c.post("/score", "[]"); // 200 until the worker and the one queue slot are taken
      }
      assertError(r, 429, org.spatialssrl.cli.ServerOptions.MAX_QUEUE);
    }
    assertEquals(200, c.post("/score", "[]").status(), "serves again once the queue drains");
    s.close();
    assertThrows(IllegalArgumentException.class, () -> RewardServer.start(
        new RewardService(SpatialReward.released(), null), "127.0.0.1", 0, 1, LIMIT, 0));
  }

  @Test
  void closeStopsTheServiceAndReleasesWaiters() throws Exception {
    RewardServer s = RewardServer.start(new RewardService(SpatialReward.released(), null), "127.0.0.1", 0, 1, LIMIT);
    HttpTestClient c = new HttpTestClient(s.port());
    assertEquals(200, c.get("/health").status());
    Thread waiter = new Thread(() -> {
      try {
        s.awaitStop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waiter.start();
    s.close();
    s.close();
    waiter.join(10_000);
    assertTrue(!waiter.isAlive(), "awaitStop did not return after close");
    assertThrows(ConnectException.class, () -> new HttpTestClient(s.port()).get("/health"));
  }

  @Test
  void invalidStartSettingsAreRejected() {
    RewardService svc = new RewardService(SpatialReward.released(), null);
    assertThrows(IllegalArgumentException.class, () -> RewardServer.start(svc, "127.0.0.1", 0, 0, LIMIT));
    assertThrows(IllegalArgumentException.class, () -> RewardServer.start(svc, "127.0.0.1", 0, 1, 0));
  }

  @Test
  void serveRewardReportsABusyPortAndBadSettings() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cl = Ssrl.commandLine();
    cl.setErr(new PrintWriter(err));
    assertEquals(3, cl.execute("serve-reward", "--port", String.valueOf(server.port())));
    assertTrue(err.toString().contains("cannot listen on 127.0.0.1:" + server.port()), err.toString());
    assertEquals(2, cl.execute("serve-reward", "--port", "0", "--threads", "0"));
    assertTrue(err.toString().contains("threads must be at least 1"), err.toString());
  }

  private static void assertError(HttpTestClient.Reply r, int status, String reasonPart) {
    assertEquals(status, r.status(), String.valueOf(r.body()));
    String reason = r.body().get("error").asText();
    assertTrue(reason.contains(reasonPart), "reason '" + reason + "' should contain '" + reasonPart + "'");
  }

}
