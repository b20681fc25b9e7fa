package org.spatialssrl.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes files so that nothing half-written is ever visible under a final name: content goes to
 * a hidden temporary sibling, which is then renamed over the target.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** The temporary sibling used while a file is written. */
  public static Path temporaryFor(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".tmp");
  }

  /**
   * Writes bytes atomically.
   *
   * @param target the final path
   * @param bytes the content
   * @throws IOException on failure (the target is then untouched)
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path tmp = temporaryFor(target);
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(bytes);
    }
    publish(tmp, target);
  }

  /**
   * Renames a finished temporary file over its target.
   *
   * @param tmp the finished file
   * @param target the final path
   * @throws IOException on failure
   */
  public static void publish(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Deletes a folder and everything in it; nothing happens when it does not exist.
   *
   * @param dir the folder
   * @throws IOException when a file cannot be deleted
   */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
