package org.spatialssrl.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.spatialssrl.dataset.RowJson;
import org.spatialssrl.depth.DepthFormatException;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.depth.DepthReader;

/**
 * Pairs RGB sources with their depth maps. Recognised, in this order of precedence:
 *
 * <ol>
 *   <li>a manifest at the input root, {@value #MANIFEST_CSV} (header {@code rgb,depth,mask,scale};
 *       mask and scale may be empty) or {@value #MANIFEST_JSONL} (one object per line with the same
 *       keys); paths are relative to the input root;
 *   <li>the DIODE layout: {@code x.png} with {@code x_depth.npy} and optionally {@code
 *       x_depth_mask.npy} beside it (the depth may also be {@code .h5}, {@code .pfm} or a 16-bit
 *       {@code .png} in millimetres);
 *   <li>the MegaDepth layout: {@code imgs/x.jpg} with {@code depths/x.h5} (a sibling folder).
 * </ol>
 *
 * Files that serve as the depth or mask of a source are not sources themselves (a 16-bit depth
 * PNG is an image file, but not an RGB source).
 */
public final class DepthPairing {
  /** The CSV manifest's name at the input root. */
  public static final String MANIFEST_CSV = "depth-manifest.csv";
  /** The JSON-lines manifest's name at the input root. */
  public static final String MANIFEST_JSONL = "depth-manifest.jsonl";

  private static final List<String> DEPTH_EXTENSIONS = List.of("npy", "h5", "hdf5", "pfm", "png");
  private static final List<String> MASK_EXTENSIONS = List.of("npy", "png");

  /**
   * Where one source's depth lives.
   *
   * @param depth the depth file
   * @param mask the mask file, or null
   * @param scale depth units per stored unit, or null for the format's default
   */
  public record DepthSource(Path depth, Path mask, Double scale) {}

  private final List<SourceFile> rgbSources;
  private final Map<String, DepthSource> byId;

  private DepthPairing(List<SourceFile> rgbSources, Map<String, DepthSource> byId) {
    this.rgbSources = List.copyOf(rgbSources);
    this.byId = Map.copyOf(byId);
  }

  /**
   * Pairs the image files of an input folder with depth.
   *
   * @param root the input folder
   * @param files its image files (from {@link SourceFile#scan})
   * @return the pairing
   * @throws IOException when a manifest exists but cannot be read or names an unknown image
   */
  public static DepthPairing scan(Path root, List<SourceFile> files) throws IOException {
    Map<String, SourceFile> byId = new HashMap<>();
    Map<Path, String> byPath = new HashMap<>();
    for (SourceFile f : files) {
      byId.put(f.id(), f);
      byPath.put(f.path().toAbsolutePath().normalize(), f.id());
    }
    Map<String, DepthSource> pairs = new HashMap<>();
    for (SourceFile f : files) {
      DepthSource d = byLayout(f.path());
      if (d != null) {
        pairs.put(f.id(), d);
      }
    }
    readManifest(root, byId, byPath, pairs);
    Set<Path> used = new HashSet<>();
    for (DepthSource d : pairs.values()) {
      used.add(d.depth().toAbsolutePath().normalize());
      if (d.mask() != null) {
        used.add(d.mask().toAbsolutePath().normalize());
      }
    }
    List<SourceFile> rgb = new ArrayList<>();
    for (SourceFile f : files) {
      if (!used.contains(f.path().toAbsolutePath().normalize())) {
        rgb.add(f);
      }
    }
    pairs.keySet().retainAll(rgb.stream().map(SourceFile::id).toList());
    return new DepthPairing(rgb, pairs);
  }

  /** The image files that are RGB sources (depth and mask files removed), sorted by identity. */
  public List<SourceFile> rgbSources() {
    return rgbSources;
  }

  /**
   * Whether a source has depth.
   *
   * @param id the source identity
   * @return true when paired
   */
  public boolean hasDepth(String id) {
    return byId.containsKey(id);
  }

  /**
   * The depth files of a source.
   *
   * @param id the source identity
   * @return the files, or null when the source has no depth
   */
  public DepthSource depthOf(String id) {
    return byId.get(id);
  }

  /**
   * Reads a source's depth aligned to its RGB size.
   *
   * @param id the source identity (must have depth)
   * @param width the RGB width
   * @param height the RGB height
   * @param reader the base reader (HDF5 dataset name, default scale)
   * @return the aligned depth map
   * @throws DepthFormatException naming the file when the depth cannot be used
   */
  public DepthMap load(String id, int width, int height, DepthReader reader)
      throws DepthFormatException {
    DepthSource d = byId.get(id);
    if (d == null) {
      throw new IllegalArgumentException(id + " has no depth");
    }
    DepthReader r = d.scale() == null ? reader : reader.withScale(d.scale());
    return r.read(d.depth(), d.mask()).alignTo(width, height, d.depth().toString());
  }

  private static DepthSource byLayout(Path rgb) {
    String name = rgb.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    Path dir = rgb.getParent();
    Path depth = firstExisting(dir, stem + "_depth", DEPTH_EXTENSIONS, rgb);
    if (depth != null) {
      return new DepthSource(depth, firstExisting(dir, stem + "_depth_mask", MASK_EXTENSIONS, rgb),
          null);
    }
    if (dir != null && dir.getFileName() != null
        && dir.getFileName().toString().toLowerCase(Locale.ROOT).equals("imgs")
        && dir.getParent() != null) {
      depth = firstExisting(dir.resolveSibling("depths"), stem, DEPTH_EXTENSIONS, rgb);
      if (depth != null) {
        return new DepthSource(depth, null, null);
      }
    }
    return null;
  }

  private static Path firstExisting(Path dir, String stem, List<String> exts, Path self) {
    for (String ext : exts) {
      Path p = dir == null ? Path.of(stem + "." + ext) : dir.resolve(stem + "." + ext);
      if (!p.equals(self) && Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static void readManifest(Path root, Map<String, SourceFile> byId,
      Map<Path, String> byPath, Map<String, DepthSource> pairs) throws IOException {
    Path csv = root.resolve(MANIFEST_CSV);
    Path jsonl = root.resolve(MANIFEST_JSONL);
    for (Path m : List.of(csv, jsonl)) {
      if (!Files.isRegularFile(m)) {
        continue;
      }
      List<String> lines = Files.readAllLines(m, StandardCharsets.UTF_8);
      String[] header = null;
      for (int n = 0; n < lines.size(); n++) {
        String line = lines.get(n).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        Map<String, String> row = new HashMap<>();
        if (m == csv) {
          String[] cells = line.split(",", -1);
          if (header == null) {
            header = cells;
            for (int i = 0; i < header.length; i++) {
              header[i] = header[i].strip().toLowerCase(Locale.ROOT);
            }
            if (!List.of(header).contains("rgb") || !List.of(header).contains("depth")) {
              throw new IOException(m + ": the first line must name the columns, at least rgb and"
                  + " depth (rgb,depth,mask,scale)");
            }
            continue;
          }
          for (int i = 0; i < Math.min(header.length, cells.length); i++) {
            row.put(header[i], cells[i].strip());
          }
        } else {
          JsonNode node;
          try {
            node = RowJson.MAPPER.readTree(line);
          } catch (IOException e) {
            throw new IOException(m + " line " + (n + 1) + ": not a JSON object (" + e.getMessage() + ")", e);
          }
          node.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().isNull() ? ""
              : e.getValue().asText()));
        }
        pairs.putAll(manifestRow(root, m, n + 1, row, byId, byPath));
      }
    }
  }

  private static Map<String, DepthSource> manifestRow(Path root, Path m, int line,
      Map<String, String> row, Map<String, SourceFile> byId, Map<Path, String> byPath)
      throws IOException {
    String rgb = row.getOrDefault("rgb", "");
    String depth = row.getOrDefault("depth", "");
    if (rgb.isEmpty() || depth.isEmpty()) {
      throw new IOException(m + " line " + line + ": rgb and depth are required");
    }
    String id = byPath.get(root.resolve(rgb).toAbsolutePath().normalize());
    if (id == null || !byId.containsKey(id)) {
      throw new IOException(m + " line " + line + ": '" + rgb + "' is not an image under " + root);
    }
    String mask = row.getOrDefault("mask", "");
    String scale = row.getOrDefault("scale", "");
    Double s = null;
    if (!scale.isEmpty()) {
      try {
        s = Double.parseDouble(scale);
      } catch (NumberFormatException e) {
        throw new IOException(m + " line " + line + ": scale '" + scale + "' is not a number", e);
      }
      if (!(s > 0)) {
        throw new IOException(m + " line " + line + ": scale must be positive, got " + scale);
      }
    }
    return Map.of(id, new DepthSource(root.resolve(depth), mask.isEmpty() ? null : root.resolve(mask), s));
  }
}
