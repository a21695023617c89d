package io.jkernels.pipelines.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;
import org.jflac.metadata.VorbisComment;
import org.jflac.util.ByteData;

/**
 * Reads FLAC (the format LibriSpeech ships) in pure Java through jflac, frame by frame. Integer samples of
 * {@code b} bits map to {@code s / 2^(b-1)} as for WAV. A stream that ends before the sample count its STREAMINFO
 * declares, or that jflac cannot decode, is an {@link IllegalArgumentException} naming the file.
 */
public final class FlacReader implements AudioReader {
  private final Path path;
  private final InputStream in;
  private final FLACDecoder decoder;
  private final AudioInfo info;
  private final Map<String, String> metadata;
  private final int bits;
  private final ByteData scratch = new ByteData(0);
  private int[][] pending = new int[0][];
  private int pendingFrom;
  private int pendingTo;
  private long delivered;

  private FlacReader(Path path, InputStream in, FLACDecoder decoder, AudioInfo info, Map<String, String> metadata,
      int bits) {
    this.path = path;
    this.in = in;
    this.decoder = decoder;
    this.info = info;
    this.metadata = metadata;
    this.bits = bits;
  }

  public static FlacReader open(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    try {
      FLACDecoder decoder = new FLACDecoder(in);
      Metadata[] blocks = decoder.readMetadata();
      StreamInfo si = decoder.getStreamInfo();
      if (si == null) {
        throw bad(path, "no STREAMINFO block");
      }
      int bps = si.getBitsPerSample();
      SampleFormat format = switch (bps) {
        case 8 -> SampleFormat.PCM8;
        case 16 -> SampleFormat.PCM16;
        case 24 -> SampleFormat.PCM24;
        case 32 -> SampleFormat.PCM32;
        default -> {
          if (bps < 4 || bps > 32) {
            throw bad(path, bps + " bits per sample");
          }
          yield SampleFormat.PCM24; // odd depths (12, 20 bits) are scaled by their own width below
        }
      };
      if (si.getTotalSamples() <= 0) {
        throw bad(path, "STREAMINFO does not state the sample count (streamed FLAC is not supported)");
      }
      Map<String, String> meta = new LinkedHashMap<>();
      for (Metadata m : blocks) {
        if (m instanceof VorbisComment vc) {
          for (int i = 0; i < vc.getNumComments(); i++) {
            String kv = vc.getComment(i).toString();
            int eq = kv.indexOf('=');
            if (eq > 0) {
              meta.put(kv.substring(0, eq).toUpperCase(Locale.ROOT), kv.substring(eq + 1));
            }
          }
        }
      }
      FlacReader r = new FlacReader(path, in, decoder,
          new AudioInfo(si.getSampleRate(), si.getChannels(), si.getTotalSamples(), format),
          Collections.unmodifiableMap(meta), bps);
      return r;
    } catch (IOException | IllegalArgumentException e) {
      in.close();
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException(path + ": malformed FLAC: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      in.close();
      throw new IllegalArgumentException(path + ": malformed FLAC: " + e, e);
    }
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public int read(float[][] out, int maxFrames) throws IOException {
    int channels = info.channels();
    AudioReader.checkReadTarget(out, maxFrames, channels);
    double s = 1.0 / (1L << (bits - 1));
    int n = 0;
    while (n < maxFrames && delivered < info.frames()) {
      if (pendingFrom == pendingTo && !nextFrame()) {
        throw bad(path, "ended after " + delivered + " of the " + info.frames() + " samples STREAMINFO declares");
      }
      int take = (int) Math.min(Math.min(maxFrames - n, pendingTo - pendingFrom), info.frames() - delivered);
      for (int c = 0; c < channels; c++) {
        int[] src = pending[c];
        float[] dst = out[c];
        for (int i = 0; i < take; i++) {
          dst[n + i] = (float) (src[pendingFrom + i] * s);
        }
      }
      pendingFrom += take;
      n += take;
      delivered += take;
    }
    return n;
  }

  private boolean nextFrame() throws IOException {
    Frame frame;
    try {
      frame = decoder.readNextFrame();
      if (frame == null) {
        return false;
      }
      decoder.decodeFrame(frame, scratch);
    } catch (IOException e) {
      if (decoder.isEOF()) {
        return false;
      }
      throw new IllegalArgumentException(path + ": malformed FLAC frame: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(path + ": malformed FLAC frame: " + e, e);
    }
    int block = frame.header.blockSize;
    if (frame.header.channels != info.channels()) {
      throw bad(path, "a frame with " + frame.header.channels + " channels in a " + info.channels()
          + "-channel stream");
    }
    ChannelData[] data = decoder.getChannelData();
    if (pending.length != info.channels()) {
      pending = new int[info.channels()][];
    }
    for (int c = 0; c < info.channels(); c++) {
      int[] o = data[c].getOutput();
      if (o.length < block) {
        throw bad(path, "a frame shorter than its block size");
      }
      if (pending[c] == null || pending[c].length < block) {
        pending[c] = new int[Math.max(block, 4608)];
      }
      System.arraycopy(o, 0, pending[c], 0, block);
    }
    pendingFrom = 0;
    pendingTo = block;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static IllegalArgumentException bad(Path path, String what) {
    return new IllegalArgumentException(path + ": malformed FLAC: " + what);
  }
}
