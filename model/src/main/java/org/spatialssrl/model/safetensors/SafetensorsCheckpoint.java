package org.spatialssrl.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.spatialssrl.model.CheckpointException;

/**
 * The tensors of a Hugging Face checkpoint directory: a single {@code model.safetensors}, or
 * shards listed by {@code model.safetensors.index.json}. Only headers are read when opening;
 * tensor data is read on demand by {@link #load}.
 */
public final class SafetensorsCheckpoint {

  /** Where one tensor lives. */
  public record TensorInfo(
      String name, Path file, String dtype, long[] shape, long begin, long end) {

    /**
     * The number of elements.
     *
     * @return the product of the shape
     */
    public long numel() {
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      return n;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Largest float32 slab read at once (a direct buffer holds at most 2 GiB). */
  private static final long DEFAULT_CHUNK_BYTES = 1L << 30;
  private final Map<String, TensorInfo> tensors;
  private final long chunkBytes;

  private SafetensorsCheckpoint(Map<String, TensorInfo> tensors) {
    this(tensors, DEFAULT_CHUNK_BYTES);
  }

  private SafetensorsCheckpoint(Map<String, TensorInfo> tensors, long chunkBytes) {
    this.tensors = Collections.unmodifiableMap(tensors);
    this.chunkBytes = chunkBytes;
  }

  /**
   * The same checkpoint reading tensors in float32 slabs of at most {@code bytes} (tests use a
   * small value to exercise the path that tensors over 2 GiB take).
   */
  SafetensorsCheckpoint withChunkBytes(long bytes) {
    return new SafetensorsCheckpoint(tensors, bytes);
  }

  /**
   * Opens the checkpoint in a directory.
   *
   * @param dir the checkpoint directory
   * @return the checkpoint's tensor directory
   * @throws CheckpointException when no safetensors file is there or a header is malformed
   */
  public static SafetensorsCheckpoint open(Path dir) {
    Map<String, TensorInfo> all = new TreeMap<>();
    Path index = dir.resolve("model.safetensors.index.json");
    Path single = dir.resolve("model.safetensors");
    if (Files.isRegularFile(index)) {
      JsonNode map;
      try {
        map = JSON.readTree(index.toFile()).path("weight_map");
      } catch (IOException e) {
        throw new CheckpointException("cannot read " + index + ": " + e.getMessage(), e);
      }
      Set<String> files = new java.util.TreeSet<>();
      for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
        files.add(it.next().asText());
      }
      if (files.isEmpty()) {
        throw new CheckpointException(index + " has no weight_map entries");
      }
      for (String f : files) {
        Path shard = dir.resolve(f);
        if (!Files.isRegularFile(shard)) {
          throw new CheckpointException(
              "shard " + f + " listed in " + index + " is missing from " + dir);
        }
        all.putAll(readHeader(shard));
      }
    } else if (Files.isRegularFile(single)) {
      all.putAll(readHeader(single));
    } else {
      throw new CheckpointException(
          "no model.safetensors or model.safetensors.index.json in " + dir
              + " (only safetensors checkpoints are supported)");
    }
    return new SafetensorsCheckpoint(all);
  }

  /**
   * Opens one safetensors file of any name (an adapter, an optimizer state).
   *
   * @param file the file
   * @return its tensors
   * @throws CheckpointException when the file is missing or its header is malformed
   */
  public static SafetensorsCheckpoint openFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("safetensors file " + file + " does not exist");
    }
    return new SafetensorsCheckpoint(new TreeMap<>(readHeader(file)));
  }

  /**
   * Reads the header of one safetensors file.
   *
   * @param file the file
   * @return the tensors it holds, by name
   */
  public static Map<String, TensorInfo> readHeader(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      JsonNode header = headerJson(ch, file);
      long dataStart = 8 + headerLength(ch, file);
      Map<String, TensorInfo> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : header.properties()) {
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode t = e.getValue();
        JsonNode shapeNode = t.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asLong();
        }
        long begin = dataStart + t.path("data_offsets").path(0).asLong();
        long end = dataStart + t.path("data_offsets").path(1).asLong();
        if (end > ch.size() || begin > end) {
          throw new CheckpointException(
              "tensor " + e.getKey() + " in " + file + " points past the end of the file");
        }
        out.put(e.getKey(), new TensorInfo(e.getKey(), file, t.path("dtype").asText(), shape, begin, end));
      }
      return out;
    } catch (IOException e) {
      throw new CheckpointException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the {@code __metadata__} of one safetensors file.
   *
   * @param file the file
   * @return its string entries (empty when it has none)
   */
  public static Map<String, String> readMetadata(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Map<String, String> out = new TreeMap<>();
      headerJson(ch, file).path("__metadata__").properties()
          .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
      return out;
    } catch (IOException e) {
      throw new CheckpointException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
    }
  }

  private static long headerLength(FileChannel ch, Path file) throws IOException {
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, len, 0);
    long n = len.flip().getLong();
    if (n <= 0 || n > 100_000_000L || n + 8 > ch.size()) {
      throw new CheckpointException(file + " is not a safetensors file (header length " + n + ")");
    }
    return n;
  }

  private static JsonNode headerJson(FileChannel ch, Path file) throws IOException {
    ByteBuffer hb = ByteBuffer.allocate((int) headerLength(ch, file));
    readFully(ch, hb, 8);
    return JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
  }

  /** Frees a direct buffer's memory at once (falls back to the garbage collector). */
  private static void release(ByteBuffer buffer) {
    try {
      java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
      f.setAccessible(true);
      Object unsafe = f.get(null);
      unsafe.getClass().getMethod("invokeCleaner", ByteBuffer.class).invoke(unsafe, buffer);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not available: the collector frees it later.
    }
  }

  /**
   * Converts an IEEE 754 half-precision value to float.
   *
   * @param h the 16 bits
   * @return the value
   */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += r;
    }
  }

  /**
   * All tensor names and locations.
   *
   * @return an unmodifiable map by tensor name
   */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /**
   * Whether a tensor is present.
   *
   * @param name the tensor name
   * @return true when the checkpoint holds it
   */
  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /**
   * Loads one tensor, converted to the requested data type.
   *
   * @param manager the manager that will own the array
   * @param name the tensor name
   * @param expectedShape the shape the model needs, or null to accept any
   * @param target the data type of the result (FLOAT32 or FLOAT16)
   * @return the tensor
   * @throws CheckpointException when the tensor is missing, has another shape or an unsupported
   *     data type
   */
  public NDArray load(NDManager manager, String name, long[] expectedShape, DataType target) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new CheckpointException("tensor " + name + " is missing from the checkpoint");
    }
    if (expectedShape != null && !java.util.Arrays.equals(expectedShape, info.shape())) {
      throw new CheckpointException(
          "tensor " + name + " has shape " + java.util.Arrays.toString(info.shape())
              + " but the configuration needs " + java.util.Arrays.toString(expectedShape));
    }
    DataType stored;
    int width;
    switch (info.dtype()) {
      case "BF16" -> { stored = DataType.BFLOAT16; width = 2; }
      case "F16" -> { stored = DataType.FLOAT16; width = 2; }
      case "F32" -> { stored = DataType.FLOAT32; width = 4; }
      default -> throw new CheckpointException(
          "tensor " + name + " has data type " + info.dtype() + "; supported: BF16, F16, F32");
    }
    long bytes = info.end() - info.begin();
    if (bytes != info.numel() * width) {
      throw new CheckpointException(
          "tensor " + name + " holds " + bytes + " bytes, expected " + info.numel() * width);
    }
    // A direct buffer holds at most 2 GiB, and a 7B model's embedding widened to float32 is more
    // (152,064 x 3,584 x 4 bytes): read such tensors in slabs of whole rows along the first axis.
    long[] shape = info.shape();
    long rowElements = shape.length == 0 ? 1 : info.numel() / Math.max(1, shape[0]);
    long rows = shape.length == 0 ? 1 : shape[0];
    long rowsPerSlab = Math.max(1, Math.min(rows, chunkBytes / Math.max(1, rowElements * 4)));
    if (rowElements * 4 > Integer.MAX_VALUE - 8) {
      throw new CheckpointException("tensor " + name + " has rows larger than 2 GiB; not supported");
    }
    if (rows <= rowsPerSlab) {
      return loadRows(manager, info, stored, width, 0, rows, shape, target);
    }
    NDList slabs = new NDList();
    try {
      for (long r = 0; r < rows; r += rowsPerSlab) {
        slabs.add(loadRows(manager, info, stored, width, r, Math.min(rows, r + rowsPerSlab), shape, target));
      }
      return ai.djl.ndarray.NDArrays.concat(slabs, 0);
    } finally {
      slabs.close();
    }
  }

  /** Rows [from, to) of a tensor along its first axis, converted to {@code target}. */
  private static NDArray loadRows(
      NDManager manager, TensorInfo info, DataType stored, int width, long from, long to,
      long[] shape, DataType target) {
    long rowElements = shape.length == 0 ? 1 : info.numel() / Math.max(1, shape[0]);
    long elements = (to - from) * rowElements;
    ByteBuffer buf = ByteBuffer.allocateDirect(Math.toIntExact(elements * width))
        .order(ByteOrder.nativeOrder());
    try (FileChannel ch = FileChannel.open(info.file(), StandardOpenOption.READ)) {
      readFully(ch, buf, info.begin() + from * rowElements * width);
    } catch (IOException e) {
      throw new CheckpointException("cannot read tensor " + info.name() + " from " + info.file(), e);
    }
    buf.flip();
    // libtorch through DJL cannot take BF16 bytes directly (it aborts): widen to float32 here,
    // exactly (BF16 is the top half of a float32; FP16 by IEEE rules), then narrow if asked.
    ByteBuffer floats;
    if (stored == DataType.FLOAT32) {
      floats = buf;
    } else {
      floats = ByteBuffer.allocateDirect(Math.toIntExact(elements * 4)).order(ByteOrder.nativeOrder());
      java.nio.ShortBuffer in = buf.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
      java.nio.FloatBuffer out = floats.asFloatBuffer();
      boolean bf16 = stored == DataType.BFLOAT16;
      while (in.hasRemaining()) {
        short h = in.get();
        out.put(bf16 ? Float.intBitsToFloat((h & 0xffff) << 16) : halfToFloat(h));
      }
    }
    long[] slabShape = shape.clone();
    if (slabShape.length > 0) {
      slabShape[0] = to - from;
    }
    // DJL's PyTorch tensors borrow a direct buffer's memory; copy into libtorch-owned memory and
    // release the buffers now rather than whenever the garbage collector gets to them.
    NDArray raw = manager.create(floats, new Shape(slabShape), DataType.FLOAT32);
    NDArray converted = target == DataType.FLOAT32 ? raw.duplicate() : raw.toType(target, false);
    raw.close();
    release(floats);
    if (floats != buf) {
      release(buf);
    }
    return converted;
  }
}
