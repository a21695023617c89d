package io.jkernels.internal.room;

/** In-place iterative radix-2 complex FFT in double (split real and imaginary arrays). Not API. */
public final class Fft {
  private Fft() {}

  /** Smallest power of two ≥ n. */
  public static int size(long n) {
    if (n > 1 << 30) {
      throw new IllegalArgumentException("signal of " + n + " samples is too long for one FFT");
    }
    int s = 1;
    while (s < n) {
      s <<= 1;
    }
    return s;
  }

  /** Forward (sign −1) or inverse without the 1/n scale (sign +1) transform of re + i·im. */
  public static void transform(double[] re, double[] im, int sign) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    // Twiddles e^{sign·2πik/n} once per call (a trig pair per stage and butterfly would cost n·log n of them).
    int half = n >> 1;
    double[] cos = new double[Math.max(1, half)];
    double[] sin = new double[Math.max(1, half)];
    for (int k = 0; k < half; k++) {
      double angle = sign * 2 * Math.PI * k / n;
      cos[k] = Math.cos(angle);
      sin[k] = Math.sin(angle);
    }
    for (int len = 2; len <= n; len <<= 1) {
      int step = n / len;
      int h = len >> 1;
      for (int start = 0; start < n; start += len) {
        for (int k = 0; k < h; k++) {
          double wr = cos[k * step];
          double wi = sin[k * step];
          int i = start + k;
          int j = i + h;
          double xr = re[j] * wr - im[j] * wi;
          double xi = re[j] * wi + im[j] * wr;
          re[j] = re[i] - xr;
          im[j] = im[i] - xi;
          re[i] += xr;
          im[i] += xi;
        }
      }
    }
  }
}
