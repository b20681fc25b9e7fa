package org.spatialssrl.eval.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.spatialssrl.model.vision.RgbImage;

/**
 * Video frames as the released VSI-Bench script samples them ({@code vsi_infer.uniform_sample_frames}
 * with decord): the frame count is the number of the video stream's packets; with more than
 * {@code max} frames, the indices are {@code np.linspace(0, total-1, max).round()}; frames are
 * decoded sequentially (no seeking) and the chosen ones kept as 8-bit RGB. Decoding uses
 * FFmpeg's libraries through the bytedeco binding (natives in the jar), never a system binary.
 */
public final class VideoFrames {
  static {
    av_log_set_level(AV_LOG_ERROR);
  }

  private VideoFrames() {}

  /**
   * The sampled frames of a video.
   *
   * @param total the frame count
   * @param indices the chosen indices
   * @param frames the frames, in index order
   */
  public record Sample(int total, int[] indices, List<RgbImage> frames) {}

  /**
   * The frame indices the release takes: all when {@code total <= max}, else numpy's
   * {@code linspace(0, total - 1, max)} rounded half to even.
   *
   * @param total the frame count
   * @param max the most frames
   * @return the indices, ascending
   */
  public static int[] indices(int total, int max) {
    if (total <= max) {
      int[] all = new int[total];
      for (int i = 0; i < total; i++) {
        all[i] = i;
      }
      return all;
    }
    double step = (total - 1) / (double) (max - 1);
    int[] idx = new int[max];
    for (int i = 0; i < max; i++) {
      idx[i] = (int) Math.rint(i * step);
    }
    idx[max - 1] = total - 1;
    return idx;
  }

  /**
   * Counts and samples a video's frames.
   *
   * @param video the file
   * @param max the most frames
   * @return the sample
   * @throws IOException when the file is missing or FFmpeg cannot demux or decode it
   */
  public static Sample sample(Path video, int max) throws IOException {
    if (!Files.isRegularFile(video)) {
      throw new IOException("video " + video + " does not exist");
    }
    int total = countPackets(video);
    if (total == 0) {
      throw new IOException("video " + video + " has no video frames");
    }
    int[] idx = indices(total, max);
    return new Sample(total, idx, decode(video, idx));
  }

  /** A demuxing pass: the video stream's packet count (decord's {@code len(vr)}). */
  static int countPackets(Path video) throws IOException {
    AVFormatContext fmt = open(video);
    AVPacket pkt = av_packet_alloc();
    try {
      int stream = videoStream(fmt, video);
      int n = 0;
      while (av_read_frame(fmt, pkt) >= 0) {
        if (pkt.stream_index() == stream) {
          n++;
        }
        av_packet_unref(pkt);
      }
      return n;
    } finally {
      av_packet_free(pkt);
      avformat_close_input(fmt);
    }
  }

  private static List<RgbImage> decode(Path video, int[] idx) throws IOException {
    AVFormatContext fmt = open(video);
    AVPacket pkt = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    AVCodecContext ctx = null;
    Converter conv = new Converter();
    List<RgbImage> out = new ArrayList<>(idx.length);
    try {
      int stream = videoStream(fmt, video);
      AVCodecParameters par = fmt.streams(stream).codecpar();
      AVCodec codec = avcodec_find_decoder(par.codec_id());
      if (codec == null) {
        throw new IOException("video " + video + ": no decoder for its codec in this FFmpeg build");
      }
      ctx = avcodec_alloc_context3(codec);
      check(avcodec_parameters_to_context(ctx, par), video, "reading the codec parameters");
      ctx.thread_count(1);
      check(avcodec_open2(ctx, codec, (AVDictionary) null), video, "opening the decoder");
      int[] k = {0};
      while (av_read_frame(fmt, pkt) >= 0 && out.size() < idx.length) {
        if (pkt.stream_index() == stream) {
          check(avcodec_send_packet(ctx, pkt), video, "decoding");
          drain(ctx, frame, conv, idx, k, out);
        }
        av_packet_unref(pkt);
      }
      if (out.size() < idx.length) {
        avcodec_send_packet(ctx, null); // flush the frames the decoder still holds
        drain(ctx, frame, conv, idx, k, out);
      }
      if (out.size() < idx.length) {
        throw new IOException("video " + video + ": decoded " + k[0] + " frames, but its stream has "
            + (idx[idx.length - 1] + 1) + " or more packets");
      }
      return out;
    } finally {
      conv.close();
      av_frame_free(frame);
      av_packet_free(pkt);
      if (ctx != null) {
        avcodec_free_context(ctx);
      }
      avformat_close_input(fmt);
    }
  }

  private static void drain(AVCodecContext ctx, AVFrame frame, Converter conv, int[] idx, int[] k,
      List<RgbImage> out) {
    while (avcodec_receive_frame(ctx, frame) == 0) {
      int index = k[0]++;
      // the same index can be chosen twice only when total < max, which takes all frames once
      while (out.size() < idx.length && idx[out.size()] == index) {
        out.add(conv.rgb(frame));
      }
    }
  }

  private static AVFormatContext open(Path video) throws IOException {
    AVFormatContext fmt = new AVFormatContext(null);
    check(avformat_open_input(fmt, video.toAbsolutePath().toString(), null, null), video, "opening");
    if (avformat_find_stream_info(fmt, (PointerPointer<?>) null) < 0) {
      avformat_close_input(fmt);
      throw new IOException("video " + video + ": cannot read its stream information");
    }
    return fmt;
  }

  private static int videoStream(AVFormatContext fmt, Path video) throws IOException {
    int s = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
    if (s < 0) {
      throw new IOException("video " + video + " has no video stream");
    }
    return s;
  }

  private static void check(int code, Path video, String what) throws IOException {
    if (code < 0) {
      BytePointer buf = new BytePointer(256);
      av_strerror(code, buf, 256);
      String msg = buf.getString();
      buf.close();
      throw new IOException("video " + video + ": FFmpeg failed " + what + " (" + msg + ")");
    }
  }

  /** Converts decoded frames to packed RGB at their own size. */
  private static final class Converter implements AutoCloseable {
    private SwsContext sws;
    private AVFrame rgb;
    private int w = -1;
    private int h = -1;
    private int fmt = -1;

    RgbImage rgb(AVFrame f) {
      if (f.width() != w || f.height() != h || f.format() != fmt) {
        close();
        w = f.width();
        h = f.height();
        fmt = f.format();
        sws = sws_getContext(w, h, fmt, w, h, AV_PIX_FMT_RGB24, SWS_BICUBIC, null, null, (DoublePointer) null);
        rgb = av_frame_alloc();
        rgb.format(AV_PIX_FMT_RGB24);
        rgb.width(w);
        rgb.height(h);
        av_frame_get_buffer(rgb, 1);
      }
      sws_scale(sws, f.data(), f.linesize(), 0, h, rgb.data(), rgb.linesize());
      byte[] px = new byte[w * h * 3];
      int stride = rgb.linesize(0);
      BytePointer data = rgb.data(0);
      for (int y = 0; y < h; y++) {
        data.position((long) y * stride).get(px, y * w * 3, w * 3);
      }
      data.position(0);
      return new RgbImage(w, h, px);
    }

    @Override
    public void close() {
      if (sws != null) {
        sws_freeContext(sws);
        sws = null;
      }
      if (rgb != null) {
        av_frame_free(rgb);
        rgb = null;
      }
    }
  }
}
