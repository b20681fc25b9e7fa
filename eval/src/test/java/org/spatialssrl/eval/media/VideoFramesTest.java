package org.spatialssrl.eval.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.eval.MediaRef;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.model.vision.RgbImage;

/** Frame sampling as the VSI-Bench script does it, on clips the test encodes. */
class VideoFramesTest {
  @TempDir Path tmp;

  @Test
  void indicesEqualNumpyLinspaceRounded() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("linspace_128.json")) {
      JsonNode golden = new ObjectMapper().readTree(in).path("indices");
      Iterator<Map.Entry<String, JsonNode>> it = golden.fields();
      int checked = 0;
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        int[] want = new int[128];
        for (int i = 0; i < 128; i++) {
          want[i] = e.getValue().get(i).asInt();
        }
        assertArrayEquals(want, VideoFrames.indices(Integer.parseInt(e.getKey()), 128), "total " + e.getKey());
        checked++;
      }
      assertEquals(12, checked);
    }
    assertArrayEquals(new int[] {0, 1, 2}, VideoFrames.indices(3, 128), "short videos: every frame");
  }

  private static double meanRed(RgbImage img) {
    long s = 0;
    for (int i = 0; i < img.rgb().length; i += 3) {
      s += img.rgb()[i] & 0xFF;
    }
    return s / (img.rgb().length / 3.0);
  }

  @Test
  void decodesTheChosenFramesInOrder() throws IOException {
    Path clip = TestVideos.greyRamp(tmp.resolve("ramp.mp4"), 20, 64, 48, 9);
    VideoFrames.Sample all = VideoFrames.sample(clip, 128);
    assertEquals(20, all.total());
    assertEquals(20, all.frames().size());
    VideoFrames.Sample five = VideoFrames.sample(clip, 5);
    assertArrayEquals(new int[] {0, 5, 10, 14, 19}, five.indices(), "np.linspace(0, 19, 5).round()");
    for (int k = 0; k < 5; k++) {
      RgbImage f = five.frames().get(k);
      assertEquals(64, f.width());
      assertEquals(48, f.height());
      double expected = (9.0 * five.indices()[k]) * 255 / 219; // limited-range luma to RGB
      assertEquals(expected, meanRed(f), 6, "frame " + five.indices()[k]);
      assertEquals(meanRed(all.frames().get(five.indices()[k])), meanRed(f), 1e-9, "same frame either way");
    }
  }

  @Test
  void unreadableVideosFailWithTheirName() throws IOException {
    Path junk = Files.write(tmp.resolve("junk.mp4"), "not a video at all".getBytes());
    IOException e = assertThrows(IOException.class, () -> VideoFrames.sample(junk, 8));
    assertTrue(e.getMessage().contains("junk.mp4"), e.getMessage());
    IOException missing = assertThrows(IOException.class, () -> VideoFrames.sample(tmp.resolve("gone.mp4"), 8));
    assertTrue(missing.getMessage().contains("does not exist"));
  }

  @Test
  void preparerTurnsAVideoIntoResizedFrameImages() throws IOException {
    Path clip = TestVideos.greyRamp(tmp.resolve("ramp.mp4"), 6, 64, 48, 20);
    MediaPreparer p = new MediaPreparer(true, false, 1 << 20);
    ModelSettings s = ModelSettings.greedy4096(3136, 16384 * 784).withFrames(4, 3136, 100_000);
    MediaPreparer.Prepared out = p.prepare(List.of(new PromptPart.Media(new MediaRef.VideoFile(clip)),
        new PromptPart.Text("What changes?")), s);
    assertEquals(5, out.parts().size(), "4 frames then the text");
    assertEquals("video 4 of 6 frames, 56x56", out.media().get(0), "48x64 -> smart_resize to a 3136-pixel minimum");
    RgbImage first = RgbImage.decode(java.util.Base64.getDecoder().decode(
        out.parts().get(0).image().substring("data:image/png;base64,".length())), "frame");
    assertEquals(56, first.width());
    assertEquals(out.parts(), p.prepare(List.of(new PromptPart.Media(new MediaRef.VideoFile(clip)),
        new PromptPart.Text("What changes?")), s).parts(), "cached frames are the same");
  }
}
