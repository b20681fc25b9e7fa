package org.spatialssrl.cli.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.cli.Ssrl;
import picocli.CommandLine;

class RewardCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Ssrl.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private Path dataset() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("ds"));
    Files.writeString(dir.resolve("train.jsonl"),
        "{\"id\":\"s1\",\"task\":\"shuffle\",\"variant\":\"2x2\",\"answer\":\"0-2-3-1\"}\n"
            + "{\"id\":\"s2\",\"task\":\"shuffle\",\"variant\":\"2x2\",\"answer\":\"1-0-3-2\"}\n"
            + "{\"id\":\"f1\",\"task\":\"flip\",\"variant\":\"2x2\",\"answer\":\"3-0\"}\n");
    Files.writeString(dir.resolve("val.jsonl"), "{\"id\":\"v1\",\"task\":\"crop\",\"variant\":\"4opt\",\"answer\":\"B\"}\n");
    return dir;
  }

  @Test
  void looksIdsUpAndSummarisesByTaskAndVariant() throws Exception {
    Path responses = tmp.resolve("r.jsonl");
    Files.writeString(responses,
        "{\"id\":\"s1\",\"response\":\"<think>a</think>\\\\boxed{0-2-3-1}\"}\n"
            + "{\"id\":\"s2\",\"response\":\"<think>a</think>\\\\boxed{0-2-3-1}\"}\n"
            + "\n"
            + "{\"id\":\"f1\",\"response\":\"\\\\boxed{3-0}\"}\n"
            + "{\"id\":\"v1\",\"response\":\"B\"}\n"
            + "{\"response\":\"\\\\boxed{A}\",\"ground_truth\":\"A\",\"task\":\"position\",\"variant\":\"front\"}\n");
    Path output = tmp.resolve("o.jsonl");
    Path summary = tmp.resolve("summary.json");
    assertEquals(0, run("reward", "--responses", responses.toString(), "--dataset", dataset().toString(),
        "--output", output.toString(), "--summary-json", summary.toString()), err.toString());
    List<String> lines = Files.readAllLines(output);
    assertEquals(5, lines.size());
    assertEquals("{\"id\":\"s1\",\"overall\":1.0,\"format\":1.0,\"accuracy\":1.0}", lines.get(0));
    assertEquals("{\"id\":\"s2\",\"overall\":0.1,\"format\":1.0,\"accuracy\":0.0}", lines.get(1));
    assertEquals("{\"overall\":0.9,\"format\":0.0,\"accuracy\":1.0}", lines.get(4));
    String table = out.toString();
    assertTrue(table.matches("(?s).*shuffle\\s+2x2\\s+2\\s+0\\.5000\\s+1\\.0000\\s+0\\.5500.*"), table);
    assertTrue(table.matches("(?s).*all\\s+5\\s+0\\.6000\\s+0\\.4000\\s+0\\.5800.*"), table);
    JsonNode s = JSON.readTree(summary.toFile());
    assertEquals(5, s.get("all").get("count").asInt());
    assertEquals(4, s.get("groups").size());
    assertEquals("crop", s.get("groups").get(0).get("task").asText());
    assertEquals(0.0, s.get("groups").get(0).get("summary").get("mean_reward").asDouble());
  }

  @Test
  void jsonFlagPrintsTheSummaryAsJson() throws Exception {
    Path responses = tmp.resolve("r.jsonl");
    Files.writeString(responses, "{\"response\":\"\\\\boxed{A}\",\"ground_truth\":\"A\"}\n");
    assertEquals(0, run("reward", "--responses", responses.toString(), "--json"), err.toString());
    JsonNode s = JSON.readTree(out.toString());
    assertEquals(0.9, s.get("all").get("mean_reward").asDouble());
    assertEquals("-", s.get("groups").get(0).get("task").asText());
  }

  @Test
  void researchOptionsReachTheReward() throws Exception {
    Path responses = tmp.resolve("r.jsonl");
    Files.writeString(responses, "{\"response\":\"\\\\boxed{0-1-3-2}\",\"ground_truth\":\"0-1-2-3\"}\n");
    Path output = tmp.resolve("o.jsonl");
    assertEquals(0, run("reward", "--responses", responses.toString(), "--output", output.toString(),
        "--permutation-credit", "0.2", "--format-free"), err.toString());
    JsonNode line = JSON.readTree(Files.readString(output));
    assertEquals(0.1, line.get("accuracy").asDouble(), 1e-12);
    assertEquals(0.1, line.get("overall").asDouble(), 1e-12);
  }

  @Test
  void loneSurrogateIdsAreWrittenBackEscaped() throws Exception {
    Path responses = tmp.resolve("r.jsonl");
    Files.writeString(responses, "{\"id\":\"\\ud800x\",\"response\":\"\\\\boxed{A}\",\"ground_truth\":\"A\"}\n");
    Path output = tmp.resolve("o.jsonl");
    assertEquals(0, run("reward", "--responses", responses.toString(), "--output", output.toString()), err.toString());
    assertEquals("\ud800x", JSON.readTree(Files.readString(output)).get("id").textValue());
  }

  @Test
  void inputProblemsExitWith3AndSayWhere() throws Exception {
    Path responses = tmp.resolve("r.jsonl");
    assertEquals(Ssrl.EXIT_INPUT, run("reward", "--responses", responses.toString()));
    assertTrue(err.toString().contains("does not exist"), err.toString());

    Files.writeString(responses, "{\"response\":\"x\",\"ground_truth\":\"A\"}\n{oops\n");
    assertEquals(Ssrl.EXIT_INPUT, run("reward", "--responses", responses.toString()));
    assertTrue(err.toString().contains("r.jsonl:2: not valid JSON"), err.toString());

    Files.writeString(responses, "{\"response\":\"x\"}\n");
    assertEquals(Ssrl.EXIT_INPUT, run("reward", "--responses", responses.toString()));
    assertTrue(err.toString().contains("r.jsonl:1: missing \"ground_truth\""), err.toString());

    Files.writeString(responses, "{\"id\":\"nope\",\"response\":\"x\"}\n");
    assertEquals(Ssrl.EXIT_INPUT, run("reward", "--responses", responses.toString(), "--dataset", dataset().toString()));
    assertTrue(err.toString().contains("id 'nope' is not in the dataset"), err.toString());

    assertEquals(Ssrl.EXIT_INPUT, run("reward", "--responses", responses.toString(), "--dataset", tmp.resolve("none").toString()));
    assertTrue(err.toString().contains("does not exist"), err.toString());

    assertEquals(2, run("reward", "--responses", responses.toString(), "--format-weight", "-1"));
    assertTrue(err.toString().contains("formatWeight"), err.toString());
  }

  @Test
  void badDatasetsAreReportedWithFileAndLine() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    InputException e = assertThrows(InputException.class, () -> GroundTruths.load(dir));
    assertTrue(e.getMessage().contains("no train.jsonl"), e.getMessage());
    Files.writeString(dir.resolve("train.jsonl"), "{\"id\":\"a\",\"answer\":\"A\"}\n{\"id\":7,\"answer\":\"A\"}\n");
    e = assertThrows(InputException.class, () -> GroundTruths.load(dir));
    assertTrue(e.getMessage().contains("train.jsonl:2: field 'id' must be a string"), e.getMessage());
    Files.writeString(dir.resolve("train.jsonl"), "{\"id\":\"a\",\"answer\":\"A\"}\n");
    Files.writeString(dir.resolve("val.jsonl"), "{\"id\":\"a\",\"answer\":\"B\"}\n");
    e = assertThrows(InputException.class, () -> GroundTruths.load(dir));
    assertTrue(e.getMessage().contains("val.jsonl:1: id 'a' appears twice"), e.getMessage());
  }
}
