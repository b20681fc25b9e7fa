package org.spatialssrl.model.vision;

import java.util.ArrayList;
import java.util.List;

/**
 * The token bookkeeping of the vision tower for a list of images: the window reordering of
 * merged units ({@code get_window_index}), the attention segments of window and full-attention
 * blocks, and the (row, column) rotary position of each patch ({@code rot_pos_emb}).
 *
 * @param windowIndex for each merged unit in window order, its index in image order
 * @param windowSegments boundaries of the attention windows in patches, in window order,
 *     starting with 0 (empty windows removed)
 * @param imageSegments boundaries of the images in patches, starting with 0
 * @param rowPos patch row of each patch, in window order
 * @param colPos patch column of each patch, in window order
 */
public record WindowLayout(
    int[] windowIndex, int[] windowSegments, int[] imageSegments, long[] rowPos, long[] colPos) {

  /**
   * Computes the layout.
   *
   * @param grids the images' grids, in order
   * @param merge the spatial merge size
   * @param mergedWindow the window side in merged units
   * @return the layout
   */
  public static WindowLayout of(List<ImageGrid> grids, int merge, int mergedWindow) {
    int unit = merge * merge;
    List<Integer> index = new ArrayList<>();
    List<Integer> windows = new ArrayList<>();
    windows.add(0);
    int[] images = new int[grids.size() + 1];
    int base = 0;
    int patchTotal = 0;
    int units = 0;
    for (ImageGrid g : grids) {
      int lh = g.h() / merge;
      int lw = g.w() / merge;
      // As the reference pads: a full window of padding is added even when the side divides.
      int nwh = (lh + mergedWindow - lh % mergedWindow) / mergedWindow;
      int nww = (lw + mergedWindow - lw % mergedWindow) / mergedWindow;
      for (int t = 0; t < g.t(); t++) {
        for (int wh = 0; wh < nwh; wh++) {
          for (int ww = 0; ww < nww; ww++) {
            int count = 0;
            for (int y = wh * mergedWindow; y < Math.min(lh, (wh + 1) * mergedWindow); y++) {
              for (int x = ww * mergedWindow; x < Math.min(lw, (ww + 1) * mergedWindow); x++) {
                index.add(base + (t * lh + y) * lw + x);
                count++;
              }
            }
            int end = windows.get(windows.size() - 1) + count * unit;
            if (count > 0) {
              windows.add(end);
            }
          }
        }
      }
      base += g.t() * lh * lw;
      patchTotal += g.patches();
      units += g.t() * lh * lw;
    }
    int acc = 0;
    for (int i = 0; i < grids.size(); i++) {
      acc += grids.get(i).patches();
      images[i + 1] = acc;
    }
    // Rotary positions in image order: merged blocks row-major, patches row-major in a block.
    long[] row = new long[patchTotal];
    long[] col = new long[patchTotal];
    int p = 0;
    for (ImageGrid g : grids) {
      for (int t = 0; t < g.t(); t++) {
        for (int by = 0; by < g.h() / merge; by++) {
          for (int bx = 0; bx < g.w() / merge; bx++) {
            for (int my = 0; my < merge; my++) {
              for (int mx = 0; mx < merge; mx++) {
                row[p] = (long) by * merge + my;
                col[p] = (long) bx * merge + mx;
                p++;
              }
            }
          }
        }
      }
    }
    int[] wi = index.stream().mapToInt(Integer::intValue).toArray();
    long[] rowW = new long[patchTotal];
    long[] colW = new long[patchTotal];
    for (int u = 0; u < wi.length; u++) {
      for (int j = 0; j < unit; j++) {
        rowW[u * unit + j] = row[wi[u] * unit + j];
        colW[u * unit + j] = col[wi[u] * unit + j];
      }
    }
    if (wi.length != units) {
      throw new IllegalStateException("window index covers " + wi.length + " of " + units + " units");
    }
    return new WindowLayout(
        wi, windows.stream().mapToInt(Integer::intValue).toArray(), images, rowW, colW);
  }

  /**
   * The inverse of {@link #windowIndex()}: for each merged unit in image order, its place in
   * window order.
   *
   * @return the inverse permutation
   */
  public int[] inverseIndex() {
    int[] inv = new int[windowIndex.length];
    for (int i = 0; i < windowIndex.length; i++) {
      inv[windowIndex[i]] = i;
    }
    return inv;
  }
}
