package org.spatialssrl.model.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an {@link ImageSource} reads and what it refuses. */
class ImageSourceTest {
  @TempDir Path tmp;

  @Test
  void readsDataUrlsAndConfinesFilesToTheRoot() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    ImageIO.write(TinyVisionCheckpoint.picture(30, 20, 1), "png", root.resolve("in.png").toFile());
    ImageIO.write(TinyVisionCheckpoint.picture(30, 20, 2), "png", tmp.resolve("out.png").toFile());
    Files.createSymbolicLink(root.resolve("link.png"), tmp.resolve("out.png"));
    ImageSource confined = ImageSource.builder().optRoot(root).build();
    RgbImage a = confined.load("in.png");
    assertEquals(30, a.width());
    assertEquals(20, a.height());
    RgbImage viaUrl = confined.load(TinyVisionCheckpoint.dataUrl(TinyVisionCheckpoint.picture(30, 20, 1)));
    assertTrue(java.util.Arrays.equals(a.rgb(), viaUrl.rgb()));
    assertTrue(java.util.Arrays.equals(a.rgb(), confined.load(root.resolve("in.png").toString()).rgb()));
    for (String bad : new String[] {"../out.png", tmp.resolve("out.png").toString(), "link.png"}) {
      ImageInputException e = assertThrows(ImageInputException.class, () -> confined.load(bad), bad);
      assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }
    ImageSource dataOnly = ImageSource.builder().build();
    assertTrue(assertThrows(ImageInputException.class, () -> dataOnly.load(root.resolve("in.png").toString()))
        .getMessage().contains("data: URL"));
    assertTrue(assertThrows(ImageInputException.class, () -> dataOnly.load("https://example.com/a.png"))
        .getMessage().contains("not fetched"));
    assertTrue(assertThrows(ImageInputException.class, () -> dataOnly.load("data:image/png,abc"))
        .getMessage().contains("base64"));
    assertTrue(assertThrows(ImageInputException.class, () -> dataOnly.load("data:image/png;base64,AAAA"))
        .getMessage().contains("not a decodable image"));
  }
}
