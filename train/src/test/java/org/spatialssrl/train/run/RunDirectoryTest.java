package org.spatialssrl.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  @TempDir Path tmp;

  @Test
  void newRunNeedsAnEmptyDirectoryAndResumeNeedsAConfig() throws IOException {
    Path dir = tmp.resolve("run");
    assertThrows(IOException.class, () -> RunDirectory.open(dir, true));
    RunDirectory run = RunDirectory.open(dir, false);
    ObjectNode cfg = new ObjectMapper().createObjectNode().put("seed", 42).put("lr", 1e-5);
    run.writeConfig(cfg);
    assertTrue(run.readConfig().path("tool_version").isTextual());
    IOException e = assertThrows(IOException.class, () -> RunDirectory.open(dir, false));
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    RunDirectory again = RunDirectory.open(dir, true);
    ObjectNode changed = cfg.deepCopy().put("lr", 2e-5).put("steps", 9);
    assertEquals(List.of("lr (was 1.0E-5, now 2.0E-5)"),
        RunDirectory.differences(again.readConfig(), changed, Set.of("steps")));
  }

  @Test
  void metricsAreTruncatedToTheResumedStep() throws IOException {
    MetricsLog log = new MetricsLog(tmp.resolve("metrics.jsonl"));
    for (int s = 1; s <= 5; s++) {
      log.append(MetricsLog.put(MetricsLog.row(s), "loss", 1.0 / s));
    }
    log.append(MetricsLog.put(MetricsLog.row(5), "val_loss", Double.NaN));
    Files.writeString(log.file(), "{\"step\": 6, \"lo", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND); // a write torn by a crash
    assertEquals(6, log.rows().size());
    assertTrue(log.rows().get(5).get("val_loss").isNull());
    log.truncateAfter(3);
    assertEquals(3, log.rows().size());
    assertEquals(3, log.rows().get(2).path("step").asLong());
    log.append(MetricsLog.row(4));
    assertEquals(4, log.rows().size());
  }

  @Test
  void retentionKeepsTheLastNPlusTheBest() throws IOException {
    CheckpointManager ckpt = new CheckpointManager(tmp, 2, "val_loss", false);
    double[] loss = {0.9, 0.3, 0.5, 0.6, 0.7};
    for (int s = 1; s <= 5; s++) {
      int step = s;
      ckpt.save(s, loss[s - 1], d -> Files.writeString(d.resolve("w.txt"), "step " + step));
    }
    assertEquals(List.of(2L, 4L, 5L), ckpt.steps());
    assertEquals(2L, ckpt.best().getAsLong());
    assertEquals(5L, ckpt.latest().getAsLong());
    assertFalse(Files.exists(tmp.resolve("checkpoint-3")));
    assertEquals("step 4", Files.readString(tmp.resolve("checkpoint-4/w.txt")));
    // A reopened manager reads the tracker.
    CheckpointManager reopened = new CheckpointManager(tmp, 2, "val_loss", false);
    assertEquals(2L, reopened.best().getAsLong());
    // A failing write leaves no checkpoint and no temporary directory behind.
    assertThrows(IOException.class, () -> reopened.save(6, 0.1, d -> {
      Files.writeString(d.resolve("half.txt"), "x");
      throw new IOException("disk full");
    }));
    assertFalse(Files.exists(tmp.resolve("checkpoint-6")));
    assertFalse(Files.exists(tmp.resolve(".checkpoint-6.tmp")));
    assertEquals(List.of(2L, 4L, 5L), reopened.steps());
    reopened.removeAfter(4);
    assertEquals(List.of(2L, 4L), reopened.steps());
    assertFalse(Files.exists(tmp.resolve("checkpoint-5")));
  }

  @Test
  void curvesAreDrawnAsPng() throws IOException {
    RunDirectory run = RunDirectory.open(tmp.resolve("plots"), false);
    for (int s = 1; s <= 10; s++) {
      ObjectNode r = MetricsLog.row(s);
      MetricsLog.put(r, "loss", 2.0 / s);
      if (s % 5 == 0) {
        MetricsLog.put(r, "val_loss", 2.5 / s);
      }
      run.metrics().append(r);
    }
    run.plot("loss.png", "SFT loss", "cross-entropy", List.of("loss", "val_loss"),
        List.of(MetricsPlot.Series.level("chance", Math.log(262), 1, 10)));
    BufferedImage img = ImageIO.read(run.dir().resolve("loss.png").toFile());
    assertEquals(900, img.getWidth());
    assertEquals(540, img.getHeight());
    // Curves, axes and text were drawn: a good share of the pixels is not white.
    int ink = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        ink += (img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
      }
    }
    assertTrue(ink > 5000, "non-white pixels: " + ink);
    assertFalse(MetricsPlot.write(run.dir().resolve("none.png"), "t", "x", "y", List.of()));
  }

  @Test
  void aManualStopSignal() {
    try (StopSignal s = StopSignal.manual()) {
      assertFalse(s.requested());
      s.request();
      assertTrue(s.requested());
    }
  }

  @Test
  void inputHashCoversNamesAndBytes() throws IOException {
    Path a = Files.writeString(tmp.resolve("train.jsonl"), "{}\n");
    Path b = Files.writeString(tmp.resolve("val.jsonl"), "{}\n");
    String h = RunDirectory.sha256(List.of(a, b));
    assertEquals(64, h.length());
    assertNotEquals(h, RunDirectory.sha256(List.of(b, a)));
    Files.writeString(b, "{} \n");
    assertNotEquals(h, RunDirectory.sha256(List.of(a, b)));
  }
}
