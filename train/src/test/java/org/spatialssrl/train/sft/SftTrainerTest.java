package org.spatialssrl.train.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.model.lora.LoraAdapter;
import org.spatialssrl.model.lora.LoraConfig;
import org.spatialssrl.model.qwen.QwenModel;
import org.spatialssrl.model.qwen.RandomQwenCheckpoint;
import org.spatialssrl.train.run.MetricsLog;
import org.spatialssrl.train.run.StopSignal;
import org.spatialssrl.train.run.TrainingListener;

/** SFT learns the format on held-out data; resume equals an uninterrupted run; bad input stops early. */
class SftTrainerTest {
  @TempDir static Path tmp;
  private static Path model;
  private static Path data;

  @BeforeAll
  static void setUp() throws IOException {
    model = RandomQwenCheckpoint.builder().optText(64, 2, 4, 2, 128).optVision(2, 32, 2, 64)
        .optPixels(3136, 3136).optInitializerRange(0.1).optSeed(3).build().write(tmp.resolve("model"));
    data = ColdStartSamples.write(tmp.resolve("data"), 24, 6, 1);
  }

  private static SftConfig.Builder small() {
    return SftConfig.builder().optLora(new LoraConfig(8, 16, 0, false)).optLearningRate(3e-3)
        .optBatchSize(4).optGradientAccumulation(1).optEvalMaxNewTokens(64).optSaveSteps(100);
  }

  @Test
  void heldOutLossFallsAndTheFormatIsLearned() throws IOException {
    Path out = tmp.resolve("run");
    SftTrainer.Result r = new SftTrainer(small().optLora(new LoraConfig(16, 32, 0, false))
        .optLearningRate(1e-2).optEpochs(8).build(), null, null)
        .run(model, data, out, false);
    assertEquals(48, r.steps()); // 24 examples / 4 = 6 steps per epoch, 8 epochs
    List<JsonNode> rows = new MetricsLog(out.resolve("metrics.jsonl")).rows();
    JsonNode first = rows.stream().filter(x -> x.has("val_loss")).findFirst().orElseThrow();
    JsonNode last = r.lastEval();
    assertEquals(0, first.path("step").asLong());
    assertTrue(first.path("val_format").asDouble() < 0.2, first.toString());
    assertTrue(last.path("val_loss").asDouble() < 0.5 * first.path("val_loss").asDouble(),
        first.path("val_loss") + " -> " + last.path("val_loss"));
    assertTrue(last.path("val_format").asDouble() >= 0.8, last.toString());
    // The schedule: lr 0 at the first update, the peak after warm-up (ceil(0.1 * 48) = 5).
    JsonNode s1 = rows.stream().filter(x -> x.path("step").asLong() == 1 && x.has("lr")).findFirst().orElseThrow();
    JsonNode s4 = rows.stream().filter(x -> x.path("step").asLong() == 6 && x.has("lr")).findFirst().orElseThrow();
    assertEquals(0.0, s1.path("lr").asDouble());
    assertEquals(1e-2, s4.path("lr").asDouble(), 1e-12);
    assertTrue(Files.isRegularFile(out.resolve("loss.png")));
    assertTrue(Files.isRegularFile(out.resolve("val.png")));
    assertTrue(Files.isRegularFile(out.resolve("eval/step-48.jsonl")));
    // The final checkpoint is a PEFT adapter that the project's loader reads back.
    Path ckpt = out.resolve("checkpoint-48");
    assertEquals(ckpt, r.lastCheckpoint());
    try (QwenModel m = QwenModel.builder().setModelDir(model).build();
        LoraAdapter a = LoraAdapter.read(ckpt, m.config(), m.manager())) {
      assertEquals(new LoraConfig(16, 32, 0, false), a.config());
      assertEquals(2 * 7 * 2, a.parameters().size());
    }
    JsonNode cfg = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("config.json").toFile());
    assertEquals(64, cfg.path("data_sha256").asText().length());
    assertEquals(42, cfg.path("settings").path("seed").asLong());
  }

  @Test
  void resumedRunEqualsUninterruptedRun() throws IOException {
    SftConfig cfg = small().optMaxSteps(5).optGradientAccumulation(2).optSaveSteps(2).build();
    Path straight = tmp.resolve("straight");
    new SftTrainer(cfg, null, null).run(model, data, straight, false);

    Path resumed = tmp.resolve("resumed");
    StopSignal stop = StopSignal.manual();
    TrainingListener stopAt3 = new TrainingListener() {
      @Override
      public void step(long step, Map<String, Double> metrics) {
        if (step == 3) {
          stop.request();
        }
      }
    };
    SftTrainer.Result first = new SftTrainer(cfg, stopAt3, stop).run(model, data, resumed, false);
    assertTrue(first.stopped());
    assertEquals(3, first.steps());
    SftTrainer.Result second = new SftTrainer(cfg, null, null).run(model, data, resumed, true);
    assertEquals(5, second.steps());
    assertArrayEquals(
        Files.readAllBytes(straight.resolve("checkpoint-5").resolve(LoraAdapter.WEIGHTS_FILE)),
        Files.readAllBytes(resumed.resolve("checkpoint-5").resolve(LoraAdapter.WEIGHTS_FILE)));
    assertArrayEquals(
        Files.readAllBytes(straight.resolve("checkpoint-5").resolve(SftTrainer.OPTIMIZER_FILE)),
        Files.readAllBytes(resumed.resolve("checkpoint-5").resolve(SftTrainer.OPTIMIZER_FILE)));
    List<JsonNode> a = new MetricsLog(straight.resolve("metrics.jsonl")).rows();
    List<JsonNode> b = new MetricsLog(resumed.resolve("metrics.jsonl")).rows();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      for (String k : new String[] {"step", "loss", "lr", "grad_norm", "label_tokens"}) {
        assertEquals(a.get(i).get(k), b.get(i).get(k), "row " + i + " " + k);
      }
    }
    // Resuming with other settings is refused.
    Exception e = assertThrows(RuntimeException.class, () -> new SftTrainer(
        small().optMaxSteps(5).optGradientAccumulation(2).optSaveSteps(2).optLearningRate(1e-3).build(),
        null, null).run(model, data, resumed, true));
    assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
  }

  @Test
  void fullParameterRunSavesLoadableCheckpointsAndResumesExactly() throws IOException {
    SftConfig cfg = small().optFullParameters(true).optLearningRate(1e-3).optMaxSteps(3)
        .optSaveSteps(1).optSaveLimit(1).optEvalSamples(2).optEvalMaxNewTokens(4).build();
    Path straight = tmp.resolve("full-straight");
    new SftTrainer(cfg, null, null).run(model, data, straight, false);
    Path resumed = tmp.resolve("full-resumed");
    StopSignal stop = StopSignal.manual();
    TrainingListener stopAt2 = new TrainingListener() {
      @Override
      public void step(long step, Map<String, Double> metrics) {
        if (step == 2) {
          stop.request();
        }
      }
    };
    assertTrue(new SftTrainer(cfg, stopAt2, stop).run(model, data, resumed, false).stopped());
    new SftTrainer(cfg, null, null).run(model, data, resumed, true);
    Path last = resumed.resolve("checkpoint-3");
    assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoint-3/model.safetensors")),
        Files.readAllBytes(last.resolve("model.safetensors")));
    // Retention: the last one plus the best by validation loss.
    assertTrue(Files.isDirectory(last));
    try (var dirs = Files.list(resumed)) {
      assertTrue(dirs.filter(d -> d.getFileName().toString().startsWith("checkpoint-")).count() <= 2);
    }
    try (QwenModel trained = QwenModel.builder().setModelDir(last).build();
        QwenModel base = QwenModel.builder().setModelDir(model).build()) {
      assertFalse(java.util.Arrays.equals(
          base.decoder().parameters().get("lm_head").toFloatArray(),
          trained.decoder().parameters().get("lm_head").toFloatArray()), "the head was trained");
      assertArrayEquals(base.vision().parameters().get("merger.mlp.2.weight").toFloatArray(),
          trained.vision().parameters().get("merger.mlp.2.weight").toFloatArray(), 0f,
          "the vision tower stays frozen");
    }
  }

  @Test
  void badDataStopsBeforeAnyWork() throws IOException {
    Path bad = ColdStartSamples.write(tmp.resolve("bad"), 4, 0, 2);
    List<String> lines = Files.readAllLines(bad.resolve("train.jsonl"));
    Files.delete(bad.resolve("images/flip/train-1.png"));
    lines.set(2, lines.get(2).replaceAll("\"answer\":\"[^\"]*\",", ""));
    lines.set(3, lines.get(3).replace("<image>", ""));
    Files.write(bad.resolve("train.jsonl"), lines);
    Path out = tmp.resolve("bad-run");
    SftDataException e = assertThrows(SftDataException.class,
        () -> new SftTrainer(small().build(), null, null).run(model, bad, out, false));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("train.jsonl:2: image images/flip/train-1.png does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("train.jsonl:3: no 'answer'"), e.getMessage());
    assertTrue(e.getMessage().contains("train.jsonl:4: the user message has 0 <image>"), e.getMessage());
    assertFalse(Files.exists(out));
    // Images on a checkpoint without a vision tower.
    Path textOnly = RandomQwenCheckpoint.builder().optText(32, 1, 4, 2, 48).optNoVision().build()
        .write(tmp.resolve("text-only"));
    Exception v = assertThrows(RuntimeException.class,
        () -> new SftTrainer(small().build(), null, null).run(textOnly, data, tmp.resolve("v"), false));
    assertTrue(v.getMessage().contains("no vision tower"), v.getMessage());
    assertFalse(Files.exists(tmp.resolve("v")), "a refused run leaves no output");
  }
}
