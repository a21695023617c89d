package io.jkernels.kernels.convolution;

/**
 * Real FFT of 2N points (N a power of two ≥ 2) through one complex FFT of N points: the even and odd samples are
 * packed as z = x_even + i·x_odd, Z = FFT_N(z), then X[k] = E[k] + W^k·O[k] with W = e^{−iπ/N},
 * E[k] = (Z[k] + conj Z[N−k])/2, O[k] = (Z[k] − conj Z[N−k])/(2i), k = 0..N (Z[N] = Z[0]). The inverse runs the
 * same steps backwards and is exact: {@code inverse(forward(x)) = x} up to rounding.
 *
 * <p>The complex FFT is Stockham's autosort radix-2 (Stockham 1966; the form of Van Loan, "Computational
 * Frameworks for the FFT", §1.7) on split real and imaginary arrays: no bit reversal, every pass reads and writes
 * contiguous runs, and the inner loops are plain counted loops over float arrays that C2 vectorises (the primitive
 * seam has no complex operations). One instance per thread: it owns its scratch.
 */
public final class RealFft {
  private final int n;
  private final int log2;
  /** exp(−2πik/N), k &lt; N/2. */
  private final float[] cosTable;
  private final float[] sinTable;
  /** exp(−iπk/N), k ≤ N: the real-FFT post-processing twiddles. */
  private final float[] postCos;
  private final float[] postSin;
  private final float[] aRe;
  private final float[] aIm;
  private final float[] bRe;
  private final float[] bIm;

  /** A transform of {@code 2 * complexSize} real points. */
  public RealFft(int complexSize) {
    if (complexSize < 2 || Integer.bitCount(complexSize) != 1) {
      throw new IllegalArgumentException("complex FFT size must be a power of two >= 2, got " + complexSize);
    }
    n = complexSize;
    log2 = Integer.numberOfTrailingZeros(n);
    cosTable = new float[n / 2];
    sinTable = new float[n / 2];
    for (int k = 0; k < n / 2; k++) {
      double a = -2 * Math.PI * k / n;
      cosTable[k] = (float) Math.cos(a);
      sinTable[k] = (float) Math.sin(a);
    }
    postCos = new float[n + 1];
    postSin = new float[n + 1];
    for (int k = 0; k <= n; k++) {
      double a = -Math.PI * k / n;
      postCos[k] = (float) Math.cos(a);
      postSin[k] = (float) Math.sin(a);
    }
    aRe = new float[n];
    aIm = new float[n];
    bRe = new float[n];
    bIm = new float[n];
  }

  /** N: the spectrum has N + 1 bins, the signal 2N samples. */
  public int complexSize() {
    return n;
  }

  /** Spectrum of the 2N samples {@code frame[0..2N)}, written as re/im[off + k], k = 0..N. */
  public void forward(float[] frame, float[] re, float[] im, int off) {
    for (int k = 0; k < n; k++) {
      aRe[k] = frame[2 * k];
      aIm[k] = frame[2 * k + 1];
    }
    forwardPacked(re, im, off);
  }

  private void forwardPacked(float[] re, float[] im, int off) {
    boolean inB = complexForward();
    float[] zr = inB ? bRe : aRe;
    float[] zi = inB ? bIm : aIm;
    re[off] = zr[0] + zi[0];
    im[off] = 0f;
    re[off + n] = zr[0] - zi[0];
    im[off + n] = 0f;
    for (int k = 1; k < n; k++) {
      float zkr = zr[k], zki = zi[k], zcr = zr[n - k], zci = -zi[n - k];
      float er = 0.5f * (zkr + zcr), ei = 0.5f * (zki + zci);
      // O = (Z[k] − conj Z[N−k]) / (2i) = (dr + i·di)/(2i) = (di − i·dr)/2
      float dr = zkr - zcr, di = zki - zci;
      float or = 0.5f * di, oi = -0.5f * dr;
      float wr = postCos[k], wi = postSin[k];
      re[off + k] = er + (wr * or - wi * oi);
      im[off + k] = ei + (wr * oi + wi * or);
    }
  }

  /**
   * The 2N samples of the real signal whose spectrum is re/im[off + k], k = 0..N (the imaginary parts of bins 0
   * and N are ignored), into {@code dst}: samples [first, 2N) go to dst[dstOff + i − first]. Unscaled by design:
   * the result is 2N times the signal (the caller folds 1/2N into one factor).
   */
  public void inverse(float[] re, float[] im, int off, int first, float[] dst, int dstOff, float scale) {
    for (int k = 0; k < n; k++) {
      float xr = re[off + k], xi = im[off + k];
      float cr = re[off + n - k], ci = -im[off + n - k];
      float er = xr + cr, ei = xi + ci;
      // O = (X[k] − conj X[N−k])·W^{−k}; Z = E + i·O  (both doubled: the factor 2 is part of the 2N scale)
      float dr = xr - cr, di = xi - ci;
      float wr = postCos[k], wi = -postSin[k];
      float or = dr * wr - di * wi, oi = dr * wi + di * wr;
      // conjugate input for an inverse by the forward kernel: IFFT(Z) = conj(FFT(conj Z)) / N
      aRe[k] = er - oi;
      aIm[k] = -(ei + or);
    }
    boolean inB = complexForward();
    float[] zr = inB ? bRe : aRe;
    float[] zi = inB ? bIm : aIm;
    // z = conj(result); x[2k] = Re z, x[2k+1] = Im z = −result.im
    for (int i = first; i < 2 * n; i++) {
      int k = i >> 1;
      dst[dstOff + i - first] = (i & 1) == 0 ? scale * zr[k] : -scale * zi[k];
    }
  }

  /**
   * In-place (logically) complex FFT of aRe/aIm, exp(−2πi·jk/N); returns true when the result ended in bRe/bIm.
   * Pass l (length L = N/2^l, stride s = 2^l): y[q + s(2p)] = a + b, y[q + s(2p+1)] = (a − b)·w^p with
   * a = x[q + sp], b = x[q + s(p + L/2)], w = exp(−2πi/L).
   */
  private boolean complexForward() {
    float[] xr = aRe, xi = aIm, yr = bRe, yi = bIm;
    int s = 1;
    for (int stage = 0; stage < log2; stage++) {
      int len = n >> stage;
      int half = len >> 1;
      if (s == 1) {
        for (int p = 0; p < half; p++) {
          float wr = cosTable[p << stage], wi = sinTable[p << stage];
          float ar = xr[p], ai = xi[p], br = xr[p + half], bi = xi[p + half];
          yr[2 * p] = ar + br;
          yi[2 * p] = ai + bi;
          float dr = ar - br, di = ai - bi;
          yr[2 * p + 1] = dr * wr - di * wi;
          yi[2 * p + 1] = dr * wi + di * wr;
        }
      } else {
        for (int p = 0; p < half; p++) {
          float wr = cosTable[p << stage], wi = sinTable[p << stage];
          int a = s * p, b = s * (p + half), y0 = s * 2 * p, y1 = y0 + s;
          for (int q = 0; q < s; q++) {
            float ar = xr[a + q], ai = xi[a + q], br = xr[b + q], bi = xi[b + q];
            yr[y0 + q] = ar + br;
            yi[y0 + q] = ai + bi;
            float dr = ar - br, di = ai - bi;
            yr[y1 + q] = dr * wr - di * wi;
            yi[y1 + q] = dr * wi + di * wr;
          }
        }
      }
      float[] t = xr; xr = yr; yr = t;
      t = xi; xi = yi; yi = t;
      s <<= 1;
    }
    return xr == bRe;
  }
}
