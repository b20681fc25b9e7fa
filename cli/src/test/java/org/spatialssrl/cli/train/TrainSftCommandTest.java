package org.spatialssrl.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.model.qwen.RandomQwenCheckpoint;
import org.spatialssrl.task.Prompts;
import picocli.CommandLine;

/** train-sft, then merge-lora, then the merged checkpoint answers through ssrl ask. */
class TrainSftCommandTest {
  @TempDir Path tmp;

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

  private Path data() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("data/images"));
    BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    img.setRGB(3, 3, 0xFF0000);
    ImageIO.write(img, "png", dir.resolve("a.png").toFile());
    ObjectMapper json = new ObjectMapper();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      ObjectNode o = json.createObjectNode().put("id", "s" + i).put("task", "flip").put("answer", "1-0");
      var m = o.putArray("messages");
      m.addObject().put("role", "user").put("content", Prompts.withFormatPrompt("<image>Which?"));
      m.addObject().put("role", "assistant").put("content", "<think>x</think>\n\\boxed{1-0}");
      o.putArray("images").add("images/a.png");
      sb.append(json.writeValueAsString(o)).append('\n');
    }
    Files.writeString(tmp.resolve("data/train.jsonl"), sb.toString());
    return tmp.resolve("data");
  }

  @Test
  void trainMergeAsk() throws Exception {
    Path model = RandomQwenCheckpoint.builder().optText(32, 1, 4, 2, 48).optVision(1, 32, 2, 48)
        .optPixels(3136, 3136).build().write(tmp.resolve("model"));
    Path data = data();
    Run sft = run("train-sft", "--model", model.toString(), "--data", data.toString(),
        "--output", tmp.resolve("run").toString(), "--steps", "2", "--lora-rank", "4",
        "--batch-size", "2", "--grad-accum", "1", "--lr", "1e-3", "--quiet");
    assertEquals(0, sft.code(), sft.err());
    assertTrue(sft.out().contains("finished after 2 of 2 steps"), sft.out());
    Path adapter = tmp.resolve("run/checkpoint-2");
    assertTrue(Files.isRegularFile(adapter.resolve("adapter_model.safetensors")));

    Run merge = run("merge-lora", "--model", model.toString(), "--adapter", adapter.toString(),
        "--output", tmp.resolve("merged").toString());
    assertEquals(0, merge.code(), merge.err());
    assertTrue(merge.out().contains("merged 7 adapted projections"), merge.out());
    Run ask = run("ask", "--model", tmp.resolve("merged").toString(), "--image",
        data.resolve("images/a.png").toString(), "--question", "Which?", "--max-tokens", "4", "--json");
    assertEquals(0, ask.code(), ask.err());

    // A second run into the same directory is refused; a bad adapter path is an input error.
    Run again = run("train-sft", "--model", model.toString(), "--data", data.toString(),
        "--output", tmp.resolve("run").toString(), "--steps", "1", "--quiet");
    assertEquals(Ssrl.EXIT_INPUT, again.code());
    assertTrue(again.err().contains("not empty"), again.err());
    Run bad = run("merge-lora", "--model", model.toString(), "--adapter", tmp.toString(),
        "--output", tmp.resolve("m2").toString());
    assertEquals(Ssrl.EXIT_INPUT, bad.code());
    assertTrue(bad.err().contains("adapter_config.json"), bad.err());
  }
}
