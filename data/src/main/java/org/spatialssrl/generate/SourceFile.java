package org.spatialssrl.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A source image file and its identity (its path relative to the input root, with {@code /}).
 *
 * @param id the identity, used in seeds, ids and the {@code source} column
 * @param path the file
 */
public record SourceFile(String id, Path path) {
  /** File name extensions treated as images. */
  public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "webp");

  /**
   * Lists the image files under a folder, recursively, sorted by identity.
   *
   * @param root the input folder
   * @param exclude a folder to skip (the output, when it lies inside the input), or null
   * @return the sources
   * @throws IOException when the folder cannot be walked
   */
  public static List<SourceFile> scan(Path root, Path exclude) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": not a folder (give --input a folder of images)");
    }
    Path excluded = exclude == null ? null : exclude.toAbsolutePath().normalize();
    List<SourceFile> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> excluded == null || !p.toAbsolutePath().normalize().startsWith(excluded))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> EXTENSIONS.contains(extension(p)))
          .forEach(p -> out.add(new SourceFile(identity(root, p), p)));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    out.sort((a, b) -> a.id.compareTo(b.id));
    return out;
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String identity(Path root, Path file) {
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }
}
