package org.spatialssrl.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model-side settings a benchmark's released script uses (EVALUATION.md section 2.2):
 * decoding and image sizes. A remote server has to be told them; the embedded model gets images
 * already resized to them.
 *
 * @param maxNewTokens the most new tokens
 * @param temperature 0 for greedy decoding, else the sampling temperature
 * @param topP nucleus mass (1 = off)
 * @param topK candidates kept (0 = all)
 * @param repetitionPenalty the repetition penalty sent to servers (1 = off; the embedded runtime
 *     has none and refuses other values)
 * @param minPixels the least pixels per image after resizing
 * @param maxPixels the most pixels per image after resizing
 * @param resizeWidth a size every image is first resized to (ViewSpatial: 420), 0 for none
 * @param resizeHeight see {@code resizeWidth} (ViewSpatial: 280)
 * @param maxFrames the most video frames sampled (VSI-Bench: 128)
 * @param frameMinPixels the least pixels per video frame
 * @param frameMaxPixels the most pixels per video frame
 * @param imageFactor the side granularity of the vision tower (patch 14 x merge 2 = 28)
 */
public record ModelSettings(
    int maxNewTokens,
    double temperature,
    double topP,
    int topK,
    double repetitionPenalty,
    int minPixels,
    int maxPixels,
    int resizeWidth,
    int resizeHeight,
    int maxFrames,
    int frameMinPixels,
    int frameMaxPixels,
    int imageFactor) {

  /** 28 x 28: the pixel area of one merged Qwen2.5-VL vision token. */
  public static final int TOKEN_PIXELS = 28 * 28;

  /** Validates. */
  public ModelSettings {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
    }
    if (!(temperature >= 0) || !(topP > 0 && topP <= 1) || topK < 0 || !(repetitionPenalty > 0)) {
      throw new IllegalArgumentException("invalid decoding settings: temperature " + temperature
          + ", top_p " + topP + ", top_k " + topK + ", repetition penalty " + repetitionPenalty);
    }
    if (minPixels < 1 || maxPixels < minPixels || frameMinPixels < 1 || frameMaxPixels < frameMinPixels) {
      throw new IllegalArgumentException("pixel bounds must satisfy 1 <= min <= max, got images ["
          + minPixels + ", " + maxPixels + "], frames [" + frameMinPixels + ", " + frameMaxPixels + "]");
    }
    if (resizeWidth < 0 || resizeHeight < 0 || (resizeWidth == 0) != (resizeHeight == 0)) {
      throw new IllegalArgumentException("a forced resize needs both sides, got " + resizeWidth + "x" + resizeHeight);
    }
    if (maxFrames < 1 || imageFactor < 1) {
      throw new IllegalArgumentException("max frames and image factor must be >= 1");
    }
  }

  /**
   * The VLMEvalKit {@code Qwen2VLChat} settings: greedy in effect (temperature 0.01, top-p 0.001,
   * top-k 1, sent here as greedy), 2,048 new tokens, images scaled into [1280, 16384] x 28 x 28
   * pixels (small images are upscaled).
   *
   * @return the settings
   */
  public static ModelSettings vlmEvalKit() {
    return new ModelSettings(2048, 0, 1, 0, 1.0, 1280 * TOKEN_PIXELS, 16384 * TOKEN_PIXELS, 0, 0,
        128, 4 * TOKEN_PIXELS, 16384 * TOKEN_PIXELS, 28);
  }

  /**
   * Greedy decoding, 4,096 new tokens, images within [min, max] pixels (the custom scripts).
   *
   * @param minPixels the least pixels
   * @param maxPixels the most pixels
   * @return the settings
   */
  public static ModelSettings greedy4096(int minPixels, int maxPixels) {
    return new ModelSettings(4096, 0, 1, 0, 1.0, minPixels, maxPixels, 0, 0, 128,
        4 * TOKEN_PIXELS, 16384 * TOKEN_PIXELS, 28);
  }

  /**
   * With another token budget.
   *
   * @param n the most new tokens
   * @return the settings
   */
  public ModelSettings withMaxNewTokens(int n) {
    return new ModelSettings(n, temperature, topP, topK, repetitionPenalty, minPixels, maxPixels,
        resizeWidth, resizeHeight, maxFrames, frameMinPixels, frameMaxPixels, imageFactor);
  }

  /**
   * With other decoding settings.
   *
   * @param t temperature
   * @param p top-p
   * @param k top-k
   * @return the settings
   */
  public ModelSettings withSampling(double t, double p, int k) {
    return new ModelSettings(maxNewTokens, t, p, k, repetitionPenalty, minPixels, maxPixels,
        resizeWidth, resizeHeight, maxFrames, frameMinPixels, frameMaxPixels, imageFactor);
  }

  /**
   * With other image bounds.
   *
   * @param min the least pixels
   * @param max the most pixels
   * @return the settings
   */
  public ModelSettings withImagePixels(int min, int max) {
    return new ModelSettings(maxNewTokens, temperature, topP, topK, repetitionPenalty, min, max,
        resizeWidth, resizeHeight, maxFrames, frameMinPixels, frameMaxPixels, imageFactor);
  }

  /**
   * With a forced resize of every image before the bounds apply.
   *
   * @param width the width
   * @param height the height
   * @return the settings
   */
  public ModelSettings withForcedSize(int width, int height) {
    return new ModelSettings(maxNewTokens, temperature, topP, topK, repetitionPenalty, minPixels,
        maxPixels, width, height, maxFrames, frameMinPixels, frameMaxPixels, imageFactor);
  }

  /**
   * With other video frame settings.
   *
   * @param frames the most frames
   * @param min the least pixels per frame
   * @param max the most pixels per frame
   * @return the settings
   */
  public ModelSettings withFrames(int frames, int min, int max) {
    return new ModelSettings(maxNewTokens, temperature, topP, topK, repetitionPenalty, minPixels,
        maxPixels, resizeWidth, resizeHeight, frames, min, max, imageFactor);
  }

  /**
   * The settings as an ordered map (for the prediction cache key and the reports).
   *
   * @return field name to value
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_new_tokens", maxNewTokens);
    m.put("temperature", temperature);
    m.put("top_p", topP);
    m.put("top_k", topK);
    m.put("repetition_penalty", repetitionPenalty);
    m.put("min_pixels", minPixels);
    m.put("max_pixels", maxPixels);
    if (resizeWidth > 0) {
      m.put("resized_width", resizeWidth);
      m.put("resized_height", resizeHeight);
    }
    m.put("max_frames", maxFrames);
    m.put("frame_min_pixels", frameMinPixels);
    m.put("frame_max_pixels", frameMaxPixels);
    m.put("image_factor", imageFactor);
    return m;
  }
}
