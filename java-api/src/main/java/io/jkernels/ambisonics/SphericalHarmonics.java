package io.jkernels.ambisonics;

import java.util.Objects;

/**
 * Real spherical harmonics in ACN channel order ({@code acn = n² + n + m}, n = 0..order, m = −n..n), without the
 * Condon–Shortley phase, in any {@link Normalization}. Directions follow the library's convention: right-handed,
 * x front, y left, z up; azimuth φ in radians counter-clockwise from +x (+π/2 is left), elevation θ in radians up
 * from the horizontal plane. For degree n and order m,
 * <pre>
 *   Y_n^m(φ, θ) = N_n^|m| · P_n^|m|(sin θ) · { cos(mφ)   m ≥ 0
 *                                            { sin(|m|φ) m &lt; 0
 * </pre>
 * with the normalisation factor N of {@link Normalization}. The associated Legendre functions are computed in
 * double by the fully normalised three-term recurrence (Holmes and Featherstone 2002, Eq. 11–13), which never forms
 * a factorial: stable to order 40 and beyond, poles included (where every m ≠ 0 term is 0). Thread-safe, pure.
 */
public final class SphericalHarmonics {
  /** Largest order accepted: (N+1)² coefficients per direction must stay small enough to allocate. */
  public static final int MAX_ORDER = 1000;

  private SphericalHarmonics() {}

  /** Channels of an order-N signal set: (N+1)². */
  public static int channels(int order) {
    checkOrder(order, null);
    return (order + 1) * (order + 1);
  }

  /**
   * The (order+1)² harmonics of one direction, ACN order ({@link Normalization#FUMA}: order 1 only, W, X, Y, Z).
   *
   * @throws IllegalArgumentException if order &lt; 0 or &gt; {@link #MAX_ORDER}, FUMA above order 1, or an angle is
   *     not finite
   * @throws NullPointerException if {@code normalization} is null
   */
  public static double[] real(int order, double azimuth, double elevation, Normalization normalization) {
    Objects.requireNonNull(normalization, "normalization");
    checkOrder(order, normalization);
    checkAngle(azimuth, "azimuth");
    checkAngle(elevation, "elevation");
    double[] out = new double[(order + 1) * (order + 1)];
    evaluate(order, azimuth, elevation, normalization, out, 0, new double[legendreSize(order)]);
    return out;
  }

  /**
   * The harmonics of many directions at once (image sources, grids, decoders): direction d's (order+1)²
   * coefficients at {@code out[d*(order+1)² + acn]}.
   *
   * @throws IllegalArgumentException if the arrays differ in length, an angle is not finite, or as
   *     {@link #real(int, double, double, Normalization)}
   */
  public static double[] real(int order, double[] azimuths, double[] elevations, Normalization normalization) {
    Objects.requireNonNull(azimuths, "azimuths");
    Objects.requireNonNull(elevations, "elevations");
    Objects.requireNonNull(normalization, "normalization");
    checkOrder(order, normalization);
    if (azimuths.length != elevations.length) {
      throw new IllegalArgumentException("azimuths and elevations must have the same length, got "
          + azimuths.length + " and " + elevations.length);
    }
    int k = (order + 1) * (order + 1);
    if ((long) k * azimuths.length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(azimuths.length + " directions × " + k + " channels do not fit an array");
    }
    for (int d = 0; d < azimuths.length; d++) {
      checkAngle(azimuths[d], "azimuths[" + d + "]");
      checkAngle(elevations[d], "elevations[" + d + "]");
    }
    double[] out = new double[k * azimuths.length];
    double[] legendre = new double[legendreSize(order)];
    for (int d = 0; d < azimuths.length; d++) {
      evaluate(order, azimuths[d], elevations[d], normalization, out, d * k, legendre);
    }
    return out;
  }

  /**
   * Gain that turns a degree-n coefficient of normalisation {@code from} into one of {@code to} (FUMA: the
   * degree-0 gain is 1/√2 against SN3D, degree 1 as SN3D).
   */
  public static double conversionGain(int degree, Normalization from, Normalization to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (degree < 0) {
      throw new IllegalArgumentException("degree must be >= 0, got " + degree);
    }
    return gainFromN3d(degree, to) / gainFromN3d(degree, from);
  }

  /**
   * A planar B-format signal ((order+1)² channels × samples, channel c sample t at {@code c*samples + t}) converted
   * from one normalisation to another; FUMA on either side also reorders the first-order channels (W, X, Y, Z ↔
   * ACN W, Y, Z, X). Returns a new array.
   *
   * @throws IllegalArgumentException if the length is not a multiple of (order+1)², FUMA is used above order 1,
   *     or order is out of range
   */
  public static float[] convert(float[] bformat, int order, Normalization from, Normalization to) {
    Objects.requireNonNull(bformat, "bformat");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    checkOrder(order, from);
    checkOrder(order, to);
    int k = (order + 1) * (order + 1);
    if (bformat.length % k != 0) {
      throw new IllegalArgumentException("bformat must be (order+1)²×samples = " + k + "×samples floats (order "
          + order + "), got length " + bformat.length);
    }
    int samples = bformat.length / k;
    float[] out = new float[bformat.length];
    for (int n = 0; n <= order; n++) {
      double gain = conversionGain(n, from, to);
      for (int m = -n; m <= n; m++) {
        int acn = n * n + n + m;
        int src = channelIndex(acn, from);
        int dst = channelIndex(acn, to);
        for (int t = 0; t < samples; t++) {
          out[dst * samples + t] = (float) (bformat[src * samples + t] * gain);
        }
      }
    }
    return out;
  }

  /** Where ACN channel {@code acn} sits in a signal of {@code normalization}'s channel order (FUMA: W, X, Y, Z). */
  public static int channelIndex(int acn, Normalization normalization) {
    if (normalization != Normalization.FUMA) {
      return acn;
    }
    return switch (acn) {
      case 0 -> 0; // W
      case 1 -> 2; // Y
      case 2 -> 3; // Z
      case 3 -> 1; // X
      default -> throw new IllegalArgumentException("FuMa is first order only (ACN 0..3), got ACN " + acn);
    };
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private static int legendreSize(int order) {
    return (order + 1) * (order + 2) / 2;
  }

  private static int lindex(int n, int m) {
    return n * (n + 1) / 2 + m;
  }

  /** N3D → normalisation gain for degree n. */
  private static double gainFromN3d(int n, Normalization to) {
    return switch (to) {
      case N3D -> 1.0;
      case SN3D -> 1.0 / Math.sqrt(2.0 * n + 1.0);
      case ORTHONORMAL -> 1.0 / Math.sqrt(4.0 * Math.PI);
      case FUMA -> {
        if (n > 1) {
          throw new IllegalArgumentException("FuMa is defined to first order only, got degree " + n);
        }
        yield n == 0 ? 1.0 / Math.sqrt(2.0) : 1.0 / Math.sqrt(3.0);
      }
    };
  }

  private static void evaluate(int order, double azimuth, double elevation, Normalization normalization,
      double[] out, int offset, double[] p) {
    double x = Math.sin(elevation);
    double s = Math.cos(elevation); // ≥ 0 for elevations in [−π/2, π/2]; |cos| keeps other inputs consistent
    if (s < 0) {
      // An elevation beyond ±π/2 is the same direction as (φ + π, π − θ): fold it so that s = cos θ ≥ 0.
      s = -s;
      azimuth += Math.PI;
    }
    // Fully normalised P̄_n^m = sqrt((2n+1)(n−m)!/(n+m)!) P_n^m (no Condon–Shortley phase).
    p[0] = 1.0;
    for (int m = 1; m <= order; m++) {
      p[lindex(m, m)] = Math.sqrt((2.0 * m + 1.0) / (2.0 * m)) * s * p[lindex(m - 1, m - 1)];
    }
    for (int m = 0; m < order; m++) {
      p[lindex(m + 1, m)] = Math.sqrt(2.0 * m + 3.0) * x * p[lindex(m, m)];
    }
    for (int m = 0; m <= order; m++) {
      for (int n = m + 2; n <= order; n++) {
        double a = Math.sqrt((4.0 * n * n - 1.0) / ((double) n * n - (double) m * m));
        double b = Math.sqrt((((n - 1.0) * (n - 1.0)) - (double) m * m) / (4.0 * (n - 1.0) * (n - 1.0) - 1.0));
        p[lindex(n, m)] = a * (x * p[lindex(n - 1, m)] - b * p[lindex(n - 2, m)]);
      }
    }
    for (int n = 0; n <= order; n++) {
      double gain = gainFromN3d(n, normalization);
      for (int m = -n; m <= n; m++) {
        int am = Math.abs(m);
        double norm = am == 0 ? 1.0 : Math.sqrt(2.0);
        double trig = m >= 0 ? Math.cos(m * azimuth) : Math.sin(am * azimuth);
        int acn = n * n + n + m;
        out[offset + channelIndex(acn, normalization)] = gain * norm * p[lindex(n, am)] * trig;
      }
    }
  }

  private static void checkOrder(int order, Normalization normalization) {
    if (order < 0 || order > MAX_ORDER) {
      throw new IllegalArgumentException("order must be in [0, " + MAX_ORDER + "], got " + order);
    }
    if (normalization == Normalization.FUMA && order > 1) {
      throw new IllegalArgumentException("FuMa is defined to first order only, got order " + order
          + " (use SN3D, N3D or ORTHONORMAL)");
    }
  }

  private static void checkAngle(double angle, String name) {
    if (!Double.isFinite(angle)) {
      throw new IllegalArgumentException(name + " must be a finite angle in radians, got " + angle);
    }
  }
}
