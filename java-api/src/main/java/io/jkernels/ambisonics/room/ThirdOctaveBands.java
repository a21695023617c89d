package io.jkernels.ambisonics.room;

import io.jkernels.internal.Arguments;
import io.jkernels.internal.room.Fft;
import io.jkernels.internal.room.LogFrequencyPartition;

/**
 * The 33 third-octave bands of the per-band acoustic labels: the ISO 266 base-10 series f_n = 10^(n/10) Hz,
 * n = 11 … 43, i.e. nominal 12.5, 16, 20, 25, 31.5, …, 10k, 12.5k, 16k, 20 kHz. (Spatial LibriSpeech reports its
 * acoustics in 33 bands; the paper's band table was not at hand, so this is the standard 33-band series that ends
 * at 20 kHz.) Band edges f_n·10^(±1/20).
 *
 * <p>The filter bank is zero-phase and power-complementary: band b's filter is √F_b with F_b the raised-cosine
 * partition of unity in log-frequency around the band edges (transitions 1/3 octave wide, the lowest band reaching
 * down to DC and the band containing Nyquist up to it), applied by FFT, so Σ_b |H_b(f)|² = 1: the band energies
 * sum to the response's energy, and every band keeps the response's timing (no group delay). Bands above Nyquist
 * are silent (all zeros).
 */
public final class ThirdOctaveBands {
  /** Number of third-octave bands. */
  public static final int COUNT = 33;
  private static final double[] CENTRES = new double[COUNT];
  private static final LogFrequencyPartition PARTITION;

  static {
    double[] crossovers = new double[COUNT - 1];
    for (int b = 0; b < COUNT; b++) {
      CENTRES[b] = Math.pow(10, (11 + b) / 10.0);
      if (b < COUNT - 1) {
        crossovers[b] = CENTRES[b] * Math.pow(10, 1 / 20.0);
      }
    }
    PARTITION = new LogFrequencyPartition(crossovers, 1 / 6.0);
  }

  private ThirdOctaveBands() {}

  /** Exact centre frequencies 10^(n/10) Hz, n = 11 … 43. */
  public static double[] centresHz() {
    return CENTRES.clone();
  }

  /** |H_b(f)|² = F_b(f), the band's power response at {@code frequency} Hz. */
  public static double powerResponse(int band, double frequency) {
    return PARTITION.weight(band, frequency);
  }

  /**
   * The response split into the 33 bands: element b has {@code rir.length} samples (the zero-phase filters'
   * two-sided tails that fall outside [0, length) are dropped; the FFT grid is at least twice the length so
   * nothing wraps).
   */
  public static float[][] split(float[] rir, int sampleRate) {
    Arguments.notNull(rir, "rir");
    Arguments.positive(sampleRate, "sampleRate");
    int n = Fft.size(Math.max(2L * rir.length, 2));
    double[] re = new double[n];
    double[] im = new double[n];
    for (int t = 0; t < rir.length; t++) {
      re[t] = rir[t];
    }
    Fft.transform(re, im, -1);
    float[][] out = new float[COUNT][rir.length];
    double[] log2f = LogFrequencyPartition.binLog2(n, sampleRate);
    double[] bre = new double[n];
    double[] bim = new double[n];
    for (int b = 0; b < COUNT; b++) {
      boolean any = false;
      for (int k = 0; k < n; k++) {
        double w = Math.sqrt(PARTITION.weightAtLog2(b, log2f[k]));
        bre[k] = w * re[k];
        bim[k] = w * im[k];
        any |= w > 0;
      }
      if (!any || CENTRES[b] / Math.pow(10, 1 / 20.0) >= sampleRate / 2.0) {
        continue;
      }
      Fft.transform(bre, bim, 1);
      for (int t = 0; t < rir.length; t++) {
        out[b][t] = (float) (bre[t] / n);
      }
    }
    return out;
  }
}
