package io.jkernels.pipelines.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFilesTest {
  @TempDir Path dir;

  /** Samples on the format's own grid (k / 2^(bits-1)) so that a PCM round trip must be exact. */
  private static Audio onGrid(int channels, int frames, SampleFormat f, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[channels * frames];
    double scale = f.isFloat() ? 0 : Math.scalb(1.0, f.bits() - 1);
    for (int i = 0; i < x.length; i++) {
      double v = rnd.nextDouble(-1, 1);
      x[i] = f.isFloat() ? (float) v : (float) (Math.floor(v * scale) / scale);
    }
    // Full scale both ways: -1 is representable, the largest positive code is 1 - 2^-(bits-1).
    x[0] = -1f;
    if (f != SampleFormat.PCM32 && !f.isFloat()) {
      x[x.length - 1] = (float) (1 - 1 / scale);
    }
    return new Audio(16000, channels, frames, x);
  }

  @Test
  void everyFormatRoundTripsExactlyAtAwkwardSizes() throws IOException {
    for (SampleFormat f : List.of(SampleFormat.PCM16, SampleFormat.PCM24, SampleFormat.PCM32, SampleFormat.FLOAT32)) {
      for (int channels : new int[] {1, 2, 4, 19}) {
        for (int frames : new int[] {1, 7, 1021}) {
          Audio a = onGrid(channels, frames, f, 31L * channels + frames);
          Path p = dir.resolve(f + "-" + channels + "-" + frames + ".wav");
          AudioFiles.writeWav(p, a, f, Map.of());
          Audio b = AudioFiles.read(p);
          assertEquals(a.sampleRate(), b.sampleRate());
          assertEquals(channels, b.channels());
          assertEquals(frames, b.frames());
          // PCM32 goes through float on both sides: floats of 24 significant bits are exact in it too.
          assertArrayEquals(a.samples(), b.samples(), f + " " + channels + "×" + frames);
          try (AudioReader r = AudioFiles.open(p)) {
            assertEquals(f, r.info().format());
          }
        }
      }
    }
  }

  @Test
  void pcmClipsOutOfRangeSamplesAndCountsThem() throws IOException {
    Path p = dir.resolve("clip.wav");
    try (WavWriter w = WavWriter.create(p, 8000, 1, SampleFormat.PCM16, Map.of())) {
      w.write(new float[][] {{1.5f, -2f, 0.5f, 1f}}, 4);
      assertEquals(3, w.clipped()); // 1.0 itself is one code above the largest positive 16-bit value
      w.commit();
    }
    assertArrayEquals(new float[] {32767 / 32768f, -1f, 0.5f, 32767 / 32768f}, AudioFiles.read(p).samples());
  }

  @Test
  void nonFiniteSamplesAreRejectedAndAnUncommittedWriterLeavesNothing() throws IOException {
    Path p = dir.resolve("nan.wav");
    try (WavWriter w = WavWriter.create(p, 8000, 2, SampleFormat.FLOAT32, Map.of())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.write(new float[][] {{0, 0}, {0, Float.NaN}}, 2));
      assertTrue(e.getMessage().contains("in[1][1]"), e.getMessage());
      assertEquals(0, w.frames());
    }
    assertFalse(Files.exists(p));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "no temporary file may survive");
    }
  }

  @Test
  void ambixMetadataIsWrittenAndReadBack() throws IOException {
    Path p = dir.resolve("foa.wav");
    AudioFiles.writeAmbiX(p, onGrid(4, 100, SampleFormat.PCM24, 5), SampleFormat.PCM24);
    try (AudioReader r = AudioFiles.open(p)) {
      assertEquals(1, AmbiX.parse(r.metadata()));
      assertTrue(r.metadata().get("ICMT").contains("channel_order=ACN; normalization=SN3D"));
    }
    assertThrows(IllegalArgumentException.class,
        () -> AmbiX.parse(Map.of("ICMT", "ambisonics=FuMa; order=1; channel_order=FuMa; normalization=maxN")));
    assertEquals(-1, AmbiX.parse(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> AudioFiles.writeAmbiX(p, onGrid(5, 3, SampleFormat.PCM16, 1),
        SampleFormat.PCM16));
  }

  @Test
  void soxReadsOurFilesAndWeReadSoxFiles() throws Exception {
    Tools.require("sox");
    for (SampleFormat f : List.of(SampleFormat.PCM16, SampleFormat.PCM24, SampleFormat.FLOAT32)) {
      Audio a = onGrid(4, 333, f, 77);
      Path ours = dir.resolve("ours-" + f + ".wav");
      AudioFiles.writeAmbiX(ours, a, f);
      String info = Tools.run(List.of("sox", "--i", ours.toString()));
      assertTrue(info.contains("Channels       : 4"), info);
      assertTrue(info.contains("Sample Rate    : 16000"), info);
      assertTrue(info.contains("333 samples"), info);
      // sox decodes our file to raw float32; it must see exactly our samples.
      Path raw = dir.resolve("ours-" + f + ".f32");
      Tools.run(List.of("sox", ours.toString(), "-t", "f32", "-e", "floating-point", "-b", "32", "-L", raw.toString()));
      // sox holds every sample as a 32-bit integer inside and rescales on the way back: float32 returns within a
      // few float ulps (measured 4e-9); 2^-23 absolute is far below any decoding error (a wrong scale or byte order).
      float[] back = planar(Files.readAllBytes(raw), 4);
      assertEquals(a.samples().length, back.length);
      for (int i = 0; i < back.length; i++) {
        assertEquals(a.samples()[i], back[i], f.isFloat() ? 0x1p-23 : 0.0, "sox reading our " + f + " at " + i);
      }
    }
    // A file sox writes (24-bit, 3 channels: WAVE_FORMAT_EXTENSIBLE), against sox's own decoding of it.
    Path theirs = dir.resolve("theirs.wav");
    Tools.run(List.of("sox", "-n", "-r", "22050", "-b", "24", "-c", "3", theirs.toString(), "synth", "0.05",
        "sine", "440", "sine", "1000", "noise"));
    Path raw = dir.resolve("theirs.f32");
    Tools.run(List.of("sox", theirs.toString(), "-t", "f32", "-e", "floating-point", "-b", "32", "-L", raw.toString()));
    Audio ours = AudioFiles.read(theirs);
    assertEquals(22050, ours.sampleRate());
    assertEquals(3, ours.channels());
    assertArrayEquals(planar(Files.readAllBytes(raw), 3), ours.samples());
  }

  /** Interleaved little-endian float32 → planar. */
  static float[] planar(byte[] bytes, int channels) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int frames = bytes.length / 4 / channels;
    float[] out = new float[frames * channels];
    for (int t = 0; t < frames; t++) {
      for (int c = 0; c < channels; c++) {
        out[c * frames + t] = b.getFloat();
      }
    }
    return out;
  }

  @Test
  void flacDecodesToTheSamplesItWasEncodedFrom() throws Exception {
    Tools.require("flac");
    for (SampleFormat f : List.of(SampleFormat.PCM16, SampleFormat.PCM24)) {
      for (int channels : new int[] {1, 2}) {
        Audio a = onGrid(channels, 10007, f, 9 + channels);
        Path wav = dir.resolve("in-" + f + channels + ".wav");
        AudioFiles.writeWav(wav, a, f, Map.of());
        Path flac = dir.resolve("in-" + f + channels + ".flac");
        Tools.run(List.of("flac", "-s", "-f", "-o", flac.toString(), wav.toString()));
        Audio b = AudioFiles.read(flac);
        assertEquals(channels, b.channels());
        assertEquals(a.frames(), b.frames());
        assertArrayEquals(a.samples(), b.samples(), "FLAC " + f + " " + channels);
      }
    }
    Path cut = dir.resolve("cut.flac");
    byte[] whole = Files.readAllBytes(dir.resolve("in-PCM162.flac"));
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThrows(IllegalArgumentException.class, () -> AudioFiles.read(cut));
  }

  @Test
  void malformedFilesGetClearErrors() throws IOException {
    Path good = dir.resolve("good.wav");
    AudioFiles.writeWav(good, onGrid(2, 50, SampleFormat.PCM16, 3), SampleFormat.PCM16, Map.of("ICMT", "x"));
    byte[] g = Files.readAllBytes(good);
    assertMalformed(java.util.Arrays.copyOf(g, 30), "declares 16 bytes but only 10 follow");
    assertMalformed(java.util.Arrays.copyOf(g, 10), "inside a header");
    assertMalformed(java.util.Arrays.copyOf(g, g.length - 120), "cut short");
    byte[] noRiff = g.clone();
    noRiff[0] = 'X';
    assertThrows(IllegalArgumentException.class, () -> AudioFiles.read(write("noriff.wav", noRiff)));
    byte[] tag = g.clone();
    tag[20] = 0x55; // format tag 0x0055 (MP3)
    assertMalformed(tag, "format tag 0x55");
    byte[] chans = g.clone();
    chans[22] = 0;
    chans[23] = 0;
    assertMalformed(chans, "0 channels");
    byte[] hugeFmt = g.clone();
    ByteBuffer.wrap(hugeFmt).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 0x7FFFFFF0);
    assertMalformed(hugeFmt, "declares");
    byte[] align = g.clone();
    align[32] = 3;
    assertMalformed(align, "block align");
    // Random corruption: every outcome is a clean read or an IllegalArgumentException, never anything else.
    SplittableRandom rnd = new SplittableRandom(42);
    for (int trial = 0; trial < 300; trial++) {
      byte[] bad = g.clone();
      for (int k = 0; k < 3; k++) {
        bad[rnd.nextInt(Math.min(bad.length, 64))] = (byte) rnd.nextInt(256);
      }
      Path p = write("fuzz.wav", bad);
      try {
        AudioFiles.read(p);
      } catch (IllegalArgumentException expected) {
        assertTrue(expected.getMessage().contains("fuzz.wav"), expected.getMessage());
      }
    }
  }

  private void assertMalformed(byte[] bytes, String expected) throws IOException {
    Path p = write("bad.wav", bytes);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AudioFiles.read(p));
    assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("bad.wav"), e.getMessage());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }
}
