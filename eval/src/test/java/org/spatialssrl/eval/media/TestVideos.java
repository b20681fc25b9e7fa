package org.spatialssrl.eval.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/** Writes small test videos with FFmpeg's own MPEG-4 encoder (no B-frames: one packet a frame). */
public final class TestVideos {
  private TestVideos() {}

  /**
   * Writes an mp4 whose frame {@code i} is a flat grey of luma {@code 16 + step * i}.
   *
   * @param file the file
   * @param frames the frame count
   * @param width the width (even)
   * @param height the height (even)
   * @param step the luma step per frame
   * @return the file
   * @throws IOException when FFmpeg fails
   */
  public static Path greyRamp(Path file, int frames, int width, int height, int step) throws IOException {
    AVFormatContext oc = new AVFormatContext(null);
    check(avformat_alloc_output_context2(oc, null, null, file.toString()), "allocating the muxer");
    AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
    AVStream st = avformat_new_stream(oc, null);
    AVCodecContext c = avcodec_alloc_context3(codec);
    c.width(width);
    c.height(height);
    c.pix_fmt(AV_PIX_FMT_YUV420P);
    c.time_base(new AVRational().num(1).den(10));
    c.framerate(new AVRational().num(10).den(1));
    c.gop_size(5);
    c.max_b_frames(0);
    c.bit_rate(400_000);
    if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
      c.flags(c.flags() | (1 << 22)); // AV_CODEC_FLAG_GLOBAL_HEADER
    }
    check(avcodec_open2(c, codec, (AVDictionary) null), "opening the encoder");
    check(avcodec_parameters_from_context(st.codecpar(), c), "copying codec parameters");
    st.time_base(c.time_base());
    AVIOContext pb = new AVIOContext(null);
    check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "opening " + file);
    oc.pb(pb);
    check(avformat_write_header(oc, (AVDictionary) null), "writing the header");
    AVFrame f = av_frame_alloc();
    f.format(AV_PIX_FMT_YUV420P);
    f.width(width);
    f.height(height);
    check(av_frame_get_buffer(f, 0), "allocating a frame");
    AVPacket pkt = av_packet_alloc();
    for (int i = 0; i < frames; i++) {
      check(av_frame_make_writable(f), "making the frame writable");
      fill(f.data(0), f.linesize(0), width, height, 16 + step * i);
      fill(f.data(1), f.linesize(1), width / 2, height / 2, 128);
      fill(f.data(2), f.linesize(2), width / 2, height / 2, 128);
      f.pts(i);
      check(avcodec_send_frame(c, f), "encoding");
      write(oc, c, st, pkt);
    }
    avcodec_send_frame(c, null);
    write(oc, c, st, pkt);
    av_write_trailer(oc);
    av_packet_free(pkt);
    av_frame_free(f);
    avcodec_free_context(c);
    avio_closep(oc.pb());
    avformat_free_context(oc);
    return file;
  }

  private static void fill(BytePointer p, int stride, int w, int h, int value) {
    byte[] row = new byte[w];
    java.util.Arrays.fill(row, (byte) value);
    for (int y = 0; y < h; y++) {
      p.position((long) y * stride).put(row, 0, w);
    }
    p.position(0);
  }

  private static void write(AVFormatContext oc, AVCodecContext c, AVStream st, AVPacket pkt) throws IOException {
    while (avcodec_receive_packet(c, pkt) == 0) {
      pkt.duration(1); // one frame; without it the last sample falls outside mp4's edit list
      av_packet_rescale_ts(pkt, c.time_base(), st.time_base());
      pkt.stream_index(st.index());
      check(av_interleaved_write_frame(oc, pkt), "writing a packet");
    }
  }

  private static void check(int code, String what) throws IOException {
    if (code < 0) {
      throw new IOException("FFmpeg failed " + what + " (" + code + ")");
    }
  }
}
