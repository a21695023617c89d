package io.jkernels.internal.room;

/**
 * Second-order Butterworth high-pass (bilinear transform, cutoff prewarped), run causally in double: the DC blocker
 * of {@code RoomSimulation}. Its zero at DC means the response builds no DC offset (Allen and Berkley also
 * high-passed their responses). Not API.
 */
public final class HighPass {
  private HighPass() {}

  public static void apply(float[] signal, int offset, int samples, double cutoffHz, int sampleRate) {
    double k = Math.tan(Math.PI * cutoffHz / sampleRate);
    double norm = 1 / (1 + Math.sqrt(2) * k + k * k);
    double b0 = norm;
    double b1 = -2 * norm;
    double a1 = 2 * (k * k - 1) * norm;
    double a2 = (1 - Math.sqrt(2) * k + k * k) * norm;
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int t = 0; t < samples; t++) {
      double x = signal[offset + t];
      double y = b0 * x + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      signal[offset + t] = (float) y;
    }
  }
}
