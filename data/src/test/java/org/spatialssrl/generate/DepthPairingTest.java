package org.spatialssrl.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepthPairingTest {
  @TempDir Path root;

  private Path touch(String rel) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1});
    return p;
  }

  private DepthPairing pair() throws IOException {
    return DepthPairing.scan(root, SourceFile.scan(root, null));
  }

  @Test
  void recognisesDiodeMegaDepthAndPlainImages() throws IOException {
    touch("diode/a.png");
    touch("diode/a_depth.npy");
    touch("diode/a_depth_mask.npy");
    touch("mega/imgs/b.jpg");
    touch("mega/depths/b.h5");
    touch("nyu/c.png");
    touch("nyu/c_depth.png"); // a 16-bit depth PNG: an image file, but not a source
    touch("plain/d.jpg");
    DepthPairing p = pair();
    assertEquals(List.of("diode/a.png", "mega/imgs/b.jpg", "nyu/c.png", "plain/d.jpg"),
        p.rgbSources().stream().map(SourceFile::id).toList());
    assertEquals(root.resolve("diode/a_depth_mask.npy"), p.depthOf("diode/a.png").mask());
    assertEquals(root.resolve("mega/depths/b.h5"), p.depthOf("mega/imgs/b.jpg").depth());
    assertNull(p.depthOf("mega/imgs/b.jpg").mask());
    assertEquals(root.resolve("nyu/c_depth.png"), p.depthOf("nyu/c.png").depth());
    assertFalse(p.hasDepth("plain/d.jpg"));
  }

  @Test
  void manifestsPairAnythingWithAScale() throws IOException {
    touch("x/rgb1.png");
    touch("y/d1.png");
    touch("x/rgb2.jpg");
    touch("z/d2.pfm");
    Files.writeString(root.resolve(DepthPairing.MANIFEST_CSV),
        "rgb,depth,mask,scale\nx/rgb1.png,y/d1.png,,0.00390625\n");
    Files.writeString(root.resolve(DepthPairing.MANIFEST_JSONL),
        "{\"rgb\": \"x/rgb2.jpg\", \"depth\": \"z/d2.pfm\"}\n");
    DepthPairing p = pair();
    assertEquals(List.of("x/rgb1.png", "x/rgb2.jpg"),
        p.rgbSources().stream().map(SourceFile::id).toList());
    assertEquals(0.00390625, p.depthOf("x/rgb1.png").scale());
    assertEquals(root.resolve("z/d2.pfm"), p.depthOf("x/rgb2.jpg").depth());
  }

  @Test
  void aBadManifestNamesItsFileAndLine() throws IOException {
    touch("x/rgb1.png");
    Files.writeString(root.resolve(DepthPairing.MANIFEST_CSV), "rgb,depth\nx/missing.png,d.npy\n");
    IOException e = assertThrows(IOException.class, this::pair);
    assertTrue(e.getMessage().contains("depth-manifest.csv line 2"), e.getMessage());
  }
}
