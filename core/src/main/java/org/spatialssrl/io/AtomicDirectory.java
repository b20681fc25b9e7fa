package org.spatialssrl.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a directory so that it appears complete or not at all: it is filled under a hidden
 * temporary sibling, which is renamed to the final name once everything is written. A crash or
 * an error leaves at most the temporary sibling (removed by the next attempt), never a
 * half-written directory under the final name.
 */
public final class AtomicDirectory {
  private AtomicDirectory() {}

  /** Fills a directory. */
  @FunctionalInterface
  public interface Filler {
    /**
     * Writes the directory's content.
     *
     * @param dir the (temporary) directory, created and empty
     * @throws IOException when writing fails
     */
    void fill(Path dir) throws IOException;
  }

  /**
   * The temporary sibling a directory is written under.
   *
   * @param target the final directory
   * @return {@code .<name>.tmp} next to it
   */
  public static Path temporaryFor(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + ".tmp");
  }

  /**
   * Creates {@code target} atomically.
   *
   * @param target the final directory; it must not exist, or be an empty directory
   * @param filler writes the content
   * @throws IOException when the target exists with content or writing fails (the target is
   *     then untouched and the temporary directory removed)
   */
  public static void create(Path target, Filler filler) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      try (Stream<Path> s = Files.list(abs)) {
        if (s.findAny().isPresent()) {
          throw new IOException(target + " already exists and is not empty");
        }
      }
      Files.delete(abs);
    } else if (Files.exists(abs)) {
      throw new IOException(target + " exists and is not a directory");
    }
    Files.createDirectories(abs.getParent());
    Path tmp = temporaryFor(abs);
    deleteTree(tmp);
    Files.createDirectories(tmp);
    try {
      filler.fill(tmp);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs);
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  /**
   * Deletes a file or a directory tree; nothing when absent.
   *
   * @param path the path
   * @throws IOException when a file cannot be deleted
   */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(path)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
