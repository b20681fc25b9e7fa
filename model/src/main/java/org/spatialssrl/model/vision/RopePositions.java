package org.spatialssrl.model.vision;

import java.util.List;

/**
 * The 3-axis (temporal, height, width) positions of the multimodal rotary embedding for one
 * sequence ({@code get_rope_index} for images): text tokens advance all three axes together;
 * the tokens of an image share the temporal position of its start and spread over its merged
 * grid in height and width; text after an image continues after the largest position used.
 *
 * @param positions {@code 3 x L} positions
 * @param ropeDelta the largest position + 1 minus the length: the offset of positions of tokens
 *     appended later (generated tokens take {@code index + ropeDelta} on every axis)
 */
public record RopePositions(long[][] positions, long ropeDelta) {

  /**
   * Computes the positions of a sequence.
   *
   * @param ids the token ids, with image placeholders expanded to one token per merged patch
   * @param grids the grids of the images, in order of appearance
   * @param imageTokenId the placeholder token
   * @param merge the spatial merge size
   * @return the positions
   * @throws ImageInputException when the placeholders do not match the images
   */
  public static RopePositions of(int[] ids, List<ImageGrid> grids, int imageTokenId, int merge) {
    int len = ids.length;
    long[][] pos = new long[3][len];
    long next = 0;
    int i = 0;
    int image = 0;
    while (i < len) {
      if (ids[i] != imageTokenId) {
        pos[0][i] = next;
        pos[1][i] = next;
        pos[2][i] = next;
        next++;
        i++;
        continue;
      }
      if (image >= grids.size()) {
        throw new ImageInputException(
            "the prompt has more image placeholder runs than images (" + grids.size() + ")");
      }
      ImageGrid g = grids.get(image++);
      int lh = g.h() / merge;
      int lw = g.w() / merge;
      int n = g.tokens(merge);
      if (i + n > len) {
        throw new ImageInputException("image " + image + " needs " + n + " placeholder tokens");
      }
      long start = next;
      long max = start;
      for (int t = 0; t < g.t(); t++) {
        for (int y = 0; y < lh; y++) {
          for (int x = 0; x < lw; x++) {
            int k = i + (t * lh + y) * lw + x;
            if (ids[k] != imageTokenId) {
              throw new ImageInputException(
                  "image " + image + " needs " + n + " consecutive placeholder tokens");
            }
            // Images: the temporal index is 0 (seconds per grid step 0 in the reference).
            pos[0][k] = start;
            pos[1][k] = start + y;
            pos[2][k] = start + x;
            max = Math.max(max, Math.max(start + y, start + x));
          }
        }
      }
      i += n;
      next = max + 1;
    }
    if (image != grids.size()) {
      throw new ImageInputException(
          "the prompt has " + image + " image placeholders but " + grids.size() + " images");
    }
    return new RopePositions(pos, next - len);
  }
}
