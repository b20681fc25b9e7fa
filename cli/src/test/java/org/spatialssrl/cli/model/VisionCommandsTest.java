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
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.cli.Ssrl;
import org.spatialssrl.model.safetensors.SafetensorsWriter;
import org.spatialssrl.model.tokenizer.QwenTokenizer;
import picocli.CommandLine;

/**
 * {@code ssrl ask} and image parts in {@code ssrl logprobs}. The ask tests use a checkpoint the
 * test writes: the fixture's configuration and tokenizer with weights that make the language model
 * a bigram chain answering {@code \boxed{2}} after any prompt (attention and MLP outputs zero, the
 * head maps each chain token's embedding to the next), and a random vision tower.
 */
class VisionCommandsTest {
  private static final String REPLY = "\\boxed{2}";
  @TempDir Path tmp;
  private Path fixture;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void findFixture() {
    String root = System.getProperty("ssrl.fixtures");
    fixture = root == null ? null : Path.of(root, "qwen-tiny-a");
    Assumptions.assumeTrue(fixture != null && Files.isRegularFile(fixture.resolve("cases.json")),
        "fixture qwen-tiny-a not found (system property ssrl.fixtures=" + root + "); skipping");
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

  /** Writes the answering checkpoint. */
  private Path boxedAnswerModel() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("boxed"));
    for (String f : new String[] {"config.json", "tokenizer.json", "tokenizer_config.json",
        "chat_template.json", "generation_config.json", "preprocessor_config.json"}) {
      if (Files.exists(fixture.resolve(f))) {
        Files.copy(fixture.resolve(f), dir.resolve(f));
      }
    }
    JsonNode cfg = json.readTree(dir.resolve("config.json").toFile());
    int h = cfg.path("hidden_size").asInt();
    int vocab = cfg.path("vocab_size").asInt();
    int inter = cfg.path("intermediate_size").asInt();
    int q = h;
    int kv = cfg.path("num_key_value_heads").asInt() * (h / cfg.path("num_attention_heads").asInt());
    Random rng = new Random(3);
    SafetensorsWriter w = new SafetensorsWriter();
    float[] embed = gaussian(rng, vocab * h, 1f);
    w.add("model.embed_tokens.weight", new long[] {vocab, h}, embed);
    for (int i = 0; i < cfg.path("num_hidden_layers").asInt(); i++) {
      String p = "model.layers." + i + ".";
      w.add(p + "input_layernorm.weight", new long[] {h}, ones(h));
      w.add(p + "post_attention_layernorm.weight", new long[] {h}, ones(h));
      w.add(p + "self_attn.q_proj.weight", new long[] {q, h}, new float[q * h]);
      w.add(p + "self_attn.q_proj.bias", new long[] {q}, new float[q]);
      w.add(p + "self_attn.k_proj.weight", new long[] {kv, h}, new float[kv * h]);
      w.add(p + "self_attn.k_proj.bias", new long[] {kv}, new float[kv]);
      w.add(p + "self_attn.v_proj.weight", new long[] {kv, h}, new float[kv * h]);
      w.add(p + "self_attn.v_proj.bias", new long[] {kv}, new float[kv]);
      w.add(p + "self_attn.o_proj.weight", new long[] {h, q}, new float[h * q]);
      w.add(p + "mlp.gate_proj.weight", new long[] {inter, h}, new float[inter * h]);
      w.add(p + "mlp.up_proj.weight", new long[] {inter, h}, new float[inter * h]);
      w.add(p + "mlp.down_proj.weight", new long[] {h, inter}, new float[h * inter]);
    }
    w.add("model.norm.weight", new long[] {h}, ones(h));
    int[] chain;
    try (QwenTokenizer tok = QwenTokenizer.load(dir)) {
      int[] reply = tok.encode(REPLY);
      chain = new int[reply.length + 2];
      chain[0] = tok.encode("\n")[0]; // the last prompt token, after "<|im_start|>assistant"
      System.arraycopy(reply, 0, chain, 1, reply.length);
      chain[chain.length - 1] = tok.eosId();
    }
    float[] head = new float[vocab * h];
    for (int k = 0; k + 1 < chain.length; k++) {
      int from = chain[k];
      double norm = 0;
      for (int j = 0; j < h; j++) {
        norm += embed[from * h + j] * embed[from * h + j];
      }
      for (int j = 0; j < h; j++) {
        head[chain[k + 1] * h + j] = (float) (10 * embed[from * h + j] / Math.sqrt(norm));
      }
    }
    w.add("lm_head.weight", new long[] {vocab, h}, head);
    JsonNode v = cfg.path("vision_config");
    int vh = v.path("hidden_size").asInt();
    int vi = v.path("intermediate_size").asInt();
    int out = v.path("out_hidden_size").asInt();
    w.add("visual.patch_embed.proj.weight", new long[] {vh, 3, 2, 14, 14}, gaussian(rng, vh * 1176, 0.02f));
    for (int i = 0; i < v.path("depth").asInt(); i++) {
      String p = "visual.blocks." + i + ".";
      w.add(p + "norm1.weight", new long[] {vh}, ones(vh));
      w.add(p + "norm2.weight", new long[] {vh}, ones(vh));
      w.add(p + "attn.qkv.weight", new long[] {3 * vh, vh}, gaussian(rng, 3 * vh * vh, 0.1f));
      w.add(p + "attn.qkv.bias", new long[] {3 * vh}, new float[3 * vh]);
      w.add(p + "attn.proj.weight", new long[] {vh, vh}, gaussian(rng, vh * vh, 0.1f));
      w.add(p + "attn.proj.bias", new long[] {vh}, new float[vh]);
      w.add(p + "mlp.gate_proj.weight", new long[] {vi, vh}, gaussian(rng, vi * vh, 0.1f));
      w.add(p + "mlp.gate_proj.bias", new long[] {vi}, new float[vi]);
      w.add(p + "mlp.up_proj.weight", new long[] {vi, vh}, gaussian(rng, vi * vh, 0.1f));
      w.add(p + "mlp.up_proj.bias", new long[] {vi}, new float[vi]);
      w.add(p + "mlp.down_proj.weight", new long[] {vh, vi}, gaussian(rng, vh * vi, 0.1f));
      w.add(p + "mlp.down_proj.bias", new long[] {vh}, new float[vh]);
    }
    w.add("visual.merger.ln_q.weight", new long[] {vh}, ones(vh));
    w.add("visual.merger.mlp.0.weight", new long[] {4 * vh, 4 * vh}, gaussian(rng, 16 * vh * vh, 0.1f));
    w.add("visual.merger.mlp.0.bias", new long[] {4 * vh}, new float[4 * vh]);
    w.add("visual.merger.mlp.2.weight", new long[] {out, 4 * vh}, gaussian(rng, out * 4 * vh, 0.1f));
    w.add("visual.merger.mlp.2.bias", new long[] {out}, new float[out]);
    w.write(dir.resolve("model.safetensors"), "F32");
    return dir;
  }

  private static float[] gaussian(Random rng, int n, float std) {
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) (rng.nextGaussian() * std);
    }
    return d;
  }

  private static float[] ones(int n) {
    float[] d = new float[n];
    java.util.Arrays.fill(d, 1f);
    return d;
  }

  @Test
  void askJsonCarriesTheBoxedAnswer() throws Exception {
    Path model = boxedAnswerModel();
    Run r = run("ask", "--model", model.toString(),
        "--image", fixture.resolve("crop1.png").toString(),
        "--image", fixture.resolve("crop2.png").toString(),
        "--question", "Which crop shows the red circle?", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode o = json.readTree(r.out());
    assertEquals(REPLY, o.path("reply").asText());
    assertEquals("2", o.path("answer").asText());
    assertEquals("stop", o.path("finish_reason").asText());
    assertEquals(2, o.path("images").size());
    assertTrue(o.path("question").asText().startsWith("Which crop shows the red circle? "),
        o.path("question").asText());
    assertTrue(o.path("question").asText().contains("\\boxed{}"), "the format prompt is appended");
    assertTrue(o.path("seconds").path("first_token").asDouble() > 0);

    Run plain = run("ask", "--model", model.toString(), "--image", fixture.resolve("crop3.png").toString(),
        "--question", "Where?", "--no-format-prompt");
    assertEquals(0, plain.code(), plain.err());
    assertTrue(plain.out().contains(REPLY) && plain.out().contains("Answer: 2"), plain.out());
  }

  @Test
  void askReadsADatasetSample() throws Exception {
    Path model = boxedAnswerModel();
    Path dataset = Files.createDirectories(tmp.resolve("dataset/images"));
    Files.copy(fixture.resolve("crop5.png"), dataset.resolve("s1.png"));
    ObjectNode row = json.createObjectNode();
    row.put("id", "s1").put("task", "depth").put("variant", "v").put("source", "x.png").put("seed", 1)
        .put("problem", "<image>Which point is closer, 1 or 2?").put("answer", "2");
    row.putArray("images").add("images/s1.png");
    row.put("metadata", "{}");
    Files.writeString(tmp.resolve("dataset/train.jsonl"), row + "\n");
    Run r = run("ask", "--model", model.toString(), "--sample", tmp.resolve("dataset") + ":s1", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode o = json.readTree(r.out());
    assertEquals("s1", o.path("sample").asText());
    assertEquals("2", o.path("ground_truth").asText());
    assertTrue(o.path("correct").asBoolean());
    assertEquals(Ssrl.EXIT_INPUT, run("ask", "--model", model.toString(), "--sample",
        tmp.resolve("dataset") + ":nope").code());
    assertEquals(2, run("ask", "--model", model.toString()).code());
  }

  @Test
  void logprobsTakesImageParts() throws Exception {
    JsonNode c = json.readTree(fixture.resolve("cases.json").toFile()).path("cases").get(1);
    assertEquals("one_image_640x480", c.path("name").asText());
    String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(
        Files.readAllBytes(fixture.resolve(c.path("images").get(0).path("file").asText())));
    ObjectNode req = json.createObjectNode();
    ObjectNode msg = req.putArray("messages").addObject().put("role", "user");
    var content = msg.putArray("content");
    content.addObject().put("type", "image_url").putObject("image_url").put("url", data);
    content.addObject().put("type", "text").put("text", "Describe the image in one sentence.");
    req.put("completion", c.path("completion").path("text").asText());
    Path file = tmp.resolve("req.json");
    json.writeValue(file.toFile(), req);
    Run r = run("logprobs", "--model", fixture.toString(), "--request", file.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode out = json.readTree(r.out());
    assertEquals(c.path("prompt"), out.path("prompt"));
    assertEquals(c.path("input_ids"), out.path("input_ids"));
    JsonNode want = c.path("completion").path("logprobs");
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).asDouble(), out.path("logprobs").get(i).asDouble(), 1e-4);
    }
    // A local path needs --image-dir, and then must lie inside it.
    ((ObjectNode) content.get(0).get("image_url")).put("url", c.path("images").get(0).path("file").asText());
    json.writeValue(file.toFile(), req);
    Run denied = run("logprobs", "--model", fixture.toString(), "--request", file.toString());
    assertEquals(Ssrl.EXIT_INPUT, denied.code());
    assertTrue(denied.err().contains("data: URL"), denied.err());
    Run allowed = run("logprobs", "--model", fixture.toString(), "--request", file.toString(),
        "--image-dir", fixture.toString());
    assertEquals(0, allowed.code(), allowed.err());
    assertEquals(c.path("input_ids"), json.readTree(allowed.out()).path("input_ids"));
  }
}
