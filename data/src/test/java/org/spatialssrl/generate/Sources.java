package org.spatialssrl.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.spatialssrl.image.JpegEncoder;
import org.spatialssrl.scene.ProceduralScene;

/** Test inputs and output fingerprints. */
public final class Sources {
  private Sources() {}

  /** Writes n procedural scenes as PNG and JPEG (alternating) into dir, some in a subfolder. */
  static Path scenes(Path dir, int n) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    for (int i = 0; i < n; i++) {
      var img = ProceduralScene.render(1000 + i, 320 + 16 * (i % 3), 240);
      if (i % 2 == 0) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img.toBufferedImage(), "png", out);
        Files.write(dir.resolve("img" + i + ".png"), out.toByteArray());
      } else {
        Files.write(dir.resolve("sub").resolve("img" + i + ".jpg"), new JpegEncoder(92).encode(img));
      }
    }
    return dir;
  }

  /** SHA-256 of every file under dir, by relative path. */
  public static Map<String, String> fingerprint(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(p -> {
        try {
          byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
          out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(d));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      });
    }
    return out;
  }
}
