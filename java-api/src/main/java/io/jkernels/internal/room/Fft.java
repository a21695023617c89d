package io.jkernels.internal.room;

/** In-place complex FFT in double on split real and imaginary arrays (JTransforms underneath). Not API. */
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

  /**
   * Forward (sign −1) or inverse without the 1/n scale (sign +1) transform of re + i·im, n = re.length a power of
   * two. JTransforms' split-radix FFT does the work (the library's one CPU FFT, as for the convolution family).
   */
  public static void transform(double[] re, double[] im, int sign) {
    int n = re.length;
    if (im.length != n || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT of " + n + " points (re) and " + im.length + " (im): expected equal"
          + " powers of two");
    }
    double[] a = new double[2 * n];
    for (int i = 0; i < n; i++) {
      a[2 * i] = re[i];
      a[2 * i + 1] = im[i];
    }
    org.jtransforms.fft.DoubleFFT_1D fft = new org.jtransforms.fft.DoubleFFT_1D(n);
    if (sign < 0) {
      fft.complexForward(a);
    } else {
      fft.complexInverse(a, false);
    }
    for (int i = 0; i < n; i++) {
      re[i] = a[2 * i];
      im[i] = a[2 * i + 1];
    }
  }
}
