package org.spatialssrl.depth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} arrays of shape (H, W) or (H, W, 1): float32, float64,
 * uint16, uint8 and bool, little or big endian, C or Fortran order (format versions 1 to 3).
 */
public final class NpyFormat {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /**
   * How an array is laid out on disk.
   *
   * @param descr the NumPy type string, such as {@code <f4}, {@code >f8}, {@code <u2}, {@code |u1}
   * @param fortranOrder column-major storage
   * @param channelAxis write shape (H, W, 1) instead of (H, W)
   */
  public record Layout(String descr, boolean fortranOrder, boolean channelAxis) {
    /** Little-endian float32, C order, shape (H, W). */
    public static final Layout FLOAT32 = new Layout("<f4", false, false);
  }

  private NpyFormat() {}

  /**
   * Reads an array.
   *
   * @param file the {@code .npy} file
   * @return the values as floats, row-major
   * @throws DepthFormatException naming the file when it is missing, malformed or of an
   *     unsupported type or shape
   */
  public static Grid read(Path file) throws DepthFormatException {
    byte[] bytes = readAll(file);
    if (bytes.length < 10 || !startsWithMagic(bytes)) {
      throw new DepthFormatException(
          DepthFormatException.CORRUPT, file + ": not a NumPy .npy file (no \\x93NUMPY magic)");
    }
    int major = bytes[6] & 255;
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = buf.getShort(8) & 0xFFFF;
      start = 10;
    } else if (major == 2 || major == 3) {
      headerLen = buf.getInt(8);
      start = 12;
    } else {
      throw new DepthFormatException(
          DepthFormatException.UNSUPPORTED, file + ": .npy format version " + major + " is unknown");
    }
    if (headerLen < 0 || start + headerLen > bytes.length) {
      throw new DepthFormatException(DepthFormatException.CORRUPT, file + ": .npy header is cut off");
    }
    String header =
        new String(bytes, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = field(DESCR, header, file, "descr");
    boolean fortran = field(FORTRAN, header, file, "fortran_order").equals("True");
    int[] shape = parseShape(field(SHAPE, header, file, "shape"), file);
    int h = shape[0];
    int w = shape[1];
    ByteOrder order = byteOrder(descr);
    String type = descr.substring(1);
    int size = itemSize(type);
    if (size == 0) {
      throw new DepthFormatException(
          DepthFormatException.UNSUPPORTED,
          file + ": dtype " + descr + " is not supported (use float32, float64, uint16, uint8 or"
              + " bool)");
    }
    long n = (long) h * w;
    int dataStart = start + headerLen;
    if (dataStart + n * size > bytes.length) {
      throw new DepthFormatException(
          DepthFormatException.CORRUPT,
          file + ": holds " + (bytes.length - dataStart) + " data bytes, the header promises "
              + n * size + " (" + h + "x" + w + " " + descr + "); the file is truncated");
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice().order(order);
    float[] out = new float[(int) n];
    if (type.equals("f4") && !fortran) {
      data.asFloatBuffer().get(out);
      return new Grid(w, h, out);
    }
    for (int i = 0; i < n; i++) {
      float v =
          switch (type) {
            case "f4" -> data.getFloat(i * 4);
            case "f8" -> (float) data.getDouble(i * 8);
            case "u2" -> data.getShort(i * 2) & 0xFFFF;
            default -> data.get(i) & 255;
          };
      // Fortran order stores column by column: element (row, col) sits at col * h + row.
      int dst = fortran ? (i % h) * w + i / h : i;
      out[dst] = v;
    }
    return new Grid(w, h, out);
  }

  /**
   * Writes an array of floats, converted to the layout's type (uint types round and clamp).
   *
   * @param file the target file
   * @param grid the values, row-major
   * @param layout the on-disk layout
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, Grid grid, Layout layout) throws IOException {
    Files.write(file, toBytes(grid, layout));
  }

  /**
   * The bytes of a {@code .npy} file holding a grid.
   *
   * @param grid the values, row-major
   * @param layout the on-disk layout
   * @return the file's bytes
   */
  public static byte[] toBytes(Grid grid, Layout layout) {
    String descr = layout.descr();
    ByteOrder order = byteOrder(descr);
    String type = descr.substring(1);
    int size = itemSize(type);
    if (size == 0) {
      throw new IllegalArgumentException("cannot write dtype " + descr);
    }
    int h = grid.height();
    int w = grid.width();
    String shape = layout.channelAxis() ? "(" + h + ", " + w + ", 1)" : "(" + h + ", " + w + ")";
    StringBuilder header =
        new StringBuilder(
            String.format(
                Locale.ROOT, "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr,
                layout.fortranOrder() ? "True" : "False", shape));
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    byte[] head = header.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer buf = ByteBuffer.allocate(10 + head.length + w * h * size);
    buf.put(MAGIC).put((byte) 1).put((byte) 0);
    buf.order(ByteOrder.LITTLE_ENDIAN).putShort((short) head.length).put(head);
    buf.order(order);
    float[] v = grid.values();
    for (int i = 0; i < v.length; i++) {
      int src = layout.fortranOrder() ? (i % h) * w + i / h : i;
      float x = v[src];
      switch (type) {
        case "f4" -> buf.putFloat(x);
        case "f8" -> buf.putDouble(x);
        case "u2" -> buf.putShort((short) Math.max(0, Math.min(65535, Math.round(x))));
        default -> buf.put((byte) Math.max(0, Math.min(255, Math.round(x))));
      }
    }
    return buf.array();
  }

  private static ByteOrder byteOrder(String descr) {
    return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  /** Bytes per element of a supported NumPy type code, 0 for an unsupported one. */
  private static int itemSize(String type) {
    return switch (type) {
      case "f4" -> 4;
      case "f8" -> 8;
      case "u2" -> 2;
      case "u1", "b1" -> 1;
      default -> 0;
    };
  }

  static byte[] readAll(Path file) throws DepthFormatException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DepthFormatException(DepthFormatException.UNREADABLE, file + ": no such file", e);
    } catch (IOException e) {
      throw new DepthFormatException(
          DepthFormatException.UNREADABLE, file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static boolean startsWithMagic(byte[] bytes) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static String field(Pattern p, String header, Path file, String name)
      throws DepthFormatException {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new DepthFormatException(
          DepthFormatException.CORRUPT, file + ": .npy header has no '" + name + "': " + header.strip());
    }
    return m.group(1);
  }

  private static int[] parseShape(String text, Path file) throws DepthFormatException {
    String[] parts = text.split(",");
    int[] dims = new int[parts.length];
    int count = 0;
    try {
      for (String part : parts) {
        if (!part.isBlank()) {
          dims[count++] = Integer.parseInt(part.strip());
        }
      }
    } catch (NumberFormatException e) {
      throw new DepthFormatException(DepthFormatException.CORRUPT, file + ": bad shape (" + text + ")", e);
    }
    if ((count == 2 || (count == 3 && dims[2] == 1)) && dims[0] > 0 && dims[1] > 0) {
      return new int[] {dims[0], dims[1]};
    }
    throw new DepthFormatException(
        DepthFormatException.UNSUPPORTED,
        file + ": shape (" + text.strip() + ") is not (H, W) or (H, W, 1)");
  }
}
