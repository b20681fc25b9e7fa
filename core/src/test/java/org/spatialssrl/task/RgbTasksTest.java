package org.spatialssrl.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spatialssrl.image.RgbImage;

class RgbTasksTest {
  private final SourceImage source = new SourceImage("t.png", TaskTestImages.textured(640, 480, 1));

  @Test
  void shuffleAnswerIsTheInverseOfTheSlotPermutation() {
    ShuffleTask task = new ShuffleTask();
    for (int seed = 0; seed < 60; seed++) {
      Sample s = (Sample) task.generate(source, new SplittableRandom(seed));
      @SuppressWarnings("unchecked")
      List<Integer> perm = (List<Integer>) s.metadata().get("slot_to_original");
      int cols = (Integer) s.metadata().get("cols");
      int pw = (Integer) s.metadata().get("patch_width");
      int ph = (Integer) s.metadata().get("patch_height");
      String[] answer = s.answer().split("-");
      assertEquals(perm.size(), answer.length);
      for (int original = 0; original < perm.size(); original++) {
        int slot = Integer.parseInt(answer[original]);
        assertEquals(original, perm.get(slot), "answer names the slot holding original " + original);
        Object masked = s.metadata().get("masked_slot");
        if (masked != null && (Integer) masked == slot) {
          continue;
        }
        // The slot's lower-right pixel region comes from the original tile.
        RgbImage img = s.images().get(0);
        int sx = (slot % cols) * pw + pw - 10;
        int sy = (slot / cols) * ph + ph - 10;
        int ox = (original % cols) * pw + pw - 10;
        int oy = (original / cols) * ph + ph - 10;
        assertEquals(source.rgb().rgb(ox, oy), img.rgb(sx, sy));
      }
    }
  }

  @Test
  void shuffleDefaultMixFollowsTheRelease() {
    ShuffleTask task = new ShuffleTask();
    Map<String, Integer> counts = new HashMap<>();
    int n = 16028;
    for (int i = 0; i < n; i++) {
      counts.merge(task.config().drawVariant(new SplittableRandom(i)), 1, Integer::sum);
    }
    int strips = counts.getOrDefault("1x3", 0) + counts.getOrDefault("1x4", 0);
    int vertical = counts.getOrDefault("3x1", 0) + counts.getOrDefault("4x1", 0);
    // Expected 4000 / 4028 / 4991 / 3009; allow 4 standard deviations of sampling noise.
    assertEquals(4000, counts.get("2x2"), 4 * Math.sqrt(4000));
    assertEquals(4028, counts.get("2x2-masked"), 4 * Math.sqrt(4028));
    assertEquals(4991, strips, 4 * Math.sqrt(4991));
    assertEquals(3009, vertical, 4 * Math.sqrt(3009));
  }

  @Test
  void maskedSlotIsWhiteAndQuestionSaysSo() {
    ShuffleTask task = new ShuffleTask(ShuffleConfig.builder().optWeights(0, 1, 0, 0).build());
    Sample s = (Sample) task.generate(source, new SplittableRandom(3));
    int slot = (Integer) s.metadata().get("masked_slot");
    RgbImage img = s.images().get(0);
    int pw = (Integer) s.metadata().get("patch_width");
    int ph = (Integer) s.metadata().get("patch_height");
    assertEquals(0xFFFFFF, img.rgb((slot % 2) * pw + pw - 8, (slot / 2) * ph + ph - 8));
    assertEquals("<image>" + Prompts.shuffleGrid(true), s.question());
  }

  @Test
  void flipDrawsBothDirectionsAndEveryPatch() {
    FlipTask task = new FlipTask();
    Set<String> answers = new HashSet<>();
    for (int seed = 0; seed < 200; seed++) {
      Sample s = (Sample) task.generate(source, new SplittableRandom(seed));
      answers.add(s.answer());
      int k = (Integer) s.metadata().get("flipped_patch");
      int d = (Integer) s.metadata().get("direction");
      assertEquals(k + "-" + d, s.answer());
      int pw = (Integer) s.metadata().get("patch_width");
      int ph = (Integer) s.metadata().get("patch_height");
      RgbImage tile = source.rgb().crop((k % 2) * pw, (k / 2) * ph, pw, ph);
      RgbImage expected = d == 0 ? tile.flipVertical() : tile.flipHorizontal();
      RgbImage shown = s.images().get(0).crop((k % 2) * pw, (k / 2) * ph, pw, ph);
      assertEquals(expected.rgb(pw - 10, ph - 10), shown.rgb(pw - 10, ph - 10));
    }
    assertEquals(8, answers.size(), "all 4 patches x 2 directions occur: " + answers);
  }

  @Test
  void flipOfASymmetricPatchIsRejected() {
    SourceImage flat = new SourceImage("flat.png", RgbImage.filled(400, 300, 0x808080));
    TaskOutcome out = new FlipTask().generate(flat, new SplittableRandom(1));
    assertEquals("flip-symmetric", assertInstanceOf(Rejection.class, out).reason());
  }

  @Test
  void cropHasFiveImagesTheTrueOptionAndRecordsDistractorSlots() {
    CropTask task = new CropTask();
    Set<String> letters = new HashSet<>();
    for (int seed = 0; seed < 40; seed++) {
      Sample s = (Sample) task.generate(source, new SplittableRandom(seed));
      assertEquals(5, s.images().size());
      letters.add(s.answer());
      @SuppressWarnings("unchecked")
      Map<String, Object> box = (Map<String, Object>) s.metadata().get("box");
      int x = (Integer) box.get("x");
      int y = (Integer) box.get("y");
      int side = (Integer) box.get("size");
      assertEquals(240, side, "floor(min(640, 480) / 2)");
      RgbImage truth = source.rgb().crop(x, y, side, side);
      int slot = CropTask.LETTERS.indexOf(s.answer());
      assertEquals(truth, s.images().get(slot + 1));
      assertEquals(0, s.images().get(0).rgb(x + side / 2, y + side / 2), "blacked out");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> options = (List<Map<String, Object>>) s.metadata().get("options");
      Set<String> methods = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        String m = (String) options.get(i).get("method");
        methods.add(m);
        if (i == slot) {
          assertEquals(CropTask.TRUE_METHOD, m);
        } else {
          DistractorMethod dm = DistractorMethod.byId(m);
          assertEquals(dm.apply(source.rgb(), x, y, side), s.images().get(i + 1), "slot " + i);
        }
      }
      assertEquals(4, methods.size(), "three distinct distractors plus the truth");
    }
    assertEquals(4, letters.size(), "the true slot varies over A..D");
  }

  @Test
  void cropOfAFlatImageIsRejectedAsAmbiguous() {
    SourceImage flat = new SourceImage("flat.png", RgbImage.filled(400, 300, 0x808080));
    TaskOutcome out = new CropTask().generate(flat, new SplittableRandom(1));
    assertEquals("crop-ambiguous", assertInstanceOf(Rejection.class, out).reason());
  }

  @Test
  void sameStreamGivesTheSameSample() {
    for (PretextTask t : TaskRegistry.load().names().stream().map(TaskRegistry.load()::get).toList()) {
      if (t.input() != InputKind.RGB) {
        continue;
      }
      Sample a = (Sample) t.generate(source, new SplittableRandom(77));
      Sample b = (Sample) t.generate(source, new SplittableRandom(77));
      assertEquals(a.answer(), b.answer());
      assertEquals(a.images(), b.images());
      assertEquals(a.metadata(), b.metadata());
    }
  }

  @Test
  void registryFindsTheRgbTasksInPaperOrder() {
    List<String> names = TaskRegistry.load().names();
    assertTrue(names.indexOf("shuffle") == 0 && names.indexOf("flip") == 1 && names.indexOf("crop") == 2, names.toString());
  }

  @Test
  void distinctSamplesPerSourceReachButNeverExceedTheStatedBound() {
    SourceImage small = new SourceImage("s.png", TaskTestImages.textured(128, 128, 2));
    for (PretextTask task : List.of(new ShuffleTask(), new FlipTask())) {
      java.util.Set<String> distinct = new java.util.HashSet<>();
      for (int seed = 0; seed < 4000; seed++) {
        if (task.generate(small, new SplittableRandom(seed)) instanceof Sample s) {
          distinct.add(s.variant() + "|" + s.answer() + "|" + s.metadata());
        }
      }
      assertEquals(task.maxSamplesPerSource(), distinct.size(), task.name());
    }
    assertEquals(Long.MAX_VALUE, new CropTask().maxSamplesPerSource(), "no fixed bound");
  }
}
