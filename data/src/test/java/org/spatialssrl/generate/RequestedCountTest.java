package org.spatialssrl.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.dataset.DatasetFiles;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.depth.Grid;
import org.spatialssrl.depth.NpyFormat;
import org.spatialssrl.image.JpegEncoder;
import org.spatialssrl.scene.ProceduralScene;
import org.spatialssrl.scene.RgbdScene;
import org.spatialssrl.task.TaskRegistry;
import org.spatialssrl.verify.DatasetVerifier;

/** A bad source, a flat depth map or a task the inputs cannot feed costs no samples. */
class RequestedCountTest {
  @TempDir Path tmp;

  private static GenerateSummary run(GenerateConfig c) throws Exception {
    return new DatasetGenerator(TaskRegistry.load()).run(c, false, GenerateListener.NONE);
  }

  private static List<JsonNode> rejects(Path out) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve(DatasetFiles.REJECTS))) {
      lines.add(RowJson.MAPPER.readTree(l));
    }
    return lines;
  }

  /** Three photos and a JPEG cut after 5,000 bytes, as in the walkthrough. */
  private Path photosWithATruncatedOne() throws Exception {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    JpegEncoder jpeg = new JpegEncoder(92);
    for (int i = 1; i <= 3; i++) {
      Files.write(in.resolve("case" + i + ".jpg"),
          jpeg.encode(ProceduralScene.render(40 + i, 400, 300)));
    }
    byte[] whole = jpeg.encode(ProceduralScene.render(44, 400, 300));
    Files.write(in.resolve("broken.jpg"), Arrays.copyOf(whole, 5000));
    return in;
  }

  @Test
  void aTruncatedSourceCostsNoSamplesIsOneRejectAndTheOutputIsThreadIndependent() throws Exception {
    Path in = photosWithATruncatedOne();
    GenerateConfig.Builder c = GenerateConfig.builder().optInput(in)
        .optTasks(List.of("shuffle", "flip", "crop")).optCount(60).optSeed(11);
    Path one = tmp.resolve("one");
    GenerateSummary s = run(c.setOutput(one).optThreads(1).build());
    run(c.setOutput(tmp.resolve("two")).optThreads(2).build());

    List<DatasetRow> rows = RowJson.readAll(one.resolve(DatasetFiles.TRAIN_JSONL));
    assertEquals(60, rows.size());
    assertEquals(60, s.made());
    assertTrue(rows.stream().noneMatch(r -> r.source().equals("broken.jpg")));
    assertEquals(3, s.usableSources(), "3 usable of 4");
    assertEquals(4, s.sources());
    List<JsonNode> rejects = rejects(one);
    List<JsonNode> broken = rejects.stream()
        .filter(r -> r.get("source").asText().equals("broken.jpg")).toList();
    assertEquals(1, broken.size(), rejects.toString());
    assertEquals("truncated", broken.get(0).get("reason").asText());
    assertTrue(broken.get(0).get("task").isNull());
    Map<String, Long> byReason = rejects.stream()
        .collect(Collectors.groupingBy(r -> r.get("reason").asText(), TreeMap::new, Collectors.counting()));
    assertEquals(byReason, s.rejectsByReason(), "the summary counts the lines of rejects.jsonl");
    String card = Files.readString(one.resolve(DatasetFiles.CARD));
    assertTrue(card.contains("`broken.jpg` | truncated |"), card);
    assertEquals(Sources.fingerprint(one), Sources.fingerprint(tmp.resolve("two")));
    assertEquals(List.of(), new DatasetVerifier(2).verify(one, in).problems());
  }

  @Test
  void theShareOfTasksTheInputsCannotFeedGoesToTheOthersAndTheBudgetSaysSo() throws Exception {
    // Photos without depth, all five tasks: depth and position cannot be fed, and three sources
    // give at most 24 distinct flip samples.
    Path in = Sources.scenes(tmp.resolve("in"), 3);
    List<List<TaskCounts>> announced = new ArrayList<>();
    GenerateListener listener = new GenerateListener() {
      @Override
      public void plan(List<TaskCounts> budget, int sources, int usable) {
        announced.add(budget);
      }
    };
    Path out = tmp.resolve("out");
    GenerateSummary s = new DatasetGenerator(TaskRegistry.load()).run(GenerateConfig.builder()
        .setOutput(out).optInput(in).optCount(150).optSeed(5).optThreads(2).build(), false, listener);
    List<DatasetRow> rows = RowJson.readAll(out.resolve(DatasetFiles.TRAIN_JSONL));
    assertEquals(150, rows.size());
    assertEquals(150, s.made());
    Map<String, Long> byTask = rows.stream()
        .collect(Collectors.groupingBy(DatasetRow::task, TreeMap::new, Collectors.counting()));
    assertTrue(byTask.get("flip") <= 24, byTask.toString());
    assertTrue(!byTask.containsKey("depth") && !byTask.containsKey("position"), byTask.toString());
    assertTrue(byTask.get("shuffle") > 30 && byTask.get("crop") > 30, byTask.toString());

    Map<String, TaskCounts> train = new TreeMap<>();
    announced.get(0).stream().filter(t -> t.split().equals("train")).forEach(t -> train.put(t.task(), t));
    assertEquals(30, train.get("depth").requested());
    assertEquals(0, train.get("depth").planned(), "no source has depth");
    assertEquals(0, train.get("depth").atMost());
    assertEquals(24, train.get("flip").atMost(), "3 sources x 8");
    assertEquals(24, train.get("flip").planned());
    assertEquals(540, train.get("shuffle").atMost(), "3 sources x 180");
    assertEquals(Long.MAX_VALUE, train.get("crop").atMost());
    assertEquals(150, train.values().stream().mapToLong(TaskCounts::planned).sum());
    assertEquals(150, s.requested());
    assertTrue(!s.fewerThanRequested());
    String card = Files.readString(out.resolve(DatasetFiles.CARD));
    assertTrue(card.contains("| train | depth | 30 | 0 | 0 | 0 | 0 |"), card);
    assertTrue(card.contains("train/depth: no source can feed it"), card);
  }

  @Test
  void anExplicitCountTheSourcesCannotGiveFallsShortAndSaysSo() throws Exception {
    Path in = Sources.scenes(tmp.resolve("in"), 2);
    Path out = tmp.resolve("out");
    GenerateSummary s = run(GenerateConfig.builder().setOutput(out).optInput(in)
        .optTasks(List.of("flip", "crop")).optPerTaskCounts(Map.of("flip", 30, "crop", 3))
        .optThreads(2).build());
    assertTrue(s.made() <= 16 + 3 && s.made() >= 3, "2 sources give at most 16 flip samples");
    assertEquals(33, s.requested());
    assertTrue(s.fewerThanRequested());
    TaskCounts flip = s.tasks().stream().filter(t -> t.task().equals("flip") && t.split().equals("train"))
        .findFirst().orElseThrow();
    assertEquals(16, flip.planned());
  }

  @Test
  void aRunKilledInItsSecondPassResumesToTheSameBytes() throws Exception {
    Path in = photosWithATruncatedOne();
    GenerateConfig.Builder c = GenerateConfig.builder().optInput(in)
        .optTasks(List.of("shuffle", "flip", "crop")).optCount(60).optSeed(11).optThreads(2);
    run(c.setOutput(tmp.resolve("clean")).build());
    GenerateConfig crashing = c.setOutput(tmp.resolve("crashed")).build();
    GenerateListener crash = new GenerateListener() {
      private int passes;

      @Override
      public synchronized void planned(long samples, long alreadyDone) {
        passes++;
      }

      @Override
      public synchronized void sourceDone(int samples) {
        if (passes == 2) {
          throw new IllegalStateException("simulated crash in the second pass");
        }
      }
    };
    org.junit.jupiter.api.Assertions.assertThrows(GenerateException.class,
        () -> new DatasetGenerator(TaskRegistry.load()).run(crashing, false, crash));
    new DatasetGenerator(TaskRegistry.load()).run(crashing, true, GenerateListener.NONE);
    assertEquals(Sources.fingerprint(tmp.resolve("clean")), Sources.fingerprint(tmp.resolve("crashed")));
  }

  /** Writes a DIODE-layout source: image, depth (H, W, 1) and an all-valid mask. */
  private static void diode(Path dir, String stem, int seed, float[] depth, int w, int h) throws Exception {
    Files.createDirectories(dir);
    javax.imageio.ImageIO.write(ProceduralScene.render(seed, w, h).toBufferedImage(), "png",
        dir.resolve(stem + ".png").toFile());
    NpyFormat.write(dir.resolve(stem + "_depth.npy"), new Grid(w, h, depth),
        new NpyFormat.Layout("<f4", false, true));
    float[] ones = new float[w * h];
    Arrays.fill(ones, 1f);
    NpyFormat.write(dir.resolve(stem + "_depth_mask.npy"), new Grid(w, h, ones), NpyFormat.Layout.FLOAT32);
  }

  @Test
  void unusableDepthCostsNoDepthSamplesAndTheSourceStillFeedsRgbTasks() throws Exception {
    Path in = tmp.resolve("in");
    int w = 320;
    int h = 240;
    for (int i = 0; i < 2; i++) {
      diode(in, "scene-000" + i, 20 + i, RgbdScene.of(30 + i, w, h).render().depth().depths(), w, h);
    }
    float[] flat = new float[w * h];
    Arrays.fill(flat, 3f);
    diode(in, "flat", 7, flat, w, h);
    float[] noise = new float[w * h];
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = 1 + 9 * (float) r.nextDouble();
    }
    diode(in, "noisy", 8, noise, w, h);
    Path out = tmp.resolve("out");
    GenerateSummary s = run(GenerateConfig.builder().setOutput(out).optInput(in)
        .optTasks(List.of("shuffle", "depth", "position")).optCount(12).optThreads(2).build());
    List<DatasetRow> rows = RowJson.readAll(out.resolve(DatasetFiles.TRAIN_JSONL));
    assertEquals(12, rows.size());
    Map<String, Long> byTask = rows.stream()
        .collect(Collectors.groupingBy(DatasetRow::task, TreeMap::new, Collectors.counting()));
    assertEquals(Map.of("shuffle", 4L, "depth", 4L, "position", 4L), byTask);
    assertTrue(rows.stream().filter(x -> !x.task().equals("shuffle"))
        .allMatch(x -> x.source().startsWith("scene-")), "depth samples only from usable depth");
    assertEquals(java.util.Set.of("scene-0000.png", "scene-0001.png", "flat.png", "noisy.png"),
        rows.stream().filter(x -> x.task().equals("shuffle")).map(DatasetRow::source)
            .collect(Collectors.toSet()), "a source with unusable depth still feeds the RGB tasks");
    Map<String, String> reasons = new TreeMap<>();
    for (JsonNode j : rejects(out)) {
      reasons.put(j.get("source").asText() + "/" + j.get("task").asText(), j.get("reason").asText());
    }
    assertEquals(Map.of("flat.png/depth", "flat-depth", "flat.png/position", "flat-depth",
        "noisy.png/depth", "no-depth-region", "noisy.png/position", "no-position-pair"), reasons);
    assertEquals(12, s.made());
    assertEquals(List.of(), new DatasetVerifier(2).verify(out, in).problems());
  }

  @Test
  void nanAndInfiniteHolesInVariedDepthAreMaskedNotFlatAndNeverUnderARegion() throws Exception {
    Path in = tmp.resolve("in");
    int w = 320;
    int h = 240;
    float[] depth = RgbdScene.of(41, w, h).render().depth().depths();
    SplittableRandom r = new SplittableRandom(4);
    float[] holes = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int k = 0; k < 60; k++) { // 12x12 holes over about a fifth of the image
      int x0 = r.nextInt(w - 12);
      int y0 = r.nextInt(h - 12);
      for (int y = y0; y < y0 + 12; y++) {
        Arrays.fill(depth, y * w + x0, y * w + x0 + 12, holes[k % 3]);
      }
    }
    diode(in, "holes", 3, depth, w, h); // the mask claims every pixel valid
    Path out = tmp.resolve("out");
    GenerateSummary s = run(GenerateConfig.builder().setOutput(out).optInput(in)
        .optTasks(List.of("depth", "position")).optCount(6).optThreads(2).build());
    assertEquals(6, s.made(), s.rejectsByReason().toString());
    assertEquals(List.of(), Files.readAllLines(out.resolve(DatasetFiles.REJECTS)));
    for (DatasetRow row : RowJson.readAll(out.resolve(DatasetFiles.TRAIN_JSONL))) {
      for (JsonNode region : RowJson.MAPPER.readTree(row.metadata()).get("regions")) {
        int cx = region.get("centre_x").asInt();
        int cy = region.get("centre_y").asInt();
        if (row.task().equals("depth")) {
          int half = region.get("window").asInt() / 2;
          for (int y = cy - half; y <= cy + half; y++) {
            for (int x = cx - half; x <= cx + half; x++) {
              assertTrue(Float.isFinite(depth[y * w + x]), row.id() + ": region over a hole");
            }
          }
        } else {
          assertTrue(Double.isFinite(region.get("depth").asDouble()) && region.get("valid_pixels").asInt() > 0);
        }
      }
    }
    assertEquals(List.of(), new DatasetVerifier(2).verify(out, in).problems());
  }
}
