package io.jkernels.ambisonics;

import java.util.Objects;

/**
 * An ambisonic decoder: the speakers × (N+1)² matrix D that turns a B-format sample b (in the decoder's
 * {@link Normalization} and channel order) into speaker feeds g = D·b, for a {@link SpeakerLayout}. Designed in
 * double, in N3D, with Y the (N+1)² × L matrix whose column l is y_N3D(u_l) of speaker l:
 * <ul>
 *   <li>{@link #sampling} (SAD): D = Yᵀ / L — each speaker samples the field in its direction;</li>
 *   <li>{@link #modeMatching} (MMD): D = pinv(Y) = Yᵀ (Y Yᵀ)⁻¹ — re-encoding the feeds reproduces b exactly;
 *       needs L ≥ (N+1)² and Y of full rank (condition of Y Yᵀ below 1e10);</li>
 *   <li>{@link #energyPreserving} (EPAD, Zotter, Pomberger and Noisternig 2012): D = Yᵀ (Y Yᵀ)^(−1/2) / √L, the
 *       nearest matrix with orthogonal rows, so the feeds' energy does not depend on the direction; same rank
 *       conditions;</li>
 *   <li>{@link #allRad} (Zotter and Frank 2012): SAD to the 240-point t-design of degree 21 (≥ 2N+1), each virtual speaker
 *       panned to the layout by VBAP over its convex hull (imaginary speakers where the hull has a hole, their
 *       share dropped); orders 0 to 10.</li>
 * </ul>
 * On a t-design of degree ≥ 2N the first three coincide, and for a plane wave Σ g = 1 and Σ g² = (N+1)²/L.
 * {@link #withMaxRe()} weights degree n by P_n(r_E), r_E the largest root of P_{N+1} (Daniel 2001; Zotter and Frank
 * 2012, Eq. 10): the energy vector r_E of a plane wave then has the length r_E on a t-design. The input
 * normalisation scales column n by the gain from it to N3D ({@link SphericalHarmonics#conversionGain}); FUMA input
 * (first order) also takes the W, X, Y, Z channel order. Immutable, thread-safe.
 */
public final class Decoder {
  /** How the matrix was designed. */
  public enum Method {
    /** Sampling decoder (SAD), {@link Decoder#sampling}. */
    SAMPLING,
    /** Mode-matching decoder (MMD), {@link Decoder#modeMatching}. */
    MODE_MATCHING,
    /** Energy-preserving decoder (EPAD), {@link Decoder#energyPreserving}. */
    ENERGY_PRESERVING,
    /** All-round ambisonic decoder, {@link Decoder#allRad}. */
    ALLRAD
  }

  /** Largest order {@link #allRad} designs for (its virtual t-design is the tabulated degree-21 one). */
  public static final int MAX_ALLRAD_ORDER = 10;
  private static final double MAX_CONDITION = 1e10;

  private final SpeakerLayout layout;
  private final int order;
  private final Normalization normalization;
  private final Method method;
  private final boolean maxRe;
  private final double[] matrix;

  private Decoder(SpeakerLayout layout, int order, Normalization normalization, Method method, boolean maxRe,
      double[] n3d) {
    this.layout = layout;
    this.order = order;
    this.normalization = normalization;
    this.method = method;
    this.maxRe = maxRe;
    int k = (order + 1) * (order + 1);
    double[] weights = maxRe ? maxReWeights(order) : null;
    this.matrix = new double[layout.size() * k];
    for (int n = 0; n <= order; n++) {
      double gain = SphericalHarmonics.conversionGain(n, normalization, Normalization.N3D)
          * (maxRe ? weights[n] : 1.0);
      for (int m = -n; m <= n; m++) {
        int acn = n * n + n + m;
        int column = SphericalHarmonics.channelIndex(acn, normalization);
        for (int l = 0; l < layout.size(); l++) {
          matrix[l * k + column] = n3d[l * k + acn] * gain;
        }
      }
    }
  }

  /**
   * Sampling decoder (SAD) for SN3D input.
   *
   * @throws NullPointerException if {@code layout} is null (named)
   * @throws IllegalArgumentException if {@code order} is outside [0, {@link SphericalHarmonics#MAX_ORDER}]
   */
  public static Decoder sampling(SpeakerLayout layout, int order) {
    return sampling(layout, order, Normalization.SN3D);
  }

  /**
   * Sampling decoder (SAD): D = Yᵀ/L; any non-empty layout.
   *
   * @param layout the L speakers
   * @param order N of the B-format to decode
   * @param input the B-format's normalisation
   * @throws NullPointerException if {@code layout} or {@code input} is null (named)
   * @throws IllegalArgumentException if {@code order} is outside [0, {@link SphericalHarmonics#MAX_ORDER}] (or above 1
   *     for FuMa input)
   */
  public static Decoder sampling(SpeakerLayout layout, int order, Normalization input) {
    check(layout, order, input);
    return new Decoder(layout, order, input, Method.SAMPLING, false, sad(layout, order));
  }

  /**
   * Mode-matching decoder (MMD) for SN3D input.
   *
   * @throws NullPointerException if {@code layout} is null (named)
   * @throws IllegalArgumentException as {@link #modeMatching(SpeakerLayout, int, Normalization)}
   */
  public static Decoder modeMatching(SpeakerLayout layout, int order) {
    return modeMatching(layout, order, Normalization.SN3D);
  }

  /**
   * Mode-matching decoder (MMD): the pseudo-inverse of Y, in double.
   *
   * @throws NullPointerException if {@code layout} or {@code input} is null (named)
   * @throws IllegalArgumentException if {@code order} is outside [0, {@link SphericalHarmonics#MAX_ORDER}] (or above 1
   *     for FuMa input), the layout has fewer than (N+1)² speakers or Y is rank-deficient at that order (e.g. a
   *     horizontal ring above order 0)
   */
  public static Decoder modeMatching(SpeakerLayout layout, int order, Normalization input) {
    check(layout, order, input);
    return new Decoder(layout, order, input, Method.MODE_MATCHING, false,
        fromGram(layout, order, "mode matching", l -> 1.0 / l));
  }

  /**
   * Energy-preserving decoder (EPAD) for SN3D input.
   *
   * @throws NullPointerException if {@code layout} is null (named)
   * @throws IllegalArgumentException as {@link #modeMatching(SpeakerLayout, int, Normalization)}
   */
  public static Decoder energyPreserving(SpeakerLayout layout, int order) {
    return energyPreserving(layout, order, Normalization.SN3D);
  }

  /**
   * Energy-preserving decoder (EPAD): Yᵀ (Y Yᵀ)^(−1/2)/√L.
   *
   * @throws NullPointerException if {@code layout} or {@code input} is null (named)
   * @throws IllegalArgumentException under the same conditions as
   *     {@link #modeMatching(SpeakerLayout, int, Normalization)}
   */
  public static Decoder energyPreserving(SpeakerLayout layout, int order, Normalization input) {
    check(layout, order, input);
    double scale = 1.0 / Math.sqrt(layout.size());
    return new Decoder(layout, order, input, Method.ENERGY_PRESERVING, false,
        fromGram(layout, order, "energy-preserving decoding", l -> scale / Math.sqrt(l)));
  }

  /**
   * AllRAD for SN3D input.
   *
   * @throws NullPointerException if {@code layout} is null (named)
   * @throws IllegalArgumentException as {@link #allRad(SpeakerLayout, int, Normalization)}
   */
  public static Decoder allRad(SpeakerLayout layout, int order) {
    return allRad(layout, order, Normalization.SN3D);
  }

  /**
   * All-round ambisonic decoder (AllRAD): SAD to a virtual t-design of degree ≥ 2N+1, then VBAP to the layout.
   *
   * @throws NullPointerException if {@code layout} or {@code input} is null (named)
   * @throws IllegalArgumentException if {@code order} is negative, above 1 for FuMa input or above
   *     {@link #MAX_ALLRAD_ORDER}, the layout has fewer than 2 speakers
   *     or cannot be triangulated around the listener
   */
  public static Decoder allRad(SpeakerLayout layout, int order, Normalization input) {
    check(layout, order, input);
    if (order > MAX_ALLRAD_ORDER) {
      throw new IllegalArgumentException("AllRAD is designed up to order " + MAX_ALLRAD_ORDER + " (its virtual"
          + " t-design has degree 21), got order " + order);
    }
    Vbap vbap = new Vbap(layout);
    // The densest tabulated design (240 points, degree 21 ≥ 2N+1): a sparse chiral design would bias the panning
    // of a symmetric layout to one side.
    SpeakerLayout virtual = SpeakerLayout.tDesign(21);
    double[] virtualSad = sad(virtual, order);
    int k = (order + 1) * (order + 1);
    int speakers = layout.size();
    double[] n3d = new double[speakers * k];
    for (int j = 0; j < virtual.size(); j++) {
      double[] g = vbap.gains(virtual.unitVector(j));
      for (int l = 0; l < speakers; l++) {
        if (g[l] != 0) {
          for (int c = 0; c < k; c++) {
            n3d[l * k + c] += g[l] * virtualSad[j * k + c];
          }
        }
      }
    }
    return new Decoder(layout, order, input, Method.ALLRAD, false, n3d);
  }

  /** The same design with max-rE weights P_n(r_E) on degree n (a no-op if already weighted). */
  public Decoder withMaxRe() {
    if (maxRe) {
      return this;
    }
    double[] n3d = unweightedN3d();
    return new Decoder(layout, order, normalization, method, true, n3d);
  }

  /**
   * r_E of max-rE weighting at {@code order}: the largest root of the Legendre polynomial P_{order+1}.
   *
   * @throws IllegalArgumentException if {@code order} is outside [0, {@link SphericalHarmonics#MAX_ORDER}]
   */
  public static double maxReRadius(int order) {
    if (order < 0 || order > SphericalHarmonics.MAX_ORDER) {
      throw new IllegalArgumentException("order must be in [0, " + SphericalHarmonics.MAX_ORDER + "], got " + order);
    }
    int n = order + 1;
    // Newton from the classic estimate of the largest root, cos(π·0.75/(n + 0.5)); the iteration converges
    // quadratically from there (the roots are simple and this estimate lies within the basin of the largest).
    double x = Math.cos(Math.PI * 0.75 / (n + 0.5));
    for (int it = 0; it < 100; it++) {
      double[] p = legendre(n, x);
      double dp = n * (x * p[n] - p[n - 1]) / (x * x - 1);
      double dx = p[n] / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) {
        break;
      }
    }
    return x;
  }

  /**
   * The max-rE weights P_n(r_E), n = 0..order.
   *
   * @return order+1 weights, degree-major
   * @throws IllegalArgumentException if {@code order} is outside [0, {@link SphericalHarmonics#MAX_ORDER}]
   */
  public static double[] maxReWeights(int order) {
    double[] p = legendre(order, maxReRadius(order));
    return p;
  }

  /** P_0(x) .. P_n(x) by Bonnet's recurrence. */
  private static double[] legendre(int n, double x) {
    double[] p = new double[n + 1];
    p[0] = 1;
    if (n > 0) {
      p[1] = x;
    }
    for (int l = 2; l <= n; l++) {
      p[l] = ((2 * l - 1) * x * p[l - 1] - (l - 1) * p[l - 2]) / l;
    }
    return p;
  }

  /** The speakers fed, in the order of {@link #matrix()}'s rows. */
  public SpeakerLayout layout() {
    return layout;
  }

  /** The ambisonic order N the decoder takes. */
  public int order() {
    return order;
  }

  /** The normalisation the B-format input must have. */
  public Normalization normalization() {
    return normalization;
  }

  /** How the matrix was designed. */
  public Method method() {
    return method;
  }

  /** Whether max-rE weights are applied. */
  public boolean maxRe() {
    return maxRe;
  }

  /** The number of speakers L (rows of the matrix). */
  public int speakers() {
    return layout.size();
  }

  /** (order+1)². */
  public int channels() {
    return (order + 1) * (order + 1);
  }

  /** A copy of D, speakers × channels row-major (channel index in the input's order). */
  public double[] matrix() {
    return matrix.clone();
  }

  /** D[speaker][channel]. */
  public double gain(int speaker, int channel) {
    return matrix[speaker * channels() + channel];
  }

  /** The speaker gains D·y(u) for a plane wave from (azimuth, elevation), in radians. */
  public double[] gains(double azimuth, double elevation) {
    double[] y = SphericalHarmonics.real(order, azimuth, elevation, normalization);
    int k = channels();
    double[] g = new double[speakers()];
    for (int l = 0; l < g.length; l++) {
      double s = 0;
      for (int c = 0; c < k; c++) {
        s += matrix[l * k + c] * y[c];
      }
      g[l] = s;
    }
    return g;
  }

  @Override
  public String toString() {
    return "Decoder[" + method + (maxRe ? " max-rE" : "") + ", order " + order + ", " + normalization + ", "
        + layout + "]";
  }

  // ---- design ------------------------------------------------------------------------------------------------

  private double[] unweightedN3d() {
    int k = channels();
    double[] n3d = new double[matrix.length];
    for (int n = 0; n <= order; n++) {
      double gain = SphericalHarmonics.conversionGain(n, normalization, Normalization.N3D);
      for (int m = -n; m <= n; m++) {
        int acn = n * n + n + m;
        int column = SphericalHarmonics.channelIndex(acn, normalization);
        for (int l = 0; l < speakers(); l++) {
          n3d[l * k + acn] = matrix[l * k + column] / gain;
        }
      }
    }
    return n3d;
  }

  /** Row l = y_N3D(u_l)/L (the SAD in N3D). */
  private static double[] sad(SpeakerLayout layout, int order) {
    double[] y = SphericalHarmonics.real(order, layout.azimuths(), layout.elevations(), Normalization.N3D);
    double inv = 1.0 / layout.size();
    for (int i = 0; i < y.length; i++) {
      y[i] *= inv;
    }
    return y;
  }

  /** D = Yᵀ·f(Y Yᵀ) with f applied to the eigenvalues of the Gram matrix, after the rank checks. */
  private static double[] fromGram(SpeakerLayout layout, int order, String what,
      java.util.function.DoubleUnaryOperator f) {
    int k = (order + 1) * (order + 1);
    int speakers = layout.size();
    if (speakers < k) {
      throw new IllegalArgumentException("the layout " + layout.name() + " (" + speakers + " speakers) cannot be"
          + " decoded at order " + order + " by " + what + ": it needs at least (N+1)² = " + k + " speakers");
    }
    double[] y = SphericalHarmonics.real(order, layout.azimuths(), layout.elevations(), Normalization.N3D);
    double[] gram = new double[k * k];
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) {
        double s = 0;
        for (int l = 0; l < speakers; l++) {
          s += y[l * k + a] * y[l * k + b];
        }
        gram[a * k + b] = s;
        gram[b * k + a] = s;
      }
    }
    SymmetricEigen eigen = SymmetricEigen.of(gram, k);
    if (!(eigen.min() > eigen.max() / MAX_CONDITION)) {
      throw new IllegalArgumentException("the layout " + layout.name() + " cannot be decoded at order " + order
          + " by " + what + ": its harmonics matrix is rank-deficient (Gram eigenvalues " + eigen.min() + " to "
          + eigen.max() + "); use a lower order, sampling or allRad");
    }
    double[] fg = eigen.function(f);
    double[] out = new double[speakers * k];
    for (int l = 0; l < speakers; l++) {
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int a = 0; a < k; a++) {
          s += y[l * k + a] * fg[a * k + c];
        }
        out[l * k + c] = s;
      }
    }
    return out;
  }

  private static void check(SpeakerLayout layout, int order, Normalization input) {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(input, "input");
    if (order < 0 || order > SphericalHarmonics.MAX_ORDER) {
      throw new IllegalArgumentException("order must be in [0, " + SphericalHarmonics.MAX_ORDER + "], got " + order);
    }
    if (input == Normalization.FUMA && order > 1) {
      throw new IllegalArgumentException("FuMa is defined to first order only, got order " + order);
    }
  }
}
