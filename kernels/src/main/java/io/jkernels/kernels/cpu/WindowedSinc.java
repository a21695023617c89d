package io.jkernels.kernels.cpu;

/**
 * Taps of the Hann-windowed sinc h(x) = sinc(x)·½(1 + cos(πx/W)), |x| &lt; W, of {@code ImageSourceKernels}, at
 * x = x0 + k for k &lt; count, in double, rounded once to float. sin(π(x0 + k)) = (−1)^k sin(πx0) and the window's
 * cosine advances by a rotation, so a run of taps costs two sin/cos pairs, not one per tap.
 */
final class WindowedSinc {
  private WindowedSinc() {}

  static void taps(double x0, int count, int halfWidth, float[] out) {
    double sinPiX0 = Math.sin(Math.PI * x0);
    double step = Math.PI / halfWidth;
    double cosStep = Math.cos(step);
    double sinStep = Math.sin(step);
    double c = Math.cos(step * x0);
    double s = Math.sin(step * x0);
    double sign = 1;
    for (int k = 0; k < count; k++) {
      double x = x0 + k;
      double sinc = Math.abs(x) < 1e-12 ? 1.0 : sign * sinPiX0 / (Math.PI * x);
      double window = Math.abs(x) < halfWidth ? 0.5 * (1 + c) : 0.0;
      out[k] = (float) (sinc * window);
      double nc = c * cosStep - s * sinStep;
      s = s * cosStep + c * sinStep;
      c = nc;
      sign = -sign;
    }
  }
}
