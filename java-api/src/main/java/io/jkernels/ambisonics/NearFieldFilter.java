package io.jkernels.ambisonics;

/**
 * The near-field compensation filter of degree n (NFC-HOA; J. Daniel, "Spatial sound encoding including near field
 * effect", AES 23rd Conf., 2003, Eq. 11–13): a point source at distance ρ, reproduced by loudspeakers at radius R,
 * has its degree-n components filtered by
 * <pre>
 *   H_n(s) = F_n^ρ(s) / F_n^R(s),   F_n^r(s) = Σ_{k=0..n} (n+k)! / ((n−k)! k! 2^k) · (c / (r s))^k
 *          = Π_{q=1..n} (s − c·z_q/ρ) / (s − c·z_q/R)
 * </pre>
 * with z_q the roots of the reverse Bessel polynomial θ_n(z) = Σ_k (n+k)!/((n−k)! k! 2^k) z^{n−k} (all in the left
 * half plane, so the filter is stable for every R &gt; 0) and c = 343 m/s. H_n(0) = (R/ρ)^n, H_n(∞) = 1;
 * ρ = ∞ gives 1/F_n^R (the loudspeakers' own near field compensated). Digitised by the bilinear transform
 * s = 2f_s(1 − z⁻¹)/(1 + z⁻¹) (exact at DC and at Nyquist ↔ ∞; frequency warping above ~f_s/10), conjugate root
 * pairs into biquads and the real root of odd n into one first-order section, run in double (transposed direct
 * form II). Immutable.
 */
public final class NearFieldFilter {
  /** Speed of sound, m/s (DESIGN.md). */
  public static final double SPEED_OF_SOUND = 343.0;

  private final int degree;
  /** Each section {b0, b1, b2, a1, a2} (a0 = 1; first-order sections have b2 = a2 = 0). */
  private final double[][] sections;
  private final double[] zerosRe;
  private final double[] zerosIm;
  private final double[] polesRe;
  private final double[] polesIm;

  private NearFieldFilter(int degree, double[][] sections, double[] zr, double[] zi, double[] pr, double[] pi) {
    this.degree = degree;
    this.sections = sections;
    this.zerosRe = zr;
    this.zerosIm = zi;
    this.polesRe = pr;
    this.polesIm = pi;
  }

  /**
   * The degree-n filter for loudspeakers at {@code speakerRadius} metres and a source at {@code sourceDistance}
   * metres (or +∞), at {@code sampleRate} Hz.
   *
   * @throws IllegalArgumentException if degree &lt; 0 or &gt; 30, a radius or distance is not &gt; 0 (the distance
   *     may be +∞, the radius not), or the sample rate is not finite and &gt; 0
   */
  public static NearFieldFilter design(int degree, double speakerRadius, double sourceDistance, double sampleRate) {
    if (degree < 0 || degree > 30) {
      throw new IllegalArgumentException("NFC filters are designed for degree 0 to 30, got " + degree);
    }
    if (!(speakerRadius > 0) || Double.isInfinite(speakerRadius)) {
      throw new IllegalArgumentException("speakerRadius must be finite and > 0 metres, got " + speakerRadius);
    }
    if (!(sourceDistance > 0)) {
      throw new IllegalArgumentException("sourceDistance must be > 0 metres (or +Infinity), got " + sourceDistance);
    }
    if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
      throw new IllegalArgumentException("sampleRate must be finite and > 0 Hz, got " + sampleRate);
    }
    double[][] roots = besselRoots(degree);
    double[] zr = new double[degree];
    double[] zi = new double[degree];
    double[] pr = new double[degree];
    double[] pi = new double[degree];
    double zs = Double.isInfinite(sourceDistance) ? 0.0 : SPEED_OF_SOUND / sourceDistance;
    double ps = SPEED_OF_SOUND / speakerRadius;
    for (int q = 0; q < degree; q++) {
      zr[q] = roots[0][q] * zs;
      zi[q] = roots[1][q] * zs;
      pr[q] = roots[0][q] * ps;
      pi[q] = roots[1][q] * ps;
    }
    double k = 2 * sampleRate;
    java.util.List<double[]> sections = new java.util.ArrayList<>();
    boolean[] used = new boolean[degree];
    for (int q = 0; q < degree; q++) {
      if (used[q]) {
        continue;
      }
      used[q] = true;
      if (Math.abs(roots[1][q]) < 1e-9) {
        // (s − z)/(s − p) → ((K − z) + (−K − z) z⁻¹) / ((K − p) + (−K − p) z⁻¹)
        double a0 = k - pr[q];
        sections.add(new double[] {(k - zr[q]) / a0, (-k - zr[q]) / a0, 0, (-k - pr[q]) / a0, 0});
        continue;
      }
      int mate = -1;
      for (int r = q + 1; r < degree; r++) {
        if (!used[r] && Math.abs(roots[0][r] - roots[0][q]) < 1e-7 && Math.abs(roots[1][r] + roots[1][q]) < 1e-7) {
          mate = r;
          break;
        }
      }
      if (mate < 0) {
        throw new IllegalStateException("reverse Bessel root " + q + " of degree " + degree + " has no conjugate");
      }
      used[mate] = true;
      // s² − 2Re(x)s + |x|² for the zero and pole pairs, then s = K(1 − z⁻¹)/(1 + z⁻¹).
      double n1 = -2 * zr[q];
      double n0 = zr[q] * zr[q] + zi[q] * zi[q];
      double d1 = -2 * pr[q];
      double d0 = pr[q] * pr[q] + pi[q] * pi[q];
      double a0 = k * k + d1 * k + d0;
      sections.add(new double[] {(k * k + n1 * k + n0) / a0, (2 * n0 - 2 * k * k) / a0, (k * k - n1 * k + n0) / a0,
          (2 * d0 - 2 * k * k) / a0, (k * k - d1 * k + d0) / a0});
    }
    return new NearFieldFilter(degree, sections.toArray(new double[0][]), zr, zi, pr, pi);
  }

  /** The harmonic degree n the filter is for. */
  public int degree() {
    return degree;
  }

  /** Copies of the sections, each {b0, b1, b2, a1, a2} with a0 = 1. */
  public double[][] sections() {
    double[][] out = new double[sections.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = sections[i].clone();
    }
    return out;
  }

  /** |H_n(j2πf)| of the analog prototype. */
  public double analogMagnitude(double frequency) {
    double w = 2 * Math.PI * frequency;
    double mag = 1;
    for (int q = 0; q < degree; q++) {
      mag *= Math.hypot(-zerosRe[q], w - zerosIm[q]) / Math.hypot(-polesRe[q], w - polesIm[q]);
    }
    return mag;
  }

  /** |H(e^{j2πf/fs})| of the digital filter. */
  public double digitalMagnitude(double frequency, double sampleRate) {
    double w = 2 * Math.PI * frequency / sampleRate;
    double mag = 1;
    for (double[] s : sections) {
      double nr = s[0] + s[1] * Math.cos(w) + s[2] * Math.cos(2 * w);
      double ni = -s[1] * Math.sin(w) - s[2] * Math.sin(2 * w);
      double dr = 1 + s[3] * Math.cos(w) + s[4] * Math.cos(2 * w);
      double di = -s[3] * Math.sin(w) - s[4] * Math.sin(2 * w);
      mag *= Math.hypot(nr, ni) / Math.hypot(dr, di);
    }
    return mag;
  }

  /** Filters {@code count} samples of {@code data} from {@code offset} in place (float in, double state). */
  public void filter(float[] data, int offset, int count) {
    for (double[] s : sections) {
      double z1 = 0;
      double z2 = 0;
      for (int t = offset; t < offset + count; t++) {
        double x = data[t];
        double y = s[0] * x + z1;
        z1 = s[1] * x - s[3] * y + z2;
        z2 = s[2] * x - s[4] * y;
        data[t] = (float) y;
      }
    }
  }

  /** Roots of the reverse Bessel polynomial θ_n (Durand–Kerner in complex double), {re[], im[]}. */
  static double[][] besselRoots(int n) {
    double[] re = new double[n];
    double[] im = new double[n];
    if (n == 0) {
      return new double[][] {re, im};
    }
    // Monic coefficients c[j] of z^(n−j): β_j = (n+j)!/((n−j)! j! 2^j), built by the ratio β_j/β_{j−1}.
    double[] c = new double[n + 1];
    c[0] = 1;
    for (int j = 1; j <= n; j++) {
      c[j] = c[j - 1] * (n + j) * (n - j + 1) / (2.0 * j);
    }
    double scale = Math.pow(c[n], 1.0 / n);
    for (int q = 0; q < n; q++) {
      double a = 2 * Math.PI * (q + 0.25) / n + 0.4;
      re[q] = scale * Math.cos(a);
      im[q] = scale * Math.sin(a);
    }
    for (int it = 0; it < 2000; it++) {
      double change = 0;
      for (int q = 0; q < n; q++) {
        double pr = 1;
        double pi = 0;
        for (int j = 1; j <= n; j++) { // Horner: p = p·z + c[j]
          double t = pr * re[q] - pi * im[q] + c[j];
          pi = pr * im[q] + pi * re[q];
          pr = t;
        }
        double dr = 1;
        double di = 0;
        for (int r = 0; r < n; r++) {
          if (r != q) {
            double xr = re[q] - re[r];
            double xi = im[q] - im[r];
            double t = dr * xr - di * xi;
            di = dr * xi + di * xr;
            dr = t;
          }
        }
        double den = dr * dr + di * di;
        double sr = (pr * dr + pi * di) / den;
        double si = (pi * dr - pr * di) / den;
        re[q] -= sr;
        im[q] -= si;
        change = Math.max(change, Math.hypot(sr, si) / Math.max(1, Math.hypot(re[q], im[q])));
      }
      if (change < 1e-15) {
        break;
      }
    }
    return new double[][] {re, im};
  }
}
