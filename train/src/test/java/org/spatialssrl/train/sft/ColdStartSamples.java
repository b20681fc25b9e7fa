package org.spatialssrl.train.sft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.spatialssrl.task.Prompts;

/**
 * Writes small cold-start files in the format {@code ssrl sft-data} produces (one {@code <image>}
 * per image, the method's format prompt, a {@code <think>} reply ending in {@code \boxed{}}),
 * with flip-like questions over synthetic pictures.
 */
final class ColdStartSamples {
  private ColdStartSamples() {}

  static Path write(Path dir, int train, int val, long seed) throws IOException {
    Files.createDirectories(dir.resolve("images/flip"));
    Random rng = new Random(seed);
    ObjectMapper json = new ObjectMapper();
    for (String split : new String[] {"train", "val"}) {
      StringBuilder sb = new StringBuilder();
      int n = split.equals("train") ? train : val;
      for (int i = 0; i < n; i++) {
        String id = split + "-" + i;
        int patch = rng.nextInt(4);
        int dir0 = rng.nextInt(2);
        String answer = patch + "-" + dir0;
        BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
          for (int x = 0; x < 56; x++) {
            img.setRGB(x, y, rng.nextInt(0xFFFFFF));
          }
        }
        String rel = "images/flip/" + id + ".png";
        ImageIO.write(img, "png", dir.resolve(rel).toFile());
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.put("task", "flip");
        o.put("variant", "2x2");
        o.put("answer", answer);
        var messages = o.putArray("messages");
        messages.addObject().put("role", "user").put("content",
            Prompts.withFormatPrompt("<image>Which patch is flipped?"));
        messages.addObject().put("role", "assistant").put("content",
            "<think>Patch " + patch + " breaks the edges.</think>\n\\boxed{" + answer + "}");
        o.putArray("images").add(rel);
        sb.append(json.writeValueAsString(o)).append('\n');
      }
      Files.writeString(dir.resolve(split + ".jsonl"), sb.toString(), StandardCharsets.UTF_8);
    }
    return dir;
  }
}
