package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.ambisonics.Decoder;
import io.jkernels.ambisonics.SpeakerLayout;
import io.jkernels.pipelines.audio.AmbiX;
import io.jkernels.pipelines.audio.Audio;
import io.jkernels.pipelines.audio.AudioFiles;
import io.jkernels.pipelines.audio.AudioReader;
import io.jkernels.pipelines.audio.SampleFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jkernels ambi} on real WAV files, streamed in blocks that do not divide the length. */
class AmbiCommandTest {
  @TempDir Path dir;
  Path mono;
  float[] x;

  @BeforeEach
  void signal() throws Exception {
    SplittableRandom rnd = new SplittableRandom(5);
    x = new float[7919];
    for (int t = 0; t < x.length; t++) {
      x[t] = (float) Math.floor(rnd.nextDouble(-0.5, 0.5) * 8388608) / 8388608f; // on the 24-bit grid
    }
    mono = dir.resolve("mono.wav");
    AudioFiles.writeWav(mono, new Audio(16000, 1, x.length, x), SampleFormat.PCM24, Map.of());
  }

  private CliTest.Run ok(String... args) {
    CliTest.Run r = CliTest.run(args);
    assertEquals(0, r.code(), r.out() + r.err());
    return r;
  }

  @Test
  void encodeRotateDecode() throws Exception {
    Path foa = dir.resolve("foa.wav");
    CliTest.Run r = ok("ambi", "encode", "-i", mono.toString(), "-o", foa.toString(), "--azimuth", "90", "--format",
        "float32", "--block", "1000");
    assertTrue(r.err().contains("encode: 100%"), r.err());
    Audio b = AudioFiles.read(foa);
    assertEquals(4, b.channels());
    try (AudioReader rd = AudioFiles.open(foa)) {
      assertEquals(1, AmbiX.parse(rd.metadata()));
    }
    int n = x.length;
    for (int t = 0; t < n; t++) {
      // SN3D at azimuth 90°: W = 1, Y = 1, Z = 0, X = cos 90° (ACN order W, Y, Z, X).
      assertEquals(x[t], b.samples()[t], 1e-7f);
      assertEquals(x[t], b.samples()[n + t], 1e-6f);
      assertEquals(0, b.samples()[2 * n + t], 1e-6f);
      assertEquals(0, b.samples()[3 * n + t], 1e-6f);
    }
    Path back = dir.resolve("front.wav");
    ok("ambi", "rotate", "-i", foa.toString(), "-o", back.toString(), "--yaw", "-90", "--block", "777");
    Audio f = AudioFiles.read(back);
    for (int t = 0; t < n; t += 7) {
      assertEquals(0, f.samples()[n + t], 1e-5f);
      assertEquals(x[t], f.samples()[3 * n + t], 1e-5f);
    }
    Path spk = dir.resolve("stereo.wav");
    ok("ambi", "decode", "-i", foa.toString(), "-o", spk.toString(), "--layout", "stereo", "--block", "1234");
    Audio s = AudioFiles.read(spk);
    assertEquals(2, s.channels());
    try (KernelContext ctx = Kernels.open()) {
      float[][] whole = ctx.ambisonics().decode(Decoder.allRad(SpeakerLayout.stereo(), 1), b.samples(), 1);
      for (int c = 0; c < 2; c++) {
        for (int t = 0; t < n; t++) {
          assertEquals(whole[c][t], s.samples()[c * n + t], 1e-6f, "block-wise decode equals the whole-signal one");
        }
      }
    }
    if (Files.isExecutable(Path.of("/usr/bin/sox"))) {
      Process p = new ProcessBuilder("sox", "--i", foa.toString()).redirectErrorStream(true).start();
      String info = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor());
      assertTrue(info.contains("Channels       : 4"), info);
    }
  }

  @Test
  void convolveAcrossBlocksEqualsTheDirectSum() throws Exception {
    SplittableRandom rnd = new SplittableRandom(8);
    int m = 301;
    float[][] h = new float[3][m];
    for (float[] ch : h) {
      for (int k = 0; k < m; k++) {
        ch[k] = (float) (rnd.nextGaussian() * Math.exp(-k / 60.0));
      }
    }
    Path ir = dir.resolve("ir.wav");
    AudioFiles.writeWav(ir, Audio.ofChannels(16000, h), SampleFormat.FLOAT32, Map.of());
    Path out = dir.resolve("wet.wav");
    ok("ambi", "convolve", "-i", mono.toString(), "--ir", ir.toString(), "-o", out.toString(), "--format", "float32",
        "--block", "1000");
    Audio y = AudioFiles.read(out);
    int len = x.length + m - 1;
    assertEquals(len, y.frames());
    for (int c = 0; c < 3; c++) {
      double err = 0;
      double ref = 0;
      for (int t = 0; t < len; t++) {
        double s = 0;
        for (int k = Math.max(0, t - x.length + 1); k <= Math.min(m - 1, t); k++) {
          s += (double) h[c][k] * x[t - k];
        }
        err += (s - y.samples()[c * len + t]) * (s - y.samples()[c * len + t]);
        ref += s * s;
      }
      // float32 FFT convolution of a 301-tap response: relative L2 error ~1e-7; 1e-5 leaves room for the backend.
      assertTrue(Math.sqrt(err / ref) < 1e-5, "channel " + c + ": relative error " + Math.sqrt(err / ref));
    }
  }

  @Test
  void binauralPutsALeftSourceInTheLeftEar() throws Exception {
    Path sofa = Path.of("/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa");
    assumeTrue(Files.isRegularFile(sofa), "libmysofa-dev's MIT KEMAR SOFA file is not installed; .ci/run installs it");
    // MIT KEMAR is at 44.1 kHz: make the test signal at that rate.
    Path m44 = dir.resolve("m44.wav");
    AudioFiles.writeWav(m44, new Audio(44100, 1, x.length, x), SampleFormat.FLOAT32, Map.of());
    Path foa = dir.resolve("left.wav");
    ok("ambi", "encode", "-i", m44.toString(), "-o", foa.toString(), "--azimuth", "90");
    Path ears = dir.resolve("ears.wav");
    ok("ambi", "binaural", "-i", foa.toString(), "-o", ears.toString(), "--sofa", sofa.toString(), "--block", "3000");
    Audio e = AudioFiles.read(ears);
    assertEquals(2, e.channels());
    assertTrue(e.frames() > x.length, "binaural output keeps the HRIR tail");
    double left = 0;
    double right = 0;
    for (int t = 0; t < e.frames(); t++) {
      left += e.samples()[t] * (double) e.samples()[t];
      right += e.samples()[e.frames() + t] * (double) e.samples()[e.frames() + t];
    }
    assertTrue(left > 2 * right, "ILD of a source at +90° (left): left " + left + ", right " + right);
  }

  @Test
  void badInputIsOneLineAndWritesNothing() throws Exception {
    Path stereo = dir.resolve("st.wav");
    AudioFiles.writeWav(stereo, Audio.ofChannels(16000, x, x), SampleFormat.PCM16, Map.of());
    Path out = dir.resolve("never.wav");
    CliTest.Run r = CliTest.run("ambi", "encode", "-i", stereo.toString(), "-o", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("expected a mono signal"), r.err());
    assertFalse(Files.exists(out));
    CliTest.Run five = CliTest.run("ambi", "rotate", "-i", stereo.toString(), "-o", out.toString(), "--yaw", "10");
    assertEquals(2, five.code());
    assertTrue(five.err().contains("(N+1)²"), five.err());
  }
}
