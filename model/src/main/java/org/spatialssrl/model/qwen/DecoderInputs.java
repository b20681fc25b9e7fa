package org.spatialssrl.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Builds the arrays the decoder takes for a batch of sequences padded on the left: token ids,
 * 3-axis text positions and the additive attention bias. Positions count real tokens only, so a
 * padded sequence sees the same positions as it would alone.
 */
public final class DecoderInputs {
  private DecoderInputs() {}

  /**
   * Left-pads token sequences.
   *
   * @param seqs the sequences
   * @param padId the padding token
   * @return the padded ids, row-major {@code (B, L)}, and the validity mask
   */
  public static Padded leftPad(List<int[]> seqs, int padId) {
    int b = seqs.size();
    int len = 0;
    for (int[] s : seqs) {
      len = Math.max(len, s.length);
    }
    long[] ids = new long[b * len];
    boolean[][] valid = new boolean[b][len];
    for (int r = 0; r < b; r++) {
      int[] s = seqs.get(r);
      int off = len - s.length;
      for (int i = 0; i < len; i++) {
        boolean v = i >= off;
        ids[r * len + i] = v ? s[i - off] : padId;
        valid[r][i] = v;
      }
    }
    return new Padded(b, len, ids, valid);
  }

  /**
   * A left-padded batch.
   *
   * @param batch rows
   * @param length padded length
   * @param ids token ids, row-major
   * @param valid true for real tokens
   */
  public record Padded(int batch, int length, long[] ids, boolean[][] valid) {
    /**
     * The ids as an INT64 array {@code (B, L)}.
     *
     * @param m the manager
     * @return the array
     */
    public NDArray idsArray(NDManager m) {
      return m.create(ids, new Shape(batch, length));
    }

    /**
     * Text positions {@code (3, B, L)}: 0, 1, 2, ... over the real tokens of each row (0 on
     * padding).
     *
     * @param m the manager
     * @return the positions, INT64
     */
    public NDArray positions(NDManager m) {
      long[] pos = new long[batch * length];
      for (int r = 0; r < batch; r++) {
        long p = 0;
        for (int i = 0; i < length; i++) {
          pos[r * length + i] = valid[r][i] ? p++ : 0;
        }
      }
      return repeat3(m, pos, batch, length);
    }

    /**
     * The next position of each row: the number of real tokens.
     *
     * @return one count per row
     */
    public long[] realLengths() {
      long[] n = new long[batch];
      for (int r = 0; r < batch; r++) {
        for (boolean v : valid[r]) {
          n[r] += v ? 1 : 0;
        }
      }
      return n;
    }
  }

  /**
   * Stacks the same positions on the three rotary axes.
   *
   * @param m the manager
   * @param pos positions, row-major {@code (B, L)}
   * @param batch rows
   * @param length columns
   * @return INT64 {@code (3, B, L)}
   */
  public static NDArray repeat3(NDManager m, long[] pos, int batch, int length) {
    long[] all = new long[3 * pos.length];
    for (int a = 0; a < 3; a++) {
      System.arraycopy(pos, 0, all, a * pos.length, pos.length);
    }
    return m.create(all, new Shape(3, batch, length));
  }

  /**
   * The additive attention bias {@code (B, 1, 1, Lq, T)} for queries at the last {@code Lq} of
   * {@code T} positions: a query may see keys at or before its own position that are valid.
   *
   * @param m the manager
   * @param keyValid per row, validity of key positions (at least {@code keyLen} of them)
   * @param keyLen {@code T}, the number of key positions (cached and new)
   * @param queryLen the number of new (query) positions
   * @param type the compute type
   * @return the bias
   */
  public static NDArray causalBias(
      NDManager m, boolean[][] keyValid, int keyLen, int queryLen, DataType type) {
    int b = keyValid.length;
    int t = keyLen;
    int past = t - queryLen;
    float[] bias = new float[b * queryLen * t];
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < queryLen; i++) {
        int base = (r * queryLen + i) * t;
        for (int j = 0; j < t; j++) {
          bias[base + j] = (j <= past + i && keyValid[r][j]) ? 0f : QwenDecoder.MASKED;
        }
      }
    }
    NDArray a = m.create(bias, new Shape(b, 1, 1, queryLen, t));
    return type == DataType.FLOAT32 ? a : a.toType(type, false);
  }
}
