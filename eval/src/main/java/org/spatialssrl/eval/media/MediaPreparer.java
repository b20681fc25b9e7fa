package org.spatialssrl.eval.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.spatialssrl.eval.MediaRef;
import org.spatialssrl.eval.ModelSettings;
import org.spatialssrl.eval.PromptPart;
import org.spatialssrl.image.JpegEncoder;
import org.spatialssrl.model.ChatMessage;
import org.spatialssrl.model.vision.ImageInputException;
import org.spatialssrl.model.vision.ImageProcessor;
import org.spatialssrl.model.vision.PillowBicubic;
import org.spatialssrl.model.vision.RgbImage;

/**
 * Turns a benchmark prompt into chat-message parts with {@code data:} image URLs, applying the
 * release's image sizes as {@code qwen_vl_utils.fetch_image} does (an optional forced size, then
 * {@code smart_resize} into the pixel bounds, Pillow's bicubic filter) and sampling video frames.
 * Resized images travel as PNG (lossless); video frames over HTTP as JPEG quality 95, to keep 128
 * frames within a request. Decoded videos are kept in a small cache, since several questions
 * share one video. Thread-safe.
 */
public final class MediaPreparer {
  private static final JpegEncoder JPEG = new JpegEncoder(95);

  private final boolean resizeImages;
  private final boolean jpegFrames;
  private final long cacheBytes;
  private final Map<String, CompletableFuture<Frames>> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long cached;

  /**
   * A preparer.
   *
   * @param resizeImages resize images here (true for the embedded model; for a server, false
   *     sends the released bytes and lets the server apply {@code min_pixels}/{@code max_pixels},
   *     except where a forced size must be applied here)
   * @param jpegFrames encode video frames as JPEG q95 instead of PNG
   * @param cacheBytes the most bytes of encoded frames kept between items
   */
  public MediaPreparer(boolean resizeImages, boolean jpegFrames, long cacheBytes) {
    this.resizeImages = resizeImages;
    this.jpegFrames = jpegFrames;
    this.cacheBytes = cacheBytes;
  }

  /**
   * A prepared prompt.
   *
   * @param parts the message parts (text, and images as {@code data:} URLs)
   * @param media one line per image or video: its size, frames chosen
   */
  public record Prepared(List<ChatMessage.Part> parts, List<String> media) {}

  private record Frames(List<String> urls, String note, long bytes) {}

  /**
   * Prepares a prompt.
   *
   * @param prompt the benchmark's parts
   * @param s the settings (sizes, frames)
   * @return the parts
   * @throws IOException when an image or video cannot be read or decoded (the message names it)
   */
  public Prepared prepare(List<PromptPart> prompt, ModelSettings s) throws IOException {
    List<ChatMessage.Part> parts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (PromptPart p : prompt) {
      if (p instanceof PromptPart.Text t) {
        parts.add(new ChatMessage.Part("text", t.text(), null));
      } else if (p instanceof PromptPart.Media m && m.ref() instanceof MediaRef.VideoFile v) {
        Frames f = frames(v, s);
        f.urls().forEach(u -> parts.add(new ChatMessage.Part("image", null, u)));
        notes.add(f.note());
      } else if (p instanceof PromptPart.Media m) {
        byte[] bytes = m.ref().read();
        String mime = mime(bytes);
        if (!resizeImages && s.resizeWidth() == 0 && mime != null) {
          parts.add(new ChatMessage.Part("image", null, dataUrl(mime, bytes)));
          notes.add("image as released (" + mime + ", " + bytes.length + " bytes)");
          continue;
        }
        RgbImage img = decode(bytes, m.ref());
        if (s.resizeWidth() > 0) {
          img = PillowBicubic.resize(img, s.resizeWidth(), s.resizeHeight());
        }
        img = fit(img, s.imageFactor(), s.minPixels(), s.maxPixels(), m.ref());
        parts.add(new ChatMessage.Part("image", null, dataUrl("image/png", png(img))));
        notes.add("image " + img.width() + "x" + img.height());
      }
    }
    return new Prepared(parts, notes);
  }

  private Frames frames(MediaRef.VideoFile v, ModelSettings s) throws IOException {
    String key = v.path().toAbsolutePath() + "|" + s.maxFrames() + "|" + s.frameMinPixels() + "|"
        + s.frameMaxPixels() + "|" + s.imageFactor();
    CompletableFuture<Frames> mine = new CompletableFuture<>();
    CompletableFuture<Frames> f;
    synchronized (cache) {
      f = cache.putIfAbsent(key, mine);
    }
    if (f == null) {
      f = mine;
      try {
        Frames fr = decodeFrames(v, s);
        mine.complete(fr);
        synchronized (cache) {
          cached += fr.bytes();
          evict();
        }
      } catch (IOException | RuntimeException e) {
        mine.completeExceptionally(e);
        synchronized (cache) {
          cache.remove(key);
        }
      }
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while decoding " + v.path(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("video " + v.path() + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void evict() {
    Iterator<Map.Entry<String, CompletableFuture<Frames>>> it = cache.entrySet().iterator();
    while (cached > cacheBytes && cache.size() > 1 && it.hasNext()) {
      CompletableFuture<Frames> oldest = it.next().getValue();
      if (oldest.isDone() && !oldest.isCompletedExceptionally()) {
        cached -= oldest.join().bytes();
        it.remove();
      }
    }
  }

  private Frames decodeFrames(MediaRef.VideoFile v, ModelSettings s) throws IOException {
    VideoFrames.Sample sample = VideoFrames.sample(v.path(), s.maxFrames());
    List<String> urls = new ArrayList<>();
    long bytes = 0;
    String size = "";
    for (RgbImage frame : sample.frames()) {
      RgbImage r = fit(frame, s.imageFactor(), s.frameMinPixels(), s.frameMaxPixels(), v);
      size = r.width() + "x" + r.height();
      String url = jpegFrames ? dataUrl("image/jpeg", jpeg(r)) : dataUrl("image/png", png(r));
      bytes += url.length();
      urls.add(url);
    }
    return new Frames(List.copyOf(urls), "video " + sample.indices().length + " of " + sample.total()
        + " frames, " + size, bytes);
  }

  /** {@code smart_resize} into the bounds, then Pillow's bicubic resize. */
  private static RgbImage fit(RgbImage img, int factor, int min, int max, MediaRef ref) throws IOException {
    try {
      int[] hw = ImageProcessor.smartResize(img.height(), img.width(), factor, min, max);
      return PillowBicubic.resize(img, hw[1], hw[0]);
    } catch (ImageInputException e) {
      throw new IOException(ref.describe() + ": " + e.getMessage(), e);
    }
  }

  private static RgbImage decode(byte[] bytes, MediaRef ref) throws IOException {
    try {
      return RgbImage.decode(bytes, ref.describe());
    } catch (ImageInputException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * The MIME type of encoded image bytes a server decodes, from their signature.
   *
   * @param b the bytes
   * @return {@code image/png}, {@code image/jpeg}, {@code image/gif}, {@code image/bmp},
   *     {@code image/webp}, or null
   */
  static String mime(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      return "image/jpeg";
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return "image/gif";
    }
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
      return "image/bmp";
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return "image/webp";
    }
    return null;
  }

  private static String dataUrl(String mime, byte[] bytes) {
    return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Lossless PNG bytes of an image (fast deflate: the bytes stay in memory or on loopback).
   *
   * @param img the image
   * @return the PNG file's bytes
   */
  public static byte[] png(RgbImage img) {
    BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
    byte[] src = img.rgb();
    for (int i = 0; i < src.length; i += 3) {
      dst[i] = src[i + 2];
      dst[i + 1] = src[i + 1];
      dst[i + 2] = src[i];
    }
    ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(src.length / 2 + 1024);
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      w.setOutput(ios);
      ImageWriteParam p = w.getDefaultWriteParam();
      if (p.canWriteCompressed()) {
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.8f);
      }
      w.write(null, new IIOImage(bi, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  private static byte[] jpeg(RgbImage img) {
    byte[] src = img.rgb();
    int[] packed = new int[img.width() * img.height()];
    for (int i = 0, j = 0; i < packed.length; i++, j += 3) {
      packed[i] = ((src[j] & 0xFF) << 16) | ((src[j + 1] & 0xFF) << 8) | (src[j + 2] & 0xFF);
    }
    return JPEG.encode(org.spatialssrl.image.RgbImage.of(img.width(), img.height(), packed));
  }
}
