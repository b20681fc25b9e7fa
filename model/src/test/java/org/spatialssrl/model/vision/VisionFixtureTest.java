package org.spatialssrl.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.DjlRuntime;
import org.spatialssrl.model.safetensors.SafetensorsCheckpoint;
import org.spatialssrl.model.tokenizer.ChatTemplate;
import org.spatialssrl.model.tokenizer.QwenTokenizer;

/**
 * The vision tower, placeholder expansion and multimodal positions reproduce the fixture's image
 * cases (the five crops encoded in one tower call).
 */
class VisionFixtureTest {
  private static Path dir;
  private static NDManager manager;
  private static VisionTower tower;
  private static VisionConfig config;
  private static ImageProcessor processor;

  @BeforeAll
  static void load() throws Exception {
    dir = Fixture.dir();
    DjlRuntime.configure();
    manager = NDManager.newBaseManager("PyTorch");
    config = VisionConfig.fromJson(new ObjectMapper().readTree(dir.resolve("config.json").toFile()));
    tower = VisionTower.load(SafetensorsCheckpoint.open(dir), config, DataType.FLOAT32, manager);
    processor = ImageProcessor.builder(dir).build();
  }

  @AfterAll
  static void close() {
    if (manager != null) {
      manager.close();
    }
  }

  private static List<ProcessedImage> images(JsonNode c) {
    List<ProcessedImage> out = new ArrayList<>();
    for (JsonNode img : c.path("images")) {
      out.add(processor.process(RgbImage.read(dir.resolve(img.path("file").asText()))));
    }
    return out;
  }

  @Test
  void visionOutputsMatch() throws Exception {
    int checked = 0;
    for (JsonNode c : Fixture.cases()) {
      List<ProcessedImage> imgs = images(c);
      if (imgs.isEmpty()) {
        continue;
      }
      try (NDManager m = manager.newSubManager()) {
        NDArray out = tower.forward(imgs, m);
        float[] all = out.toFloatArray();
        int cols = config.outHiddenSize();
        int row = 0;
        for (int i = 0; i < imgs.size(); i++) {
          int n = imgs.get(i).grid().tokens(config.spatialMergeSize());
          float[] part = java.util.Arrays.copyOfRange(all, row * cols, (row + n) * cols);
          row += n;
          Fixture.assertChecksums(c.path("images").get(i).path("image_embeds"), Fixture.widen(part),
              cols, 2e-5, 2e-5, c.path("name").asText() + " image " + i + " embeds");
          checked++;
        }
        assertEquals(row, (int) out.getShape().get(0));
      }
    }
    assertEquals(7, checked);
  }

  @Test
  void expandedIdsAndPositionsMatch() throws Exception {
    ChatTemplate template = ChatTemplate.load(dir);
    try (QwenTokenizer tokenizer = QwenTokenizer.load(dir)) {
      for (JsonNode c : Fixture.cases()) {
        String name = c.path("name").asText();
        List<ChatMessage> messages = ChatMessage.listFromJson(c.path("messages"));
        String prompt = template.render(messages, true);
        assertEquals(c.path("prompt").asText(), prompt, name + " prompt");
        List<ProcessedImage> imgs = images(c);
        MultimodalPrompt mp = MultimodalPrompt.expand(
            tokenizer.encode(prompt), imgs, config.imageTokenId(), config.spatialMergeSize());
        assertArrayEquals(Fixture.ints(c.path("input_ids")), mp.ids(), name + " input ids");
        RopePositions rp = RopePositions.of(
            mp.ids(), mp.grids(), config.imageTokenId(), config.spatialMergeSize());
        JsonNode want = c.path("position_ids");
        assertEquals(want.path("rope_delta").asLong(), rp.ropeDelta(), name + " rope delta");
        for (int a = 0; a < 3; a++) {
          long[] w = new long[want.path("full").get(a).size()];
          for (int i = 0; i < w.length; i++) {
            w[i] = want.path("full").get(a).get(i).asLong();
          }
          assertArrayEquals(w, rp.positions()[a], name + " positions axis " + a);
        }
      }
    }
  }
}
