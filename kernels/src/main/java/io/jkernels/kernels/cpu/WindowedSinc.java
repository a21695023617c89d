package io.jkernels.kernels.cpu;

/**
 * Taps of the Hann-windowed sinc h(x) = sinc(x)·½(1 + cos(πx/W)), |x| &lt; W, of {@code ImageSourceKernels}, at
 * x = x0 + k for k &lt; count, in double, rounded once to float. sin(π(x0 + k)) = (−1)^k sin(πx0), and
 * cos(π(x0 + k)/W) = cos(πx0/W)·cos(πk/W) − sin(πx0/W)·sin(πk/W) from tables of the second factors, so a run of
 * taps costs one sin/cos pair per image and independent multiply-adds per tap (no recurrence to wait on).
 */
final class WindowedSinc {
  private final int halfWidth;
  private final double[] cosK;
  private final double[] sinK;

  WindowedSinc(int halfWidth) {
    this.halfWidth = halfWidth;
    int n = 2 * halfWidth + 2;
    cosK = new double[n];
    sinK = new double[n];
    for (int k = 0; k < n; k++) {
      cosK[k] = Math.cos(Math.PI * k / halfWidth);
      sinK[k] = Math.sin(Math.PI * k / halfWidth);
    }
  }

  /** count ≤ 2W + 1 taps from x0 (−W &lt; x0 ≤ −W + 1 or later), into out[0 … count). */
  void taps(double x0, int count, float[] out) {
    double sinPiX0 = Math.sin(Math.PI * x0);
    double angle = Math.PI * x0 / halfWidth;
    double c0 = Math.cos(angle);
    double s0 = Math.sin(angle);
    double scaled = sinPiX0 / Math.PI;
    for (int k = 0; k < count; k++) {
      double x = x0 + k;
      double window = 0.5 * (1 + (c0 * cosK[k] - s0 * sinK[k]));
      double sinc = Math.abs(x) < 1e-12 ? 1.0 : ((k & 1) == 0 ? scaled : -scaled) / x;
      out[k] = Math.abs(x) < halfWidth ? (float) (sinc * window) : 0f;
    }
  }
}
