package org.spatialssrl.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every decoder layer for the tokens seen so far, shaped
 * {@code (batch, kvHeads, length, headDim)} per layer. With a capacity, each layer's buffer is
 * allocated once and written in place, so a decoding step costs the same at any context length;
 * without, the cache grows by concatenation. Owned arrays live in the cache's own manager and are
 * released by {@link #close()}.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final long capacity;
  private long length;

  /**
   * Creates an empty cache that grows by concatenation.
   *
   * @param parent the manager under which the cache allocates its own
   * @param numLayers decoder layers
   */
  public KvCache(NDManager parent, int numLayers) {
    this(parent, numLayers, 0);
  }

  /**
   * Creates an empty cache with room for {@code capacity} positions per sequence.
   *
   * @param parent the manager under which the cache allocates its own
   * @param numLayers decoder layers
   * @param capacity positions to preallocate (prompt plus new tokens); 0 to grow instead
   */
  public KvCache(NDManager parent, int numLayers, long capacity) {
    this.manager = parent.newSubManager();
    this.keys = new NDArray[numLayers];
    this.values = new NDArray[numLayers];
    this.capacity = capacity;
  }

  /**
   * Tokens already cached per sequence (padding included).
   *
   * @return the cached length
   */
  public long length() {
    return length;
  }

  /**
   * Appends one layer's new keys and values and returns the full ones.
   *
   * @param layer the layer index
   * @param k new keys {@code (B, kvHeads, L, D)}
   * @param v new values {@code (B, kvHeads, L, D)}
   * @return the cached plus new keys and values, {@code [k, v]}
   */
  NDArray[] append(int layer, NDArray k, NDArray v) {
    if (capacity > 0) {
      return write(layer, k, v);
    }
    NDArray nk = keys[layer] == null ? k.duplicate() : keys[layer].concat(k, 2);
    NDArray nv = values[layer] == null ? v.duplicate() : values[layer].concat(v, 2);
    nk.attach(manager);
    nv.attach(manager);
    if (keys[layer] != null) {
      keys[layer].close();
      values[layer].close();
    }
    keys[layer] = nk;
    values[layer] = nv;
    if (layer == keys.length - 1) {
      length = nk.getShape().get(2);
    }
    return new NDArray[] {nk, nv};
  }

  private NDArray[] write(int layer, NDArray k, NDArray v) {
    Shape s = k.getShape();
    long end = length + s.get(2);
    if (end > capacity) {
      throw new IllegalStateException("KV cache full: capacity " + capacity + ", need " + end);
    }
    if (keys[layer] == null) {
      Shape full = new Shape(s.get(0), s.get(1), capacity, s.get(3));
      keys[layer] = manager.zeros(full, k.getDataType());
      values[layer] = manager.zeros(full, v.getDataType());
    }
    NDIndex slot = new NDIndex(":, :, {}:{}", length, end);
    keys[layer].set(slot, k);
    values[layer].set(slot, v);
    if (layer == keys.length - 1) {
      length = end;
    }
    // Views of the filled part, owned by the caller's (step) manager.
    NDIndex filled = new NDIndex(":, :, :{}", end);
    return new NDArray[] {
      keys[layer].get(k.getManager(), filled), values[layer].get(k.getManager(), filled)
    };
  }

  /**
   * Keeps only some batch rows (for example after sequences finished).
   *
   * @param rows the row indices to keep, in order
   */
  public void select(long[] rows) {
    try (NDManager tmp = manager.newSubManager()) {
      NDArray idx = tmp.create(rows);
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] == null) {
          continue;
        }
        NDArray nk = keys[i].get(idx);
        NDArray nv = values[i].get(idx);
        nk.attach(manager);
        nv.attach(manager);
        keys[i].close();
        values[i].close();
        keys[i] = nk;
        values[i] = nv;
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
