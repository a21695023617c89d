package io.jkernels.internal.ambisonics;

import io.jkernels.ambisonics.Hrtf;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.SphericalHarmonics;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The math behind {@code BinauralDecoder} (documented there), in double: the regularised pseudo-inverse of the SH
 * matrix at the HRTF directions, applied to the HRIRs in the time domain (least squares) or per frequency bin
 * with the phase released above a cutoff (MagLS). Returns {left, right} filters [channel][tap].
 */
public final class BinauralDesign {
  public static final double SPEED_OF_SOUND = 343.0;
  public static final double HEAD_RADIUS = 0.0875;
  /** λ relative to tr(YᵀY)/(N+1)². */
  static final double REGULARISATION = 1e-4;

  private BinauralDesign() {}

  public static float[][][] leastSquares(Hrtf hrtf, int order) {
    int d = hrtf.directions();
    int c = (order + 1) * (order + 1);
    int n = hrtf.length();
    double[][] p = pseudoInverse(hrtf, order);
    float[][][] out = new float[2][c][n];
    for (int ear = 0; ear < 2; ear++) {
      for (int dir = 0; dir < d; dir++) {
        float[] h = ear == 0 ? hrtf.left(dir) : hrtf.right(dir);
        for (int ch = 0; ch < c; ch++) {
          double w = p[ch][dir];
          float[] f = out[ear][ch];
          for (int t = 0; t < n; t++) {
            f[t] += (float) (w * h[t]);
          }
        }
      }
    }
    return out;
  }

  public static float[][][] magLs(Hrtf hrtf, int order, double cutoffHz) {
    int d = hrtf.directions();
    int c = (order + 1) * (order + 1);
    int n = hrtf.length();
    double[][] p = pseudoInverse(hrtf, order);
    double[] y = SphericalHarmonics.real(order, azimuths(hrtf), elevations(hrtf), Normalization.SN3D);
    // Designed on 2L points (the HRIRs zero-padded): the released phase is then sampled finely enough that the
    // filters' energy stays in the first L taps, which are kept (the last L/8 faded out with a half Hann window).
    int size = 2 * n;
    int bins = size / 2 + 1;
    int cutoffBin = (int) Math.min(bins, Math.ceil(cutoffHz * size / hrtf.sampleRate()));
    DoubleFFT_1D fft = new DoubleFFT_1D(size);
    // The released phase continues the previous bin's, so it stops advancing above the cutoff: the HRIRs are first
    // advanced by their common onset delay τ₀ (the sound's travel to the head) and the filters delayed by it again,
    // so that the high frequencies arrive with the earliest ear instead of before it.
    int onset = commonOnset(hrtf);
    float[][][] out = new float[2][c][n];
    for (int ear = 0; ear < 2; ear++) {
      // spectra[dir] = full complex spectrum, interleaved (2n doubles)
      double[][] spectra = new double[d][];
      for (int dir = 0; dir < d; dir++) {
        float[] h = ear == 0 ? hrtf.left(dir) : hrtf.right(dir);
        double[] a = new double[2 * size];
        for (int t = 0; t < n; t++) {
          a[t] = h[t];
        }
        fft.realForwardFull(a);
        shift(a, bins, size, -onset);
        spectra[dir] = a;
      }
      double[][] filter = new double[c][2 * size]; // complex spectra of the SH-domain filters
      double[] targetRe = new double[d];
      double[] targetIm = new double[d];
      for (int k = 0; k < bins; k++) {
        for (int dir = 0; dir < d; dir++) {
          double hr = spectra[dir][2 * k], hi = spectra[dir][2 * k + 1];
          if (k < cutoffBin || k == 0) {
            targetRe[dir] = hr;
            targetIm[dir] = hi;
          } else {
            // phase of the previous bin's SH solution at this direction, magnitude of the measurement
            double er = 0, ei = 0;
            for (int ch = 0; ch < c; ch++) {
              er += y[dir * c + ch] * filter[ch][2 * (k - 1)];
              ei += y[dir * c + ch] * filter[ch][2 * (k - 1) + 1];
            }
            double mag = Math.hypot(hr, hi);
            double phase = Math.atan2(ei, er);
            targetRe[dir] = mag * Math.cos(phase);
            targetIm[dir] = mag * Math.sin(phase);
          }
        }
        for (int ch = 0; ch < c; ch++) {
          double sr = 0, si = 0;
          for (int dir = 0; dir < d; dir++) {
            sr += p[ch][dir] * targetRe[dir];
            si += p[ch][dir] * targetIm[dir];
          }
          if (k == 0 || k == size / 2) {
            si = 0; // bins 0 and Nyquist of a real filter are real
          }
          filter[ch][2 * k] = sr;
          filter[ch][2 * k + 1] = si;
        }
      }
      for (int ch = 0; ch < c; ch++) {
        double[] a = filter[ch];
        shift(a, bins, size, onset);
        for (int k = bins; k < size; k++) { // Hermitian completion
          a[2 * k] = a[2 * (size - k)];
          a[2 * k + 1] = -a[2 * (size - k) + 1];
        }
        fft.complexInverse(a, true);
        int fade = Math.max(1, n / 8);
        for (int t = 0; t < n; t++) {
          double w = t < n - fade ? 1 : 0.5 + 0.5 * Math.cos(Math.PI * (t - (n - fade) + 1) / (fade + 1));
          out[ear][ch][t] = (float) (w * a[2 * t]);
        }
      }
    }
    return out;
  }

  /** Multiplies bins k &lt; bins of an interleaved spectrum by e^{−2πik·delay/size}: a delay of {@code delay} samples. */
  private static void shift(double[] a, int bins, int size, int delay) {
    for (int k = 0; k < bins; k++) {
      double angle = -2 * Math.PI * k * (double) delay / size;
      double cr = Math.cos(angle), ci = Math.sin(angle);
      double re = a[2 * k], im = a[2 * k + 1];
      a[2 * k] = re * cr - im * ci;
      a[2 * k + 1] = re * ci + im * cr;
    }
  }

  /**
   * The earliest onset over all responses (first sample reaching 10 % of that response's peak), less 2 samples of
   * margin, at least 0.
   */
  static int commonOnset(Hrtf hrtf) {
    int onset = Integer.MAX_VALUE;
    for (int d = 0; d < hrtf.directions(); d++) {
      for (float[] h : new float[][] {hrtf.left(d), hrtf.right(d)}) {
        float peak = 0;
        for (float v : h) {
          peak = Math.max(peak, Math.abs(v));
        }
        int t = 0;
        while (t < h.length && Math.abs(h[t]) < 0.1f * peak) {
          t++;
        }
        onset = Math.min(onset, t);
      }
    }
    return Math.max(0, onset - 2);
  }

  /** P = (YᵀY + λI)⁻¹Yᵀ, [channel][direction], by Cholesky in double. */
  static double[][] pseudoInverse(Hrtf hrtf, int order) {
    int d = hrtf.directions();
    int c = (order + 1) * (order + 1);
    double[] y = SphericalHarmonics.real(order, azimuths(hrtf), elevations(hrtf), Normalization.SN3D);
    double[][] g = new double[c][c];
    for (int dir = 0; dir < d; dir++) {
      for (int i = 0; i < c; i++) {
        double yi = y[dir * c + i];
        for (int j = 0; j <= i; j++) {
          g[i][j] += yi * y[dir * c + j];
        }
      }
    }
    double trace = 0;
    for (int i = 0; i < c; i++) {
      trace += g[i][i];
    }
    double lambda = REGULARISATION * trace / c;
    for (int i = 0; i < c; i++) {
      g[i][i] += lambda;
      for (int j = 0; j < i; j++) {
        g[j][i] = g[i][j];
      }
    }
    double[][] l = cholesky(g);
    double[][] p = new double[c][d];
    double[] col = new double[c];
    for (int dir = 0; dir < d; dir++) {
      for (int i = 0; i < c; i++) {
        col[i] = y[dir * c + i];
      }
      solve(l, col);
      for (int i = 0; i < c; i++) {
        p[i][dir] = col[i];
      }
    }
    return p;
  }

  private static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalArgumentException("the HRTF directions do not determine order "
                + (int) (Math.sqrt(n) - 1) + " harmonics (singular Gram matrix)");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  /** Solves L Lᵀ x = b in place. */
  private static void solve(double[][] l, double[] b) {
    int n = b.length;
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * b[k];
      }
      b[i] = s / l[i][i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * b[k];
      }
      b[i] = s / l[i][i];
    }
  }

  private static double[] azimuths(Hrtf hrtf) {
    double[] a = new double[hrtf.directions()];
    for (int i = 0; i < a.length; i++) {
      a[i] = hrtf.azimuth(i);
    }
    return a;
  }

  private static double[] elevations(Hrtf hrtf) {
    double[] e = new double[hrtf.directions()];
    for (int i = 0; i < e.length; i++) {
      e[i] = hrtf.elevation(i);
    }
    return e;
  }
}
