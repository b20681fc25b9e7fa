package org.spatialssrl.model.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes float tensors to a safetensors file, stored as F32 or as BF16 (rounded to nearest even);
 * enough for the checkpoints that tests and tools create.
 */
public final class SafetensorsWriter {
  /**
   * A tensor to write.
   *
   * @param shape its shape
   * @param data its values in C order
   */
  public record Tensor(long[] shape, float[] data) {}

  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  /**
   * Adds a tensor.
   *
   * @param name the tensor name
   * @param shape its shape
   * @param data its values in C order
   * @return this writer
   */
  public SafetensorsWriter add(String name, long[] shape, float[] data) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(name + ": shape holds " + n + " values, got " + data.length);
    }
    tensors.put(name, new Tensor(shape.clone(), data));
    return this;
  }

  /**
   * The tensors added so far, in order.
   *
   * @return an unmodifiable view by name
   */
  public Map<String, Tensor> tensors() {
    return java.util.Collections.unmodifiableMap(tensors);
  }

  /**
   * Writes the file.
   *
   * @param file the output path
   * @param dtype {@code F32} or {@code BF16}
   * @throws IOException when writing fails
   */
  public void write(Path file, String dtype) throws IOException {
    int width = switch (dtype) {
      case "F32" -> 4;
      case "BF16" -> 2;
      default -> throw new IllegalArgumentException("dtype must be F32 or BF16, got " + dtype);
    };
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", dtype);
      var shape = t.putArray("shape");
      for (long s : e.getValue().shape()) {
        shape.add(s);
      }
      long size = (long) e.getValue().data().length * width;
      t.putArray("data_offsets").add(offset).add(offset + size);
      offset += size;
    }
    byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int pad = (8 - h.length % 8) % 8;
    try (OutputStream out = Files.newOutputStream(file)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      len.putLong(h.length + pad);
      out.write(len.array());
      out.write(h);
      for (int i = 0; i < pad; i++) {
        out.write(' ');
      }
      for (Tensor t : tensors.values()) {
        ByteBuffer b = ByteBuffer.allocate(t.data().length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : t.data()) {
          if (width == 4) {
            b.putFloat(f);
          } else {
            b.putShort(toBf16(f));
          }
        }
        out.write(b.array());
      }
    }
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
}
