package io.jkernels.pipelines.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** Opens WAV or FLAC by content (not by name), and reads or writes whole signals. */
public final class AudioFiles {
  /** Frames per block when a whole file is streamed. */
  static final int BLOCK = 1 << 14;

  private AudioFiles() {}

  /** Opens a WAV ({@code RIFF....WAVE}) or FLAC ({@code fLaC}) file, told apart by its first bytes. */
  public static AudioReader open(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    byte[] magic = new byte[4];
    int got;
    try (InputStream in = Files.newInputStream(path)) {
      got = in.readNBytes(magic, 0, 4);
    }
    String m = new String(magic, 0, got, java.nio.charset.StandardCharsets.ISO_8859_1);
    return switch (m) {
      case "RIFF" -> WavReader.open(path);
      case "fLaC" -> FlacReader.open(path);
      default -> throw new IllegalArgumentException(path + ": neither WAV (RIFF) nor FLAC (fLaC)");
    };
  }

  /** True for names this package reads: {@code .wav} and {@code .flac}, any case. */
  public static boolean isAudioName(Path path) {
    String n = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".wav") || n.endsWith(".flac");
  }

  /** Reads a whole file into memory (at most 2³¹−1 samples). */
  public static Audio read(Path path) throws IOException {
    try (AudioReader r = open(path)) {
      AudioInfo info = r.info();
      long total = info.frames() * info.channels();
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(path + ": " + info.frames() + " frames × " + info.channels()
            + " channels do not fit one array; stream it with open()");
      }
      int frames = (int) info.frames();
      float[][] chans = new float[info.channels()][frames];
      int done = 0;
      float[][] block = new float[info.channels()][BLOCK];
      while (done < frames) {
        int n = r.read(block, Math.min(BLOCK, frames - done));
        if (n == 0) {
          throw new IllegalArgumentException(path + ": ended after " + done + " of " + frames + " frames");
        }
        for (int c = 0; c < chans.length; c++) {
          System.arraycopy(block[c], 0, chans[c], done, n);
        }
        done += n;
      }
      return Audio.ofChannels(info.sampleRate(), chans);
    }
  }

  /** Writes a whole planar signal as WAV, atomically. */
  public static void writeWav(Path target, Audio audio, SampleFormat format, Map<String, String> metadata)
      throws IOException {
    Objects.requireNonNull(audio, "audio");
    try (WavWriter w = WavWriter.create(target, audio.sampleRate(), audio.channels(), format, metadata)) {
      w.writePlanar(audio.samples(), audio.frames());
      w.commit();
    }
  }

  /** Writes a B-format signal (planar, ACN/SN3D) as an AmbiX WAV with the convention recorded in LIST/INFO. */
  public static void writeAmbiX(Path target, Audio bformat, SampleFormat format) throws IOException {
    Objects.requireNonNull(bformat, "bformat");
    writeWav(target, bformat, format, AmbiX.metadata(AmbiX.orderOf(bformat.channels())));
  }
}
