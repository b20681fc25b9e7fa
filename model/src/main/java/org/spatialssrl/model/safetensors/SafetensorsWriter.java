package org.spatialssrl.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes float tensors to a safetensors file, stored as F32, BF16 or F16 (rounded to nearest
 * even). Tensors are given as Java arrays or as {@link Values} that produce their data in chunks
 * while the file is written, so that a checkpoint far larger than the Java heap streams through
 * one chunk at a time.
 */
public final class SafetensorsWriter {
  /**
   * A tensor to write.
   *
   * @param shape its shape
   * @param data its values in C order
   */
  public record Tensor(long[] shape, float[] data) {}

  /** Receives a tensor's values, chunk after chunk, in C order. */
  @FunctionalInterface
  public interface ValueSink {
    /**
     * Takes the next chunk (its remaining values).
     *
     * @param chunk the values
     * @throws IOException when writing fails
     */
    void accept(FloatBuffer chunk) throws IOException;
  }

  /** Produces a tensor's values when the file is written. */
  @FunctionalInterface
  public interface Values {
    /**
     * Hands all values, in C order, to the sink in one or more chunks.
     *
     * @param sink the receiver
     * @throws IOException when writing fails
     */
    void emit(ValueSink sink) throws IOException;

    /**
     * The values of an array (read when the file is written).
     *
     * @param data the values in C order
     * @return the values
     */
    static Values of(float[] data) {
      return sink -> sink.accept(FloatBuffer.wrap(data));
    }

    /**
     * The values of an NDArray, read in slices along its first axis (at most about 16 M values
     * each, so that tensors over 2 GiB can be written) and converted to float32.
     *
     * @param array the array (it must stay open until the file is written)
     * @return the values
     */
    static Values of(NDArray array) {
      return sink -> {
        long[] shape = array.getShape().getShape();
        long rows = shape.length == 0 ? 1 : shape[0];
        long perRow = rows == 0 ? 0 : array.size() / rows;
        long step = shape.length == 0 ? 1 : Math.max(1, (16L << 20) / Math.max(1, perRow));
        for (long r = 0; r < rows; r += step) {
          NDArray part = shape.length == 0 || (r == 0 && step >= rows)
              ? array : array.get(new NDIndex("{}:{}", r, Math.min(rows, r + step)));
          NDArray f = part.getDataType() == DataType.FLOAT32 ? part : part.toType(DataType.FLOAT32, false);
          try {
            sink.accept(f.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer());
          } finally {
            if (f != array) {
              f.close();
            }
            if (part != array && part != f) {
              part.close();
            }
          }
        }
      };
    }
  }

  /** One entry: its shape, stored type (null: the file's) and values. */
  private record Entry(long[] shape, String dtype, Values values, float[] eager) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> metadata = new TreeMap<>();

  /**
   * Adds a tensor.
   *
   * @param name the tensor name
   * @param shape its shape
   * @param data its values in C order
   * @return this writer
   */
  public SafetensorsWriter add(String name, long[] shape, float[] data) {
    if (numel(shape) != data.length) {
      throw new IllegalArgumentException(
          name + ": shape holds " + numel(shape) + " values, got " + data.length);
    }
    entries.put(name, new Entry(shape.clone(), null, Values.of(data), data));
    return this;
  }

  /**
   * Adds a tensor whose values are produced when the file is written.
   *
   * @param name the tensor name
   * @param shape its shape
   * @param dtype the stored type ({@code F32}, {@code BF16}, {@code F16}), or null for the type
   *     given to {@link #write}
   * @param values its values
   * @return this writer
   */
  public SafetensorsWriter add(String name, long[] shape, String dtype, Values values) {
    if (dtype != null) {
      width(dtype);
    }
    entries.put(name, new Entry(shape.clone(), dtype, values, null));
    return this;
  }

  /**
   * Sets a {@code __metadata__} entry (for example {@code format = pt}, which Hugging Face
   * loaders expect).
   *
   * @param key the key
   * @param value the value (safetensors metadata values are strings)
   * @return this writer
   */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /**
   * The tensors added with Java arrays, in order.
   *
   * @return an unmodifiable view by name
   */
  public Map<String, Tensor> tensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    entries.forEach((k, e) -> {
      if (e.eager() != null) {
        out.put(k, new Tensor(e.shape(), e.eager()));
      }
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * The bytes the tensors take in a file (without the header).
   *
   * @param dtype the type of tensors without their own
   * @return the data size
   */
  public long dataBytes(String dtype) {
    long n = 0;
    for (Entry e : entries.values()) {
      n += numel(e.shape()) * width(e.dtype() == null ? dtype : e.dtype());
    }
    return n;
  }

  /**
   * Writes the file.
   *
   * @param file the output path
   * @param dtype {@code F32}, {@code BF16} or {@code F16}: the stored type of tensors added
   *     without their own
   * @throws IOException when writing fails
   */
  public void write(Path file, String dtype) throws IOException {
    width(dtype);
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      String type = e.getValue().dtype() == null ? dtype : e.getValue().dtype();
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", type);
      var shape = t.putArray("shape");
      for (long s : e.getValue().shape()) {
        shape.add(s);
      }
      long size = numel(e.getValue().shape()) * width(type);
      t.putArray("data_offsets").add(offset).add(offset + size);
      offset += size;
    }
    byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int pad = (8 - h.length % 8) % 8;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer head = ByteBuffer.allocate(8 + h.length + pad).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(h.length + pad).put(h);
      for (int i = 0; i < pad; i++) {
        head.put((byte) ' ');
      }
      writeFully(out, head.flip());
      ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        String type = e.getValue().dtype() == null ? dtype : e.getValue().dtype();
        long[] written = {0};
        e.getValue().values().emit(chunk -> {
          while (chunk.hasRemaining()) {
            float f = chunk.get();
            switch (type) {
              case "F32" -> buf.putFloat(f);
              case "BF16" -> buf.putShort(toBf16(f));
              default -> buf.putShort(toF16(f));
            }
            written[0]++;
            if (buf.remaining() < 4) {
              writeFully(out, buf.flip());
              buf.clear();
            }
          }
        });
        if (written[0] != numel(e.getValue().shape())) {
          throw new IllegalStateException(e.getKey() + ": produced " + written[0]
              + " values for a shape of " + numel(e.getValue().shape()));
        }
      }
      writeFully(out, buf.flip());
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static long numel(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  private static int width(String dtype) {
    return switch (dtype) {
      case "F32" -> 4;
      case "BF16", "F16" -> 2;
      default -> throw new IllegalArgumentException("dtype must be F32, BF16 or F16, got " + dtype);
    };
  }

  /**
   * Rounds a float to BF16 (nearest, ties to even).
   *
   * @param f the value
   * @return the BF16 bits
   */
  public static short toBf16(float f) {
    int bits = Float.floatToIntBits(f);
    if (Float.isNaN(f)) {
      return (short) 0x7fc0;
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /**
   * Rounds a float to IEEE half precision (nearest, ties to even; overflow to infinity).
   *
   * @param f the value
   * @return the F16 bits
   */
  public static short toF16(float f) {
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    if (Float.isNaN(f)) {
      return (short) (sign | 0x7e00);
    }
    int abs = bits & 0x7fffffff;
    if (abs >= 0x477ff000) { // rounds to 65520 or more: infinity
      return (short) (sign | 0x7c00);
    }
    if (abs < 0x38800000) { // below the smallest normal half: subnormal or zero
      // value = m * 2^-24 with m = round(|f| * 2^24), ties to even
      float scaled = Float.intBitsToFloat(abs) * 0x1p24f;
      int m = (int) Math.rint(scaled);
      return (short) (sign | m);
    }
    int exp = ((abs >>> 23) - 127 + 15) << 10;
    int mant = abs & 0x7fffff;
    int half = exp | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++;
    }
    return (short) (sign | half);
  }
}
