package org.spatialssrl.model.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * Resolves the image references of chat messages: {@code data:} URLs with base64 content always;
 * local file paths (plain or {@code file://}) only when allowed, and then, when a root directory
 * is set, only inside it (after resolving links). Remote URLs are never fetched.
 */
public final class ImageSource {
  private final boolean allowFiles;
  private final Path root;

  private ImageSource(Builder b) {
    this.allowFiles = b.allowFiles;
    this.root = b.root;
  }

  /**
   * Starts a builder: data URLs only.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A source that reads data URLs and any local file (for a user's own process, such as the
   * command line).
   *
   * @return the source
   */
  public static ImageSource anyFile() {
    return builder().optAllowFiles(true).build();
  }

  /** Settings of an image source. */
  public static final class Builder {
    private boolean allowFiles;
    private Path root;

    private Builder() {}

    /**
     * Whether local file paths are read (default false: data URLs only).
     *
     * @param allow true to read files
     * @return this builder
     */
    public Builder optAllowFiles(boolean allow) {
      this.allowFiles = allow;
      return this;
    }

    /**
     * Confines file paths to a directory (relative paths resolve against it); implies
     * {@code optAllowFiles(true)}.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder optRoot(Path dir) {
      this.root = dir;
      this.allowFiles = true;
      return this;
    }

    /**
     * Builds the source.
     *
     * @return the source
     * @throws ImageInputException when the root is not a directory
     */
    public ImageSource build() {
      if (root != null) {
        if (!Files.isDirectory(root)) {
          throw new ImageInputException("image directory " + root + " does not exist");
        }
        try {
          root = root.toRealPath();
        } catch (IOException e) {
          throw new ImageInputException("cannot resolve image directory " + root, e);
        }
      }
      return new ImageSource(this);
    }
  }

  /**
   * Loads the image a reference names.
   *
   * @param ref a {@code data:} URL, a file path or a {@code file://} URL
   * @return the RGB image
   * @throws ImageInputException when the reference is malformed, not allowed or unreadable
   */
  public RgbImage load(String ref) {
    if (ref == null || ref.isBlank()) {
      throw new ImageInputException("empty image reference");
    }
    String lower = ref.toLowerCase(Locale.ROOT);
    if (lower.startsWith("data:")) {
      int comma = ref.indexOf(',');
      if (comma < 0 || !lower.substring(0, comma).endsWith(";base64")) {
        throw new ImageInputException(
            "image data URLs must be base64: data:image/png;base64,<data>");
      }
      byte[] bytes;
      try {
        bytes = Base64.getMimeDecoder().decode(ref.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        throw new ImageInputException("image data URL has invalid base64: " + e.getMessage(), e);
      }
      return RgbImage.decode(bytes, "the image data URL");
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      throw new ImageInputException(
          "remote image URLs are not fetched; download the image and send it as a data: URL");
    }
    if (!allowFiles) {
      throw new ImageInputException(
          "local image paths are not allowed here; send the image as a data: URL"
              + " (the server reads files only when started with --image-dir DIR)");
    }
    Path file;
    try {
      String p = lower.startsWith("file://") ? ref.substring("file://".length()) : ref;
      file = root == null ? Path.of(p) : root.resolve(p);
    } catch (InvalidPathException e) {
      throw new ImageInputException("invalid image path " + ref, e);
    }
    if (!Files.isRegularFile(file)) {
      throw new ImageInputException("image file " + file + " does not exist");
    }
    if (root != null) {
      Path real;
      try {
        real = file.toRealPath();
      } catch (IOException e) {
        throw new ImageInputException("cannot resolve image path " + file, e);
      }
      if (!real.startsWith(root)) {
        throw new ImageInputException(
            "image path " + ref + " is outside the allowed image directory " + root);
      }
      file = real;
    }
    return RgbImage.read(file);
  }
}
