package org.spatialssrl.eval.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a benchmark's relative image and video paths point. */
final class Media {
  private Media() {}

  /**
   * Resolves a path from a benchmark file: against the user's media root first, then each of
   * the given folders; an absolute path that does not exist is retried by its last two
   * components (released files carry the authors' absolute paths). When nothing exists, the
   * first candidate is returned, so the error names a sensible place.
   *
   * @param name the path as the file writes it
   * @param mediaRoot the user's media root, or null
   * @param bases further folders to try, in order
   * @return the path
   */
  static Path resolve(String name, Path mediaRoot, Path... bases) {
    Path p = Path.of(name);
    java.util.List<Path> candidates = new java.util.ArrayList<>();
    java.util.List<Path> roots = new java.util.ArrayList<>();
    if (mediaRoot != null) {
      roots.add(mediaRoot);
    }
    for (Path b : bases) {
      if (b != null) {
        roots.add(b);
      }
    }
    if (p.isAbsolute()) {
      candidates.add(p);
      int n = p.getNameCount();
      Path tail = n >= 2 ? p.subpath(n - 2, n) : p.getFileName();
      for (Path r : roots) {
        candidates.add(r.resolve(tail));
      }
    } else {
      for (Path r : roots) {
        candidates.add(r.resolve(p));
      }
      if (candidates.isEmpty()) {
        candidates.add(p);
      }
    }
    for (Path c : candidates) {
      if (Files.exists(c)) {
        return c;
      }
    }
    return candidates.get(0);
  }

  /**
   * Why an item's media cannot be read, checked when loading: the first missing file.
   *
   * @param media the references
   * @return the problem, or null when every file exists
   */
  static String missing(java.util.List<org.spatialssrl.eval.MediaRef> media) {
    for (org.spatialssrl.eval.MediaRef m : media) {
      Path p = m instanceof org.spatialssrl.eval.MediaRef.ImageFile f ? f.path()
          : m instanceof org.spatialssrl.eval.MediaRef.VideoFile v ? v.path() : null;
      if (p != null && !Files.isRegularFile(p)) {
        return (m.isVideo() ? "video " : "image ") + p + " does not exist";
      }
    }
    return null;
  }
}
