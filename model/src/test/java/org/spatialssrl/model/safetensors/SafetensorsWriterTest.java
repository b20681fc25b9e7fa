package org.spatialssrl.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spatialssrl.model.DjlRuntime;

class SafetensorsWriterTest {

  @Test
  void halfPrecisionRoundsToNearestEven() {
    assertEquals((short) 0x3c00, SafetensorsWriter.toF16(1f));
    assertEquals((short) 0xc000, SafetensorsWriter.toF16(-2f));
    assertEquals((short) 0x7bff, SafetensorsWriter.toF16(65504f));
    assertEquals((short) 0x7c00, SafetensorsWriter.toF16(65520f)); // rounds up to infinity
    assertEquals((short) 0x0001, SafetensorsWriter.toF16(0x1p-24f)); // smallest subnormal
    assertEquals((short) 0x0000, SafetensorsWriter.toF16(0x1p-25f)); // tie to even: 0
    assertEquals((short) 0x0400, SafetensorsWriter.toF16(0x1p-14f)); // smallest normal
    // 1 + 2^-11 is halfway between 1 and the next half; ties go to the even mantissa (1).
    assertEquals((short) 0x3c00, SafetensorsWriter.toF16(1f + 0x1p-11f));
    assertEquals((short) 0x3c02, SafetensorsWriter.toF16(1f + 3 * 0x1p-11f));
    for (float f : new float[] {0.1f, -3.14159f, 1e-5f, 1000.5f, 6e-8f}) {
      float back = SafetensorsCheckpoint.halfToFloat(SafetensorsWriter.toF16(f));
      assertEquals(f, back, Math.abs(f) * 1e-3 + 6e-8, "value " + f);
    }
  }

  @Test
  void streamedArraysAndMetadataRoundTrip(@TempDir Path dir) throws Exception {
    DjlRuntime.configure();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[] values = new float[6 * 5];
      for (int i = 0; i < values.length; i++) {
        values[i] = i * 0.25f - 3;
      }
      NDArray a = m.create(values, new Shape(6, 5));
      Path file = dir.resolve("t.safetensors");
      new SafetensorsWriter()
          .metadata("format", "pt")
          .add("a", new long[] {6, 5}, "F32", SafetensorsWriter.Values.of(a))
          .add("b", new long[] {6, 5}, "BF16", SafetensorsWriter.Values.of(a))
          .add("c", new long[] {2}, new float[] {1.5f, -2f})
          .write(file, "F16");
      assertEquals(Map.of("format", "pt"), SafetensorsCheckpoint.readMetadata(file));
      SafetensorsCheckpoint ck = SafetensorsCheckpoint.openFile(file);
      assertEquals("F32", ck.tensors().get("a").dtype());
      assertEquals("BF16", ck.tensors().get("b").dtype());
      assertEquals("F16", ck.tensors().get("c").dtype());
      assertArrayEquals(values, ck.load(m, "a", new long[] {6, 5}, DataType.FLOAT32).toFloatArray());
      assertArrayEquals(values, ck.load(m, "b", null, DataType.FLOAT32).toFloatArray()); // exact in BF16
      assertArrayEquals(new float[] {1.5f, -2f}, ck.load(m, "c", null, DataType.FLOAT32).toFloatArray());
    }
  }

  @Test
  void tensorsReadInSlabsEqualOneRead(@TempDir Path dir) throws Exception {
    // Tensors over 2 GiB in float32 (a 7B embedding) are read in slabs of rows; a 28-byte
    // slab limit makes this 7x5 tensor go through that path in 7 one-row slabs.
    DjlRuntime.configure();
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[] values = new float[7 * 5];
      for (int i = 0; i < values.length; i++) {
        values[i] = i * 0.5f - 7;
      }
      NDArray a = m.create(values, new Shape(7, 5));
      Path file = dir.resolve("t.safetensors");
      new SafetensorsWriter()
          .add("f32", new long[] {7, 5}, "F32", SafetensorsWriter.Values.of(a))
          .add("bf16", new long[] {7, 5}, "BF16", SafetensorsWriter.Values.of(a))
          .write(file, "F32");
      SafetensorsCheckpoint slabbed = SafetensorsCheckpoint.openFile(file).withChunkBytes(28);
      for (String name : new String[] {"f32", "bf16"}) {
        NDArray read = slabbed.load(m, name, new long[] {7, 5}, DataType.FLOAT32);
        assertEquals(new Shape(7, 5), read.getShape(), name);
        assertArrayEquals(values, read.toFloatArray(), name);
        NDArray half = slabbed.load(m, name, null, DataType.FLOAT16);
        assertEquals(DataType.FLOAT16, half.getDataType(), name);
        assertArrayEquals(values, half.toType(DataType.FLOAT32, false).toFloatArray(), name);
      }
    }
  }
}
