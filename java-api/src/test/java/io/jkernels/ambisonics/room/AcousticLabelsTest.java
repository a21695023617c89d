package io.jkernels.ambisonics.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The labels on synthetic responses whose answers are known in closed form. */
class AcousticLabelsTest {
  private static final int FS = 16000;

  /** Gaussian noise under an exponential energy envelope of decay time t60, plus white noise at noiseDb. */
  static float[] decay(double t60, double seconds, double noiseDb, long seed) {
    return decay(t60, seconds, noiseDb, seed, FS);
  }

  static float[] decay(double t60, double seconds, double noiseDb, long seed, int fs) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = (int) (seconds * fs);
    float[] h = new float[n];
    double noise = Math.pow(10, noiseDb / 20);
    for (int t = 0; t < n; t++) {
      double envelope = Math.exp(-3 * Math.log(10) * t / (t60 * fs));
      h[t] = (float) (envelope * random.nextGaussian() + noise * random.nextGaussian());
    }
    h[0] = 4; // a clear onset
    return h;
  }

  @Test
  void decayTimesOfNoiseFreeExponentials() {
    for (double t60 : new double[] {0.2, 0.5, 1.1}) {
      // At 48 kHz: a noise realisation's EDC wobbles about the exponential by ~1/√(samples per e-fold of energy)
      // (≥ 700 samples here: ~0.15 dB), which moves the fitted slope by up to ~3 % over T20's range; EDT's 10 dB
      // range, with the onset spike inside it, is looser (8 %).
      int fs = 48000;
      float[] h = decay(t60, 1.5 * t60 + 0.3, -300, 1, fs);
      assertEquals(t60, AcousticLabels.t30(h, fs), 0.03 * t60, "T30 of " + t60);
      assertEquals(t60, AcousticLabels.t20(h, fs), 0.04 * t60, "T20 of " + t60);
      assertEquals(t60, AcousticLabels.edt(h, fs), 0.08 * t60, "EDT of " + t60);
    }
  }

  @Test
  void decayTimesWithANoiseFloor() {
    for (double t60 : new double[] {0.3, 0.8}) {
      // Noise 60 dB under the decay's start: the EDC without truncation would bend up before −35 dB.
      int fs = 48000;
      float[] h = decay(t60, 2.0 * t60 + 0.5, -60, 2, fs);
      // Without truncation the noise would lengthen T30 by tens of per cent; truncated and compensated, the
      // statistical wobble of the tests above plus ~2 % for the truncation point's uncertainty.
      assertEquals(t60, AcousticLabels.t30(h, fs), 0.05 * t60, "T30 of " + t60 + " over a noise floor");
      assertEquals(t60, AcousticLabels.t20(h, fs), 0.05 * t60, "T20 of " + t60 + " over a noise floor");
    }
  }

  @Test
  void t30IsNanWhenTheNoiseHidesTheRange() {
    float[] h = decay(0.5, 1.0, -25, 3); // only ~25 dB of decay above the noise
    assertTrue(Double.isNaN(AcousticLabels.t30(h, FS)), "T30 " + AcousticLabels.t30(h, FS));
  }

  @Test
  void drrOfAConstructedResponse() {
    float[] h = new float[8000];
    h[400] = 2f;
    h[399] = 0.5f; // inside the ±2.5 ms (±40 samples) window
    double tail = 0;
    for (int t = 441; t < h.length; t++) {
      h[t] = (float) (0.1 * Math.exp(-(t - 441) / 900.0) * ((t & 1) == 0 ? 1 : -1));
      tail += (double) h[t] * h[t];
    }
    double expected = 10 * Math.log10((4 + 0.25) / tail);
    assertEquals(expected, AcousticLabels.drr(h, FS), 1e-9);
    assertEquals(expected, AcousticLabels.drr(h, FS, 400, 0.0025), 1e-9);
    // A 1 ms window leaves h[399] in and moves h[441..] not at all: the same value; 3 ms takes in the tail start.
    assertEquals(expected, AcousticLabels.drr(h, FS, 0.001), 1e-9);
    assertTrue(AcousticLabels.drr(h, FS, 0.003) > expected);
  }

  @Test
  void c50OfAConstructedResponse() {
    float[] h = new float[4000];
    h[100] = 1f; // onset (ISO: first sample within 20 dB of the peak)
    h[100 + 799] = 0.5f; // last early sample (50 ms = 800 samples)
    h[100 + 800] = 0.25f; // first late sample
    h[3000] = 0.25f;
    double expected = 10 * Math.log10((1 + 0.25) / (0.0625 + 0.0625));
    assertEquals(expected, AcousticLabels.c50(h, FS), 1e-9);
  }

  @Test
  void thirdOctaveBankPreservesEnergyAndListsThirtyThreeBands() {
    double[] centres = ThirdOctaveBands.centresHz();
    assertEquals(33, centres.length);
    assertEquals(12.589, centres[0], 1e-3);
    assertEquals(1000, centres[19], 1e-9);
    assertEquals(19952.6, centres[32], 0.1);
    for (double f : new double[] {0, 3, 12.5, 100, 999, 1000, 1122, 7000, 24000}) {
      double sum = 0;
      for (int b = 0; b < 33; b++) {
        sum += ThirdOctaveBands.powerResponse(b, f);
      }
      assertEquals(1, sum, 1e-12, "Σ|H_b|² at " + f + " Hz");
    }
    float[] burst = decay(0.3, 0.5, -300, 4);
    float[] h = new float[burst.length + 4000]; // silence at both ends: the filters' two-sided tails stay inside
    System.arraycopy(burst, 0, h, 2000, burst.length);
    float[][] bands = ThirdOctaveBands.split(h, FS);
    double total = 0;
    double split = 0;
    for (float v : h) {
      total += (double) v * v;
    }
    for (float[] band : bands) {
      for (float v : band) {
        split += (double) v * v;
      }
    }
    // Exact on the FFT grid (Σ|H_b|² = 1 and Parseval); what the 12.5 Hz band's slow tails lose past the
    // padding, and float rounding, stay under 0.1 %.
    assertEquals(total, split, 1e-3 * total);
    for (int b = 0; b < 33; b++) {
      if (centres[b] / Math.pow(10, 0.05) >= FS / 2.0) {
        for (float v : bands[b]) {
          assertEquals(0f, v, "band " + b + " lies above Nyquist");
        }
      }
    }
  }

  @Test
  void perBandDecayOfAFrequencyDependentRoomFollowsItsBands() {
    double[] mean = new double[33];
    AcousticLabels.Bands bands = null;
    int seeds = 3;
    for (int seed = 0; seed < seeds; seed++) {
      bands = AcousticLabels.perBand(decay(0.8, 1.2, -300, 10 + seed), FS);
      for (int b = 0; b < 33; b++) {
        mean[b] += bands.t30()[b] / seeds;
      }
    }
    // White noise under one envelope: every audible band decays with the same T30. A third-octave band of
    // bandwidth B holds only ~2B·T60/13.8 independent samples per e-fold, so one realisation's band T30 wobbles
    // by several per cent at 500 Hz; the mean of 3 realisations is held to 6 %.
    for (int b = 0; b < 33; b++) {
      double f = bands.centresHz()[b];
      if (f >= 500 && f <= 6000) {
        assertEquals(0.8, mean[b], 0.06 * 0.8, "T30 at " + f + " Hz");
      }
      if (f / Math.pow(10, 0.05) >= FS / 2.0) {
        assertTrue(Double.isNaN(bands.t30()[b]) && Double.isNaN(bands.drr()[b]), "band at " + f + " Hz");
      }
    }
  }

  @Test
  void sourceDirection() {
    double[] d = AcousticLabels.sourceDirection(new double[] {1, 3, 2}, new double[] {1, 1, 0});
    assertEquals(Math.PI / 2, d[0], 1e-12);
    assertEquals(Math.PI / 4, d[1], 1e-12);
    assertEquals(Math.sqrt(8), d[2], 1e-12);
  }

  @Test
  void silenceAndBadInput() {
    assertTrue(Double.isNaN(AcousticLabels.t30(new float[100], FS)));
    assertTrue(Double.isNaN(AcousticLabels.drr(new float[100], FS)));
    assertThrows(NullPointerException.class, () -> AcousticLabels.t30(null, FS));
    assertThrows(IllegalArgumentException.class, () -> AcousticLabels.c50(new float[0], FS));
    assertThrows(IllegalArgumentException.class, () -> AcousticLabels.drr(new float[10], FS, 10, 0.001));
  }
}
