package io.jkernels.internal.room;

/**
 * Sums per-octave-band impulse responses through the zero-phase, amplitude-complementary octave partition
 * (crossovers at the geometric means of adjacent centres, 125·√2 … 4000·√2 Hz, raised-cosine transitions one
 * octave wide): out = Σ_b F_b ∗ r_b, evaluated with one FFT per band on a grid of at least twice the length (so
 * the zero-phase filters' short two-sided responses do not wrap into the output). Bands whose responses are all
 * equal give back that response exactly. Not API.
 */
public final class BandCombiner {
  private static final LogFrequencyPartition OCTAVES = new LogFrequencyPartition(
      new double[] {125 * Math.sqrt(2), 250 * Math.sqrt(2), 500 * Math.sqrt(2), 1000 * Math.sqrt(2),
          2000 * Math.sqrt(2), 4000 * Math.sqrt(2)}, 0.5);

  private BandCombiner() {}

  /**
   * @param bandResponses bands·samples floats from {@code offset}: band b at offset + b·stride
   * @param out receives the combined response at {@code outOffset}
   */
  public static void combine(float[] bandResponses, long offset, long stride, int bands, int samples,
      int sampleRate, float[] out, int outOffset) {
    int n = Fft.size(2L * samples);
    double[] sumRe = new double[n];
    double[] sumIm = new double[n];
    double[] re = new double[n];
    double[] im = new double[n];
    double[] log2f = LogFrequencyPartition.binLog2(n, sampleRate);
    for (int b = 0; b < bands; b++) {
      java.util.Arrays.fill(re, 0);
      java.util.Arrays.fill(im, 0);
      int base = Math.toIntExact(offset + b * stride);
      for (int t = 0; t < samples; t++) {
        re[t] = bandResponses[base + t];
      }
      Fft.transform(re, im, -1);
      for (int k = 0; k < n; k++) {
        double w = OCTAVES.weightAtLog2(b, log2f[k]);
        sumRe[k] += w * re[k];
        sumIm[k] += w * im[k];
      }
    }
    Fft.transform(sumRe, sumIm, 1);
    for (int t = 0; t < samples; t++) {
      out[outOffset + t] = (float) (sumRe[t] / n);
    }
  }
}
