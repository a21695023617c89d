package io.jkernels.internal.room;

/**
 * A partition of unity over frequency into bands separated at crossover frequencies f_k: band weights F_b(f) ≥ 0
 * with Σ_b F_b(f) = 1 at every f, built from raised-cosine steps in log₂ f of half-width h octaves around each
 * crossover (F_0 = 1 − s_0, F_b = s_{b−1} − s_b, F_last = s_last), so the lowest band reaches down to DC and the
 * highest up to Nyquist. Used amplitude-complementary (Σ F_b = 1: band signals that are all equal sum back to
 * the broadband one) and power-complementary (√F_b: band energies sum to the total energy). Zero-phase, applied
 * on an FFT grid. Not API.
 */
public final class LogFrequencyPartition {
  private final double[] crossovers; // log2 Hz
  private final double halfWidth; // octaves

  /** @param crossoversHz ascending; adjacent crossovers at least 2·halfWidth octaves apart */
  public LogFrequencyPartition(double[] crossoversHz, double halfWidthOctaves) {
    crossovers = new double[crossoversHz.length];
    for (int k = 0; k < crossovers.length; k++) {
      crossovers[k] = Math.log(crossoversHz[k]) / Math.log(2);
    }
    halfWidth = halfWidthOctaves;
  }

  public int bands() {
    return crossovers.length + 1;
  }

  /** F_b at {@code frequency} Hz: S_{b−1} − S_b with S_{−1} = 1 and S_{bands−1} = 0. */
  public double weight(int band, double frequency) {
    double below = band == 0 ? 1 : step(band - 1, frequency);
    double above = band == crossovers.length ? 0 : step(band, frequency);
    return below - above;
  }

  /** F_b at a frequency given as log₂ Hz (−∞ for DC): {@link #weight} without the logarithm. */
  public double weightAtLog2(int band, double log2Frequency) {
    double below = band == 0 ? 1 : stepAtLog2(band - 1, log2Frequency);
    double above = band == crossovers.length ? 0 : stepAtLog2(band, log2Frequency);
    return below - above;
  }

  /** log₂ of each FFT bin's frequency (bin k of n at rate fs: min(k, n − k)·fs/n), −∞ at DC. */
  public static double[] binLog2(int n, int sampleRate) {
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      double f = (double) Math.min(k, n - k) * sampleRate / n;
      out[k] = f > 0 ? Math.log(f) / Math.log(2) : Double.NEGATIVE_INFINITY;
    }
    return out;
  }

  private double stepAtLog2(int k, double log2Frequency) {
    double x = (log2Frequency - crossovers[k] + halfWidth) / (2 * halfWidth);
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    return 0.5 * (1 - Math.cos(Math.PI * x));
  }

  /** s_k: 0 below f_k·2^−h, 1 above f_k·2^h, a raised cosine in log₂ f between. */
  private double step(int k, double frequency) {
    if (frequency <= 0) {
      return 0;
    }
    double x = (Math.log(frequency) / Math.log(2) - crossovers[k] + halfWidth) / (2 * halfWidth);
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    return 0.5 * (1 - Math.cos(Math.PI * x));
  }
}
