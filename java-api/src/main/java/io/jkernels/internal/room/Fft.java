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
    for (int len = 2; len <= n; len <<= 1) {
      double angle = sign * 2 * Math.PI / len;
      int half = len >> 1;
      for (int k = 0; k < half; k++) {
        double wr = Math.cos(angle * k);
        double wi = Math.sin(angle * k);
        for (int i = k; i < n; i += len) {
          int j = i + half;
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
