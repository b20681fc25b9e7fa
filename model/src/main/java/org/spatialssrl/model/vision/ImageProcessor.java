package org.spatialssrl.model.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spatialssrl.model.CheckpointException;

/**
 * The Qwen2.5-VL image processor ({@code Qwen2VLImageProcessor}, the slow PIL one): resize by the
 * smart-resize rule with Pillow's bicubic resampling, rescale to 0..1, normalise with the
 * checkpoint's mean and std, and lay out 14-pixel patches (the single frame repeated to fill the
 * temporal patch, patches grouped by the 2x2 spatial merge), exactly as the vision tower expects.
 */
public final class ImageProcessor {
  private final int minPixels;
  private final int maxPixels;
  private final int patchSize;
  private final int temporalPatchSize;
  private final int mergeSize;
  private final float[] mean;
  private final float[] std;
  private final double rescaleFactor;
  private final java.util.function.UnaryOperator<RgbImage> preResize;

  private ImageProcessor(Builder b) {
    this.minPixels = b.minPixels;
    this.maxPixels = b.maxPixels;
    this.patchSize = b.patchSize;
    this.temporalPatchSize = b.temporalPatchSize;
    this.mergeSize = b.mergeSize;
    this.mean = b.mean.clone();
    this.std = b.std.clone();
    this.rescaleFactor = b.rescaleFactor;
    this.preResize = b.preResize;
  }

  /**
   * Starts a builder with the Qwen2.5-VL defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder initialised from a checkpoint's {@code preprocessor_config.json} (the defaults when
   * the file is absent).
   *
   * @param modelDir the checkpoint directory
   * @return a builder
   * @throws CheckpointException when the file exists but cannot be read
   */
  public static Builder builder(Path modelDir) {
    Builder b = new Builder();
    Path f = modelDir.resolve("preprocessor_config.json");
    if (!Files.isRegularFile(f)) {
      return b;
    }
    try {
      JsonNode c = new ObjectMapper().readTree(f.toFile());
      JsonNode size = c.path("size");
      b.minPixels = c.path("min_pixels").asInt(size.path("shortest_edge").asInt(b.minPixels));
      b.maxPixels = c.path("max_pixels").asInt(size.path("longest_edge").asInt(b.maxPixels));
      b.patchSize = c.path("patch_size").asInt(b.patchSize);
      b.temporalPatchSize = c.path("temporal_patch_size").asInt(b.temporalPatchSize);
      b.mergeSize = c.path("merge_size").asInt(b.mergeSize);
      b.rescaleFactor = c.path("rescale_factor").asDouble(b.rescaleFactor);
      if (c.path("image_mean").size() == 3 && c.path("image_std").size() == 3) {
        for (int i = 0; i < 3; i++) {
          b.mean[i] = (float) c.path("image_mean").get(i).asDouble();
          b.std[i] = (float) c.path("image_std").get(i).asDouble();
        }
      }
      return b;
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** Settings of the processor. */
  public static final class Builder {
    private int minPixels = 56 * 56;
    private int maxPixels = 28 * 28 * 1280;
    private int patchSize = 14;
    private int temporalPatchSize = 2;
    private int mergeSize = 2;
    private final float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
    private final float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
    private double rescaleFactor = 1.0 / 255;
    private java.util.function.UnaryOperator<RgbImage> preResize;

    private Builder() {}

    /**
     * A resize applied to each image before the processor's own (a trainer's pixel rule, such as
     * {@link TrainingPixelRule#sft()}); null (default) for none.
     *
     * @param preResize the resize
     * @return this builder
     */
    public Builder optPreResize(java.util.function.UnaryOperator<RgbImage> preResize) {
      this.preResize = preResize;
      return this;
    }

    /**
     * The least number of pixels after resizing ({@code min_pixels}).
     *
     * @param minPixels pixels
     * @return this builder
     */
    public Builder optMinPixels(int minPixels) {
      this.minPixels = minPixels;
      return this;
    }

    /**
     * The most pixels after resizing ({@code max_pixels}).
     *
     * @param maxPixels pixels
     * @return this builder
     */
    public Builder optMaxPixels(int maxPixels) {
      this.maxPixels = maxPixels;
      return this;
    }

    /**
     * The patch side, the temporal patch and the spatial merge size (14, 2, 2 in Qwen2.5-VL).
     *
     * @param patchSize patch side in pixels
     * @param temporalPatchSize frames per temporal patch
     * @param mergeSize patches merged per side
     * @return this builder
     */
    public Builder optPatching(int patchSize, int temporalPatchSize, int mergeSize) {
      this.patchSize = patchSize;
      this.temporalPatchSize = temporalPatchSize;
      this.mergeSize = mergeSize;
      return this;
    }

    /**
     * Builds the processor.
     *
     * @return the processor
     * @throws IllegalArgumentException when the pixel bounds are inconsistent
     */
    public ImageProcessor build() {
      if (minPixels <= 0 || maxPixels < minPixels) {
        throw new IllegalArgumentException(
            "need 0 < min_pixels <= max_pixels, got " + minPixels + " and " + maxPixels);
      }
      if (patchSize <= 0 || temporalPatchSize <= 0 || mergeSize <= 0) {
        throw new IllegalArgumentException("patch sizes must be positive");
      }
      return new ImageProcessor(this);
    }
  }

  /**
   * A copy of this processor with other pixel bounds, as a request may set them.
   *
   * @param minPixels the least pixels
   * @param maxPixels the most pixels
   * @return the processor
   */
  public ImageProcessor withPixelBounds(int minPixels, int maxPixels) {
    return toBuilder().optMinPixels(minPixels).optMaxPixels(maxPixels).build();
  }

  /**
   * A copy of this processor that first resizes each image with a trainer's pixel rule.
   *
   * @param rule the resize (null for none)
   * @return the processor
   */
  public ImageProcessor withPreResize(java.util.function.UnaryOperator<RgbImage> rule) {
    return toBuilder().optPreResize(rule).build();
  }

  private Builder toBuilder() {
    Builder b = new Builder().optMinPixels(minPixels).optMaxPixels(maxPixels)
        .optPatching(patchSize, temporalPatchSize, mergeSize).optPreResize(preResize);
    System.arraycopy(mean, 0, b.mean, 0, 3);
    System.arraycopy(std, 0, b.std, 0, 3);
    b.rescaleFactor = rescaleFactor;
    return b;
  }

  /**
   * The least pixels after resizing.
   *
   * @return {@code min_pixels}
   */
  public int minPixels() {
    return minPixels;
  }

  /**
   * The most pixels after resizing.
   *
   * @return {@code max_pixels}
   */
  public int maxPixels() {
    return maxPixels;
  }

  /**
   * The resized size: sides rounded (half to even, as Python's {@code round}) to multiples of
   * {@code factor}, then scaled down or up, keeping the aspect ratio, when the area leaves
   * {@code [minPixels, maxPixels]}.
   *
   * @param height the original height
   * @param width the original width
   * @param factor the side granularity (patch size times merge size, 28)
   * @param minPixels the least area
   * @param maxPixels the most area
   * @return {@code {height, width}}
   * @throws ImageInputException when the aspect ratio exceeds 200 or the image is too small
   */
  public static int[] smartResize(int height, int width, int factor, int minPixels, int maxPixels) {
    if (height <= 0 || width <= 0) {
      throw new ImageInputException("image has no pixels: " + width + "x" + height);
    }
    if ((double) Math.max(height, width) / Math.min(height, width) > 200) {
      throw new ImageInputException(
          "absolute aspect ratio must be smaller than 200, got " + width + "x" + height
              + "; crop the image first");
    }
    int hBar = (int) (Math.rint((double) height / factor) * factor);
    int wBar = (int) (Math.rint((double) width / factor) * factor);
    if ((long) hBar * wBar > maxPixels) {
      double beta = Math.sqrt((double) height * width / maxPixels);
      hBar = Math.max(factor, (int) (Math.floor(height / beta / factor) * factor));
      wBar = Math.max(factor, (int) (Math.floor(width / beta / factor) * factor));
    } else if ((long) hBar * wBar < minPixels) {
      double beta = Math.sqrt((double) minPixels / ((double) height * width));
      hBar = (int) (Math.ceil(height * beta / factor) * factor);
      wBar = (int) (Math.ceil(width * beta / factor) * factor);
    }
    return new int[] {hBar, wBar};
  }

  /**
   * Processes one image.
   *
   * @param image the RGB image
   * @return the resized image, grid and patch rows
   */
  public ProcessedImage process(RgbImage image) {
    if (preResize != null) {
      image = preResize.apply(image);
    }
    int factor = patchSize * mergeSize;
    int[] hw = smartResize(image.height(), image.width(), factor, minPixels, maxPixels);
    RgbImage resized = PillowBicubic.resize(image, hw[1], hw[0]);
    int h = hw[0];
    int w = hw[1];
    // Rescale (in float64, stored as float32) and normalise (in float32), channel-first.
    float[] chw = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float v = (float) (resized.get(y, x, c) * rescaleFactor);
          chw[(c * h + y) * w + x] = (v - mean[c]) / std[c];
        }
      }
    }
    int gh = h / patchSize;
    int gw = w / patchSize;
    int ms = mergeSize;
    int ps = patchSize;
    int tps = temporalPatchSize;
    int cols = 3 * tps * ps * ps;
    int rowsN = gh * gw;
    float[] out = new float[rowsN * cols];
    // Rows ordered (block row, block col, row in block, col in block); columns (c, t, py, px).
    int r = 0;
    for (int bh = 0; bh < gh / ms; bh++) {
      for (int bw = 0; bw < gw / ms; bw++) {
        for (int mh = 0; mh < ms; mh++) {
          for (int mw = 0; mw < ms; mw++) {
            int py0 = (bh * ms + mh) * ps;
            int px0 = (bw * ms + mw) * ps;
            int o = r * cols;
            for (int c = 0; c < 3; c++) {
              for (int t = 0; t < tps; t++) {
                for (int py = 0; py < ps; py++) {
                  System.arraycopy(chw, (c * h + py0 + py) * w + px0, out, o, ps);
                  o += ps;
                }
              }
            }
            r++;
          }
        }
      }
    }
    return new ProcessedImage(resized, new ImageGrid(1, gh, gw), out, cols);
  }
}
