package io.jkernels.validation.reference;

import io.jkernels.ambisonics.Normalization;

/**
 * float64 sequential references of the ambisonics family: plain loops that read like the equations of
 * {@code io.jkernels.ambisonics.Ambisonics}, written for clarity, never speed. The spherical harmonics are computed
 * by an independent route from the library's recurrence: the explicit Rodrigues sum for the Legendre polynomial,
 * differentiated m times term by term (exact in double to about 1e-13 up to order 8, which is where the references
 * are used). Planar layouts as the API: channel c sample t at {@code c*T + t}.
 */
public final class AmbisonicsReference {
  private AmbisonicsReference() {}

  /** Largest order {@link #sh} serves (the explicit sum cancels badly beyond). */
  public static final int MAX_ORDER = 8;

  /** n! as a double (exact to 22!). */
  static double factorial(int n) {
    double f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }

  static double binomial(int n, int k) {
    return factorial(n) / (factorial(k) * factorial(n - k));
  }

  /**
   * P_n^m(x) without the Condon–Shortley phase: (1 − x²)^{m/2} dᵐ/dxᵐ P_n(x), with
   * P_n(x) = 2⁻ⁿ Σ_k (−1)^k C(n,k) C(2n−2k, n) x^{n−2k}.
   */
  public static double associatedLegendre(int n, int m, double x) {
    double sum = 0;
    for (int k = 0; 2 * k <= n; k++) {
      int power = n - 2 * k;
      if (power < m) {
        continue;
      }
      double c = (k % 2 == 0 ? 1 : -1) * binomial(n, k) * binomial(2 * n - 2 * k, n);
      double derivative = factorial(power) / factorial(power - m); // dᵐ/dxᵐ x^p = p!/(p−m)! x^{p−m}
      sum += c * derivative * Math.pow(x, power - m);
    }
    return Math.pow(2, -n) * Math.pow(1 - x * x, m / 2.0) * sum;
  }

  /**
   * Real harmonics, ACN order (FUMA: W, X, Y, Z with W/√2): N_n^|m| P_n^|m|(sin el) (cos mφ | sin |m|φ), N3D
   * N = sqrt((2n+1)(2 − δ_m0)(n−|m|)!/(n+|m|)!), SN3D dividing by sqrt(2n+1), ORTHONORMAL by sqrt(4π).
   */
  public static double[] sh(int order, double azimuth, double elevation, Normalization normalization) {
    if (order > MAX_ORDER) {
      throw new IllegalArgumentException("the reference harmonics serve orders up to " + MAX_ORDER);
    }
    int k = (order + 1) * (order + 1);
    double[] out = new double[k];
    double x = Math.sin(elevation);
    for (int n = 0; n <= order; n++) {
      for (int m = -n; m <= n; m++) {
        int am = Math.abs(m);
        double n3d = Math.sqrt((2 * n + 1) * (am == 0 ? 1.0 : 2.0) * factorial(n - am) / factorial(n + am));
        double norm = switch (normalization) {
          case N3D -> n3d;
          case SN3D -> n3d / Math.sqrt(2 * n + 1);
          case ORTHONORMAL -> n3d / Math.sqrt(4 * Math.PI);
          case FUMA -> n3d / Math.sqrt(2 * n + 1) * (n == 0 ? 1 / Math.sqrt(2) : 1);
        };
        double trig = m >= 0 ? Math.cos(m * azimuth) : Math.sin(am * azimuth);
        int acn = n * n + n + m;
        int index = normalization == Normalization.FUMA ? new int[] {0, 2, 3, 1}[acn] : acn;
        out[index] = norm * associatedLegendre(n, am, x) * trig;
      }
    }
    return out;
  }

  /** B[c][t] = Σ_m g_m y_c(u_m) s_m[t] (g_m = 1, or 1/r_m when distances is not null). */
  public static double[] encodeSources(float[][] signals, double[] azimuths, double[] elevations,
      double[] distances, int order, Normalization normalization) {
    int k = (order + 1) * (order + 1);
    int samples = signals[0].length;
    double[] out = new double[k * samples];
    for (int m = 0; m < signals.length; m++) {
      double[] y = sh(order, azimuths[m], elevations[m], normalization);
      double g = distances == null ? 1 : 1 / distances[m];
      for (int c = 0; c < k; c++) {
        for (int t = 0; t < samples; t++) {
          out[c * samples + t] += g * y[c] * signals[m][t];
        }
      }
    }
    return out;
  }

  /** Σ_m |g_m y_c(u_m) s_m[t]|: the magnitude of the terms each output sums (for relative-to-scale errors). */
  public static double[] encodeSourcesScale(float[][] signals, double[] azimuths, double[] elevations,
      double[] distances, int order, Normalization normalization) {
    float[][] abs = new float[signals.length][];
    for (int m = 0; m < signals.length; m++) {
      abs[m] = new float[signals[m].length];
      for (int t = 0; t < abs[m].length; t++) {
        abs[m][t] = Math.abs(signals[m][t]);
      }
    }
    int k = (order + 1) * (order + 1);
    int samples = signals[0].length;
    double[] out = new double[k * samples];
    for (int m = 0; m < signals.length; m++) {
      double[] y = sh(order, azimuths[m], elevations[m], normalization);
      double g = distances == null ? 1 : 1 / distances[m];
      for (int c = 0; c < k; c++) {
        for (int t = 0; t < samples; t++) {
          out[c * samples + t] += Math.abs(g * y[c]) * abs[m][t];
        }
      }
    }
    return out;
  }

  /**
   * A moving source: keyframe f reached at sample f·hop; gains y(u_f) + (y(u_{f+1}) − y(u_f))·min(1, j/hop) at
   * sample f·hop + j; the last keyframe holds.
   */
  public static double[] encodeMoving(float[] signal, double[] azimuths, double[] elevations, int hop, int order,
      Normalization normalization) {
    int k = (order + 1) * (order + 1);
    int samples = signal.length;
    int frames = azimuths.length;
    double[][] y = new double[frames][];
    for (int f = 0; f < frames; f++) {
      y[f] = sh(order, azimuths[f], elevations[f], normalization);
    }
    double[] out = new double[k * samples];
    for (int t = 0; t < samples; t++) {
      int f = t / hop;
      for (int c = 0; c < k; c++) {
        double g;
        if (f >= frames - 1) {
          g = y[frames - 1][c];
        } else {
          double w = (t - (double) f * hop) / hop;
          g = y[f][c] + (y[f + 1][c] - y[f][c]) * w;
        }
        out[c * samples + t] = g * signal[t];
      }
    }
    return out;
  }

  /** out[o][t] = Σ_i a[o][i] · in[i][t], a row-major outputs × inputs. */
  public static double[] apply(double[] a, int outputs, int inputs, float[] in, int samples) {
    double[] out = new double[outputs * samples];
    for (int o = 0; o < outputs; o++) {
      for (int i = 0; i < inputs; i++) {
        for (int t = 0; t < samples; t++) {
          out[o * samples + t] += a[o * inputs + i] * in[i * samples + t];
        }
      }
    }
    return out;
  }

  /** Σ_i |a[o][i] · in[i][t]|. */
  public static double[] applyScale(double[] a, int outputs, int inputs, float[] in, int samples) {
    double[] out = new double[outputs * samples];
    for (int o = 0; o < outputs; o++) {
      for (int i = 0; i < inputs; i++) {
        for (int t = 0; t < samples; t++) {
          out[o * samples + t] += Math.abs(a[o * inputs + i] * in[i * samples + t]);
        }
      }
    }
    return out;
  }

  /**
   * Crossfaded rotations: matrix f (k×k) reached at sample f·block, out(t) = ((1 − w) M_f + w M_{f+1}) B(t) with
   * w = j/block at sample f·block + j; the last matrix holds.
   */
  public static double[] rotateVarying(double[][] matrices, int k, float[] bformat, int block) {
    int samples = bformat.length / k;
    double[] out = new double[k * samples];
    for (int t = 0; t < samples; t++) {
      int f = t / block;
      double w = f >= matrices.length - 1 ? 0 : (t - (double) f * block) / block;
      double[] a = matrices[Math.min(f, matrices.length - 1)];
      double[] b = matrices[Math.min(f + 1, matrices.length - 1)];
      for (int o = 0; o < k; o++) {
        double s = 0;
        for (int i = 0; i < k; i++) {
          s += ((1 - w) * a[o * k + i] + w * b[o * k + i]) * bformat[i * samples + t];
        }
        out[o * samples + t] = s;
      }
    }
    return out;
  }

  /** A cascade of {b0, b1, b2, a1, a2} sections run in double over each channel of degree n's filter. */
  public static double[] filterCascade(double[][] sections, float[] x, int offset, int count) {
    double[] y = new double[count];
    for (int t = 0; t < count; t++) {
      y[t] = x[offset + t];
    }
    for (double[] s : sections) {
      double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
      for (int t = 0; t < count; t++) {
        double in = y[t];
        double v = s[0] * in + s[1] * x1 + s[2] * x2 - s[3] * y1 - s[4] * y2; // direct form I
        x2 = x1;
        x1 = in;
        y2 = y1;
        y1 = v;
        y[t] = v;
      }
    }
    return y;
  }
}
