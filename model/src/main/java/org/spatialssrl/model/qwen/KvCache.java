package org.spatialssrl.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of every decoder layer for the tokens seen so far, shaped
 * {@code (batch, kvHeads, length, headDim)} per layer. Owned arrays live in the cache's own manager
 * and are released by {@link #close()}.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private long length;

  /**
   * Creates an empty cache.
   *
   * @param parent the manager under which the cache allocates its own
   * @param numLayers decoder layers
   */
  public KvCache(NDManager parent, int numLayers) {
    this.manager = parent.newSubManager();
    this.keys = new NDArray[numLayers];
    this.values = new NDArray[numLayers];
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
