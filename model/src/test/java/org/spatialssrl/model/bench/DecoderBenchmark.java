package org.spatialssrl.model.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.spatialssrl.model.TinyCheckpoint;
import org.spatialssrl.model.qwen.DecoderInputs;
import org.spatialssrl.model.qwen.KvCache;
import org.spatialssrl.model.qwen.QwenDecoder;
import org.spatialssrl.model.generate.GenerationParams;
import org.spatialssrl.model.generate.Generator;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.safetensors.SafetensorsWriter;

/**
 * The decoder benchmark of docs/BENCHMARKS.md on a 0.5B-class random-weight configuration
 * (hidden 896, 24 layers, 14 heads, 2 KV heads, intermediate 4864, vocabulary 151,936, tied).
 * Not a test: run by hand, see docs/BENCHMARKS.md.
 *
 * <p>Arguments: the checkpoint directory (written on first use, BF16, about 1 GB).
 */
public final class DecoderBenchmark {
  private DecoderBenchmark() {}

  /**
   * Runs the benchmark and prints one JSON object.
   *
   * @param args the checkpoint directory
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-0.5b");
    if (!Files.isRegularFile(dir.resolve("model.safetensors"))) {
      writeCheckpoint(dir);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    long t0 = System.nanoTime();
    try (QwenModel model = QwenModel.builder().setModelDir(dir).build()) {
      out.put("load_s", (System.nanoTime() - t0) / 1e9);
      out.put("threads", JniUtils.getNumThreads());
      Generator gen = new Generator(model);
      SplittableRandom rng = new SplittableRandom(1);
      GenerationParams one = GenerationParams.builder().optMaxNewTokens(1).optStopTokenIds(Set.of()).build();
      gen.generate(List.of(ids(rng, 16)), one); // warm-up
      // Prefill: the time to the first token of a 512-token prompt (best of 2).
      double prefill = Math.min(time(() -> gen.generate(List.of(ids(rng, 512)), one)),
          time(() -> gen.generate(List.of(ids(rng, 512)), one)));
      out.put("prefill_tokens_per_s_512", 512 / prefill);
      // Decoding: median time of one cached step (decoder, cache, logits to Java), per batch
      // and context length.
      for (int[] bc : new int[][] {{1, 64}, {1, 1024}, {8, 64}}) {
        double[] cpu = new double[1];
        double ms = medianStepMs(model, rng, bc[0], bc[1], 16, cpu);
        String key = "batch" + bc[0] + "_ctx" + bc[1];
        out.put(key + "_ms_per_step", ms);
        out.put(key + "_cpu_ms_per_step", cpu[0]);
        out.put(key + "_decode_tokens_per_s", bc[0] * 1000 / ms);
      }
      // End to end with sampling (batch 8, 32 new tokens), and the share of it inside libtorch
      // operators (PyTorch profiler).
      List<int[]> p8 = new ArrayList<>();
      for (int b = 0; b < 8; b++) {
        p8.add(ids(rng, 64));
      }
      GenerationParams sample = GenerationParams.builder().optMaxNewTokens(32).optTemperature(0.8)
          .optTopP(0.95).optSeed(3).optStopTokenIds(Set.of()).build();
      out.put("generate_batch8_ctx64_32_tokens_s", time(() -> gen.generate(p8, sample)));
      Path trace = Files.createTempFile("ssrl-trace", ".json");
      List<int[]> p1 = List.of(ids(rng, 64));
      GenerationParams dec = GenerationParams.builder().optMaxNewTokens(33).optTemperature(0.8)
          .optTopP(0.95).optStopTokenIds(Set.of()).build();
      gen.generate(p1, GenerationParams.builder().optMaxNewTokens(1).build());
      JniUtils.startProfile(false, false, false);
      long s = System.nanoTime();
      gen.generate(p1, dec);
      long wallUs = (System.nanoTime() - s) / 1000;
      JniUtils.stopProfile(trace.toString());
      out.put("profiled_batch1_wall_ms", wallUs / 1000.0);
      out.put("libtorch_op_share", opTime(json.readTree(trace.toFile())) / wallUs);
      Files.deleteIfExists(trace);
    }
    out.put("peak_rss_mib", peakRssMib());
    System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
  }

  /** Median wall time of a cached decoding step; {@code cpu[0]} gets the process CPU ms per step. */
  private static double medianStepMs(
      QwenModel model, SplittableRandom rng, int batch, int ctx, int steps, double[] cpu) throws Exception {
    QwenDecoder d = model.decoder();
    double[] times = new double[steps];
    try (NDManager m = model.manager().newSubManager();
        KvCache cache = new KvCache(m, d.config().numLayers(), ctx + steps)) {
      boolean[][] valid = new boolean[batch][ctx + steps];
      for (boolean[] v : valid) {
        java.util.Arrays.fill(v, true);
      }
      try (NDManager step = m.newSubManager()) {
        long[] ids = new long[batch * ctx];
        long[] pos = new long[batch * ctx];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = rng.nextInt(256);
          pos[i] = i % ctx;
        }
        NDArray h = d.forward(d.embed(step.create(ids, new Shape(batch, ctx))),
            DecoderInputs.repeat3(step, pos, batch, ctx),
            DecoderInputs.causalBias(step, valid, ctx, ctx, d.computeType()), cache);
        d.logits(h.get(new NDIndex(":, -1:, :"))).toFloatArray();
      }
      long cpu0 = cpuMillis();
      for (int t = 0; t < steps; t++) {
        long s = System.nanoTime();
        try (NDManager step = m.newSubManager()) {
          long[] ids = new long[batch];
          long[] pos = new long[batch];
          for (int b = 0; b < batch; b++) {
            ids[b] = rng.nextInt(256);
            pos[b] = ctx + t;
          }
          NDArray h = d.forward(d.embed(step.create(ids, new Shape(batch, 1))),
              DecoderInputs.repeat3(step, pos, batch, 1),
              DecoderInputs.causalBias(step, valid, ctx + t + 1, 1, d.computeType()), cache);
          d.logits(h).toFloatArray();
        }
        times[t] = (System.nanoTime() - s) / 1e6;
      }
      cpu[0] = (cpuMillis() - cpu0) / (double) steps;
    }
    java.util.Arrays.sort(times);
    return times[steps / 2];
  }

  /** User plus system CPU time of this process (all threads, libtorch's included), ms. */
  private static long cpuMillis() throws Exception {
    String[] f = Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // clock ticks of 10 ms
  }

  private static double time(Runnable r) {
    long s = System.nanoTime();
    r.run();
    return (System.nanoTime() - s) / 1e9;
  }

  private static int[] ids(SplittableRandom rng, int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = rng.nextInt(256);
    }
    return ids;
  }

  /** Total time covered by top-level CPU operators (union of their intervals), microseconds. */
  private static double opTime(JsonNode trace) {
    List<double[]> spans = new ArrayList<>();
    JsonNode events = trace.isArray() ? trace : trace.path("traceEvents");
    for (JsonNode e : events) {
      if ("X".equals(e.path("ph").asText())) {
        double ts = e.path("ts").asDouble();
        spans.add(new double[] {ts, ts + e.path("dur").asDouble()});
      }
    }
    spans.sort((a, b) -> Double.compare(a[0], b[0]));
    double total = 0;
    double start = -1;
    double end = -1;
    for (double[] sp : spans) {
      if (sp[0] > end) {
        total += end - start;
        start = sp[0];
        end = sp[1];
      } else {
        end = Math.max(end, sp[1]);
      }
    }
    return total + (end - start);
  }

  static long peakRssMib() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
      }
    }
    return -1;
  }

  static void writeCheckpoint(Path dir) throws Exception {
    int hidden = 896;
    int layers = 24;
    int heads = 14;
    int kvHeads = 2;
    int inter = 4864;
    int vocab = 151936;
    int headDim = hidden / heads;
    // Tokenizer, template and generation config from the tiny test checkpoint; then the weights.
    TinyCheckpoint.shape().write(dir);
    ObjectMapper json = new ObjectMapper();
    ObjectNode cfg = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
    cfg.put("hidden_size", hidden);
    cfg.put("num_hidden_layers", layers);
    cfg.put("num_attention_heads", heads);
    cfg.put("num_key_value_heads", kvHeads);
    cfg.put("intermediate_size", inter);
    cfg.put("vocab_size", vocab);
    cfg.put("tie_word_embeddings", true);
    cfg.put("rope_theta", 1000000.0);
    ((ObjectNode) cfg.path("rope_scaling")).putArray("mrope_section").add(16).add(8).add(8);
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), cfg);
    SplittableRandom rng = new SplittableRandom(5);
    SafetensorsWriter w = new SafetensorsWriter();
    add(w, rng, "model.embed_tokens.weight", 0.05f, vocab, hidden);
    for (int i = 0; i < layers; i++) {
      String p = "model.layers." + i + ".";
      add(w, rng, p + "input_layernorm.weight", 0f, hidden);
      add(w, rng, p + "post_attention_layernorm.weight", 0f, hidden);
      add(w, rng, p + "self_attn.q_proj.weight", 0.03f, heads * headDim, hidden);
      add(w, rng, p + "self_attn.q_proj.bias", 0.03f, heads * headDim);
      add(w, rng, p + "self_attn.k_proj.weight", 0.03f, kvHeads * headDim, hidden);
      add(w, rng, p + "self_attn.k_proj.bias", 0.03f, kvHeads * headDim);
      add(w, rng, p + "self_attn.v_proj.weight", 0.03f, kvHeads * headDim, hidden);
      add(w, rng, p + "self_attn.v_proj.bias", 0.03f, kvHeads * headDim);
      add(w, rng, p + "self_attn.o_proj.weight", 0.03f, hidden, heads * headDim);
      add(w, rng, p + "mlp.gate_proj.weight", 0.03f, inter, hidden);
      add(w, rng, p + "mlp.up_proj.weight", 0.03f, inter, hidden);
      add(w, rng, p + "mlp.down_proj.weight", 0.03f, hidden, inter);
    }
    add(w, rng, "model.norm.weight", 0f, hidden);
    w.write(dir.resolve("model.safetensors"), "BF16");
  }

  /** Uniform noise of the given scale; scale 0 means ones (norm weights). */
  private static void add(SafetensorsWriter w, SplittableRandom rng, String name, float scale, int... shape) {
    long n = 1;
    long[] s = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      n *= shape[i];
      s[i] = shape[i];
    }
    float[] d = new float[(int) n];
    for (int i = 0; i < d.length; i++) {
      d[i] = scale == 0 ? 1f : (float) ((rng.nextDouble() * 2 - 1) * scale * 1.7320508);
    }
    w.add(name, s, d);
  }
}
