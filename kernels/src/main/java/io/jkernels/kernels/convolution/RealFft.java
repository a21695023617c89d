package io.jkernels.kernels.convolution;

/**
 * Real FFT of 2N points (N a power of two ≥ 2) through one complex FFT of N points: the even and odd samples are
 * packed as z = x_even + i·x_odd, Z = FFT_N(z), then X[k] = E[k] + W^k·O[k] with W = e^{−iπ/N},
 * E[k] = (Z[k] + conj Z[N−k])/2, O[k] = (Z[k] − conj Z[N−k])/(2i), k = 0..N (Z[N] = Z[0]). The inverse runs the
 * same steps backwards and is exact: {@code inverse(forward(x)) = x} up to rounding.
 *
 * <p>The complex FFT is Stockham's autosort radix-4 (Stockham 1966; the form of Van Loan, "Computational
 * Frameworks for the FFT", §1.7) on split real and imaginary arrays: no bit reversal, every pass reads and writes
 * contiguous runs, and the inner loops are plain counted loops over float arrays that C2 vectorises (the primitive
 * seam has no complex operations). One instance per thread: it owns its scratch.
 */
public final class RealFft {
  private final int n;
  private final int log2;
  /** exp(−2πik/N), k &lt; N (the radix-4 passes reach w^3p). */
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
    cosTable = new float[n];
    sinTable = new float[n];
    for (int k = 0; k < n; k++) {
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
   * Complex FFT of aRe/aIm, exp(−2πi·jk/N); returns true when the result ended in bRe/bIm. Radix-4 passes (length
   * L, stride s, m = L/4, w = exp(−2πi/L)), with a = x[q + sp], b = x[q + s(p+m)], c = x[q + s(p+2m)],
   * d = x[q + s(p+3m)]:
   * y[q + s·4p] = (a+c) + (b+d), y[q + s(4p+1)] = w^p((a−c) − i(b−d)), y[q + s(4p+2)] = w^2p((a+c) − (b+d)),
   * y[q + s(4p+3)] = w^3p((a−c) + i(b−d)); one radix-2 pass (a+b, a−b) last when log₂N is odd.
   */
  private boolean complexForward() {
    float[] xr = aRe, xi = aIm, yr = bRe, yi = bIm;
    int s = 1;
    int len = n;
    while (len >= 4) {
      int m = len >> 2;
      int shift = Integer.numberOfTrailingZeros(n / len);
      for (int p = 0; p < m; p++) {
        int t1 = p << shift;
        float w1r = cosTable[t1], w1i = sinTable[t1];
        float w2r = cosTable[2 * t1], w2i = sinTable[2 * t1];
        float w3r = cosTable[3 * t1], w3i = sinTable[3 * t1];
        int ia = s * p, ib = s * (p + m), ic = s * (p + 2 * m), id = s * (p + 3 * m);
        int o0 = s * 4 * p, o1 = o0 + s, o2 = o1 + s, o3 = o2 + s;
        for (int q = 0; q < s; q++) {
          float ar = xr[ia + q], ai = xi[ia + q], br = xr[ib + q], bi = xi[ib + q];
          float cr = xr[ic + q], ci = xi[ic + q], dr = xr[id + q], di = xi[id + q];
          float apcR = ar + cr, apcI = ai + ci, amcR = ar - cr, amcI = ai - ci;
          float bpdR = br + dr, bpdI = bi + di;
          // j·(b − d) = (−(bi − di), br − dr)
          float jbmdR = di - bi, jbmdI = br - dr;
          yr[o0 + q] = apcR + bpdR;
          yi[o0 + q] = apcI + bpdI;
          float u1r = amcR - jbmdR, u1i = amcI - jbmdI;
          yr[o1 + q] = w1r * u1r - w1i * u1i;
          yi[o1 + q] = w1r * u1i + w1i * u1r;
          float u2r = apcR - bpdR, u2i = apcI - bpdI;
          yr[o2 + q] = w2r * u2r - w2i * u2i;
          yi[o2 + q] = w2r * u2i + w2i * u2r;
          float u3r = amcR + jbmdR, u3i = amcI + jbmdI;
          yr[o3 + q] = w3r * u3r - w3i * u3i;
          yi[o3 + q] = w3r * u3i + w3i * u3r;
        }
      }
      float[] t = xr; xr = yr; yr = t;
      t = xi; xi = yi; yi = t;
      s <<= 2;
      len >>= 2;
    }
    if (len == 2) {
      for (int q = 0; q < s; q++) {
        float ar = xr[q], ai = xi[q], br = xr[q + s], bi = xi[q + s];
        yr[q] = ar + br;
        yi[q] = ai + bi;
        yr[q + s] = ar - br;
        yi[q + s] = ai - bi;
      }
      float[] t = xr; xr = yr; yr = t;
      t = xi; xi = yi; yi = t;
    }
    return xr == bRe;
  }
}
