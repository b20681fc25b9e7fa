package org.spatialssrl.model.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.ChatMessage.Part;
import org.spatialssrl.model.CheckpointException;
import org.spatialssrl.model.qwen.QwenCheckpointWriter;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.qwen.QwenPolicy;
import org.spatialssrl.model.qwen.RandomQwenCheckpoint;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;
import org.spatialssrl.model.safetensors.SafetensorsWriter;
import org.spatialssrl.model.vision.TinyVisionCheckpoint;

/** LoRA forward, merge, the PEFT adapter directory and its checks. */
class LoraAdapterTest {
  @TempDir static Path tmp;
  private static Path base;
  private static Path image;
  private static QwenModel model;
  private static QwenPolicy policy;

  @BeforeAll
  static void setUp() throws IOException {
    base = RandomQwenCheckpoint.builder().optText(32, 2, 4, 2, 48).optVision(2, 32, 2, 48)
        .optInitializerRange(0.2).optSeed(9).build().write(tmp.resolve("base"));
    image = tmp.resolve("img.png");
    javax.imageio.ImageIO.write(TinyVisionCheckpoint.picture(120, 90, 5), "png", image.toFile());
    model = QwenModel.builder().setModelDir(base).build();
    policy = new QwenPolicy(model);
  }

  @AfterAll
  static void tearDown() {
    policy.close();
  }

  private static List<float[]> logProbs(QwenPolicy p) {
    return p.logProbs(List.of(
        List.of(new ChatMessage("user", null, List.of(new Part("image", null, image.toString()),
            new Part("text", "Order the patches.", null)))),
        List.of(ChatMessage.of("user", "Hi"))), List.of("<think>a</think>\\boxed{0-1}", "hey there"));
  }

  /** An adapter with random B as well, so that it changes the model. */
  private static LoraAdapter trainedLike(LoraConfig cfg, long seed) {
    LoraAdapter a = LoraAdapter.create(model.config(), cfg, seed, model.manager());
    Random rng = new Random(seed);
    for (Map.Entry<String, NDArray> e : a.parameters().entrySet()) {
      if (e.getKey().contains("lora_B")) {
        float[] v = new float[(int) e.getValue().size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (rng.nextGaussian() * 0.05);
        }
        e.getValue().set(new NDIndex("..."), model.manager().create(v, e.getValue().getShape()));
      }
    }
    return a;
  }

  private static float maxDiff(List<float[]> a, List<float[]> b) {
    float d = 0;
    for (int r = 0; r < a.size(); r++) {
      for (int i = 0; i < a.get(r).length; i++) {
        d = Math.max(d, Math.abs(a.get(r)[i] - b.get(r)[i]));
      }
    }
    return d;
  }

  @Test
  void newAdapterStartsAsPeftDoes() {
    List<float[]> before = logProbs(policy);
    try (LoraAdapter a = LoraAdapter.create(model.config(), new LoraConfig(8, 16, 0, false), 3, model.manager())) {
      assertEquals(2 * 7 * 2, a.parameters().size());
      for (Map.Entry<String, NDArray> e : a.parameters().entrySet()) {
        float[] v = e.getValue().toFloatArray();
        if (e.getKey().contains("lora_B")) {
          for (float x : v) {
            assertEquals(0f, x);
          }
        } else {
          double bound = 1 / Math.sqrt(e.getValue().getShape().get(1));
          double maxAbs = 0;
          for (float x : v) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
          }
          assertTrue(maxAbs <= bound && maxAbs > 0.8 * bound, e.getKey() + " " + maxAbs);
        }
      }
      a.attach(model.decoder());
      try {
        // B = 0: the output is the base model's, exactly.
        List<float[]> with = logProbs(policy);
        for (int r = 0; r < before.size(); r++) {
          assertArrayEquals(before.get(r), with.get(r), 0f);
        }
      } finally {
        model.decoder().setAdapter(null);
      }
    }
  }

  @Test
  void forwardEqualsMergedWeightsAndDisabledEqualsBase() throws IOException {
    List<float[]> baseLp = logProbs(policy);
    Path merged = tmp.resolve("merged-writer");
    List<float[]> lora;
    try (LoraAdapter a = trainedLike(new LoraConfig(4, 8, 0, false), 11)) {
      a.attach(model.decoder());
      try {
        lora = logProbs(policy);
        assertTrue(maxDiff(lora, baseLp) > 1e-2, "the adapter must change the model");
        a.setEnabled(false);
        assertEquals(0f, maxDiff(logProbs(policy), baseLp));
        a.setEnabled(true);
      } finally {
        model.decoder().setAdapter(null);
      }
      QwenCheckpointWriter.builder().optWeightDelta(a.asWeightDelta()).build().write(model, merged);
      a.write(tmp.resolve("adapter"), base.toString());
    }
    try (QwenPolicy m = new QwenPolicy(QwenModel.builder().setModelDir(merged).build())) {
      float d = maxDiff(lora, logProbs(m));
      assertTrue(d < 1e-5, "LoRA forward vs merged weights: " + d);
    }
    // The file merge gives the same weights as the in-memory one.
    Path fileMerged = tmp.resolve("merged-files");
    assertEquals(14, LoraMerge.merge(base, tmp.resolve("adapter"), fileMerged, null, 1L << 30));
    SafetensorsCheckpoint x = SafetensorsCheckpoint.open(merged);
    SafetensorsCheckpoint y = SafetensorsCheckpoint.open(fileMerged);
    assertEquals(x.tensors().keySet(), y.tensors().keySet());
    for (String k : x.tensors().keySet()) {
      assertArrayEquals(
          x.load(model.manager(), k, null, ai.djl.ndarray.types.DataType.FLOAT32).toFloatArray(),
          y.load(model.manager(), k, null, ai.djl.ndarray.types.DataType.FLOAT32).toFloatArray(), 0f, k);
    }
  }

  @Test
  void adapterDirectoryRoundTripsInPeftFormat() throws IOException {
    Path dir = tmp.resolve("peft");
    try (LoraAdapter a = trainedLike(LoraConfig.RELEASED, 2)) {
      a.write(dir, "Qwen/Qwen2.5-VL-7B-Instruct");
      try (LoraAdapter b = LoraAdapter.read(dir, model.config(), model.manager())) {
        assertEquals(a.parameters().keySet(), b.parameters().keySet());
        for (String k : a.parameters().keySet()) {
          assertArrayEquals(a.parameters().get(k).toFloatArray(), b.parameters().get(k).toFloatArray(), 0f);
        }
        assertEquals(LoraConfig.RELEASED, b.config());
        assertEquals(2.0, b.config().scaling());
      }
    }
    String cfg = Files.readString(dir.resolve(LoraAdapter.CONFIG_FILE));
    assertTrue(cfg.startsWith("{\n  \"alpha_pattern\": {},\n  \"auto_mapping\": null,\n"
        + "  \"base_model_name_or_path\": \"Qwen/Qwen2.5-VL-7B-Instruct\",\n"), cfg);
    assertTrue(cfg.contains("\n  \"lora_alpha\": 256,\n  \"lora_bias\": false,\n  \"lora_dropout\": 0.0,\n"), cfg);
    assertTrue(cfg.contains("\n  \"r\": 128,\n  \"rank_pattern\": {},\n"), cfg);
    assertTrue(cfg.contains("\"target_modules\": \"^(?!.*visual).*\\\\.(q_proj|k_proj|v_proj|o_proj|gate_proj|up_proj|down_proj)$\""), cfg);
    assertTrue(cfg.endsWith("\"use_rslora\": false\n}"), cfg);
    Path weights = dir.resolve(LoraAdapter.WEIGHTS_FILE);
    assertEquals(Map.of("format", "pt"), SafetensorsCheckpoint.readMetadata(weights));
    var info = SafetensorsCheckpoint.readHeader(weights);
    assertArrayEquals(new long[] {128, 32},
        info.get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").shape());
    assertArrayEquals(new long[] {48, 128},
        info.get("base_model.model.model.layers.1.mlp.up_proj.lora_B.weight").shape());
    assertTrue(info.values().stream().allMatch(t -> t.dtype().equals("F32")));
  }

  @Test
  void newerKeyNamingReadsTheSame() throws IOException {
    Path dir = tmp.resolve("peft-new-names");
    try (LoraAdapter a = trainedLike(new LoraConfig(4, 8, 0, false), 6)) {
      a.write(dir, "base");
      SafetensorsCheckpoint ck = SafetensorsCheckpoint.openFile(dir.resolve(LoraAdapter.WEIGHTS_FILE));
      SafetensorsWriter w = new SafetensorsWriter();
      for (String k : ck.tensors().keySet()) {
        w.add(k.replace("model.model.layers", "model.model.language_model.layers"),
            ck.tensors().get(k).shape(), ck.load(model.manager(), k, null,
                ai.djl.ndarray.types.DataType.FLOAT32).toFloatArray());
      }
      w.write(dir.resolve(LoraAdapter.WEIGHTS_FILE), "F32");
      try (LoraAdapter b = LoraAdapter.read(dir, model.config(), model.manager())) {
        for (String k : a.parameters().keySet()) {
          assertArrayEquals(a.parameters().get(k).toFloatArray(), b.parameters().get(k).toFloatArray(), 0f);
        }
      }
    }
  }

  @Test
  void mismatchedOrUnsupportedAdaptersAreRefusedWithTheReason() throws IOException {
    Path other = RandomQwenCheckpoint.builder().optText(64, 2, 4, 2, 48).optNoVision().build()
        .write(tmp.resolve("other"));
    Path dir = tmp.resolve("peft-other");
    try (QwenModel o = QwenModel.builder().setModelDir(other).build();
        LoraAdapter a = LoraAdapter.create(o.config(), new LoraConfig(4, 8, 0, false), 1, o.manager())) {
      a.write(dir, other.toString());
    }
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> LoraAdapter.read(dir, model.config(), model.manager()));
    assertTrue(e.getMessage().contains("another checkpoint"), e.getMessage());
    e = assertThrows(CheckpointException.class,
        () -> LoraMerge.merge(base, dir, tmp.resolve("never"), null, 1L << 30));
    assertTrue(e.getMessage().contains("has shape"), e.getMessage());
    assertTrue(!Files.exists(tmp.resolve("never")));

    Path dora = tmp.resolve("dora");
    Files.createDirectories(dora);
    Files.writeString(dora.resolve(LoraAdapter.CONFIG_FILE),
        "{\"peft_type\": \"LORA\", \"r\": 4, \"lora_alpha\": 8, \"use_dora\": true}", StandardCharsets.UTF_8);
    e = assertThrows(CheckpointException.class, () -> LoraAdapter.readConfig(dora));
    assertTrue(e.getMessage().contains("use_dora"), e.getMessage());
    e = assertThrows(CheckpointException.class, () -> LoraAdapter.readConfig(tmp));
    assertTrue(e.getMessage().contains("adapter_config.json"), e.getMessage());
  }
}
