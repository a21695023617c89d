package io.jkernels.ambisonics;

import io.jkernels.internal.Arguments;
import io.jkernels.internal.ambisonics.BinauralDesign;

/**
 * SH-domain binaural filters for one HRTF set and order N: for each ear and each of the (N+1)² ACN/SN3D channels c
 * one FIR filter F_ear,c of the HRIR length L, so that a plane wave from direction u encoded as b_c = Y_c(u)·s is
 * rendered as Σ_c F_ear,c ∗ b_c ≈ h_ear(u) ∗ s. Immutable; build once, render many times with
 * {@link Ambisonics#binaural(BinauralDecoder, float[])}.
 *
 * <p>Both designs are virtual-loudspeaker decoders with the loudspeakers at the HRTF's own measured directions:
 * the filters are F = P·H, with H the D × L matrix of HRIRs of one ear and P = (YᵀY + λI)⁻¹Yᵀ the regularised
 * pseudo-inverse of the D × (N+1)² matrix Y of SN3D harmonics at those directions (mode matching). λ = 10⁻⁴·tr(YᵀY)
 * / (N+1)² keeps the solve stable on sets with holes (KEMAR has no directions below −40°) at an error of that order
 * where the grid is complete. Using the measured directions avoids any interpolation of the HRTF.
 */
public final class BinauralDecoder {
  private final int order;
  private final double sampleRate;
  private final float[][] left;
  private final float[][] right;
  private final String method;

  private BinauralDecoder(int order, double sampleRate, float[][] left, float[][] right, String method) {
    this.order = order;
    this.sampleRate = sampleRate;
    this.left = left;
    this.right = right;
    this.method = method;
  }

  /**
   * The least-squares (mode-matching) decoder: F(f) = P·H(f) at every frequency, i.e. in the time domain directly.
   * Exact for a head whose HRTFs are band-limited to order N; above the spatial aliasing frequency
   * f_a = N·c/(2π·r) (r ≈ 8.75 cm) of a real head it loses high-frequency energy, the known weakness that MagLS
   * fixes.
   *
   * @throws IllegalArgumentException if order &lt; 0 or (order+1)² exceeds the number of HRTF directions
   */
  public static BinauralDecoder leastSquares(Hrtf hrtf, int order) {
    check(hrtf, order);
    float[][][] f = BinauralDesign.leastSquares(hrtf, order);
    return new BinauralDecoder(order, hrtf.sampleRate(), f[0], f[1], "least squares");
  }

  /**
   * The magnitude-least-squares decoder (Schörkhuber, Zaunschirm, Höldrich 2018, "Binaural rendering of Ambisonic
   * signals via magnitude least squares", DAGA, Eq. 6-8): least squares below the cutoff f_c = N·c/(2π·r)
   * (c = 343 m/s, r = 0.0875 m); above it, per frequency bin, the phase is let go: the target at direction d is
   * |H_d(f)|·e^{iφ_d(f)} with φ_d the phase the previous bin's solution gives at d, and F(f) = P·target. The
   * paper's optional diffuse-field covariance constraint is not applied.
   *
   * @throws IllegalArgumentException if order &lt; 0 or (order+1)² exceeds the number of HRTF directions
   */
  public static BinauralDecoder magLs(Hrtf hrtf, int order) {
    check(hrtf, order);
    return magLs(hrtf, order, order * BinauralDesign.SPEED_OF_SOUND / (2 * Math.PI * BinauralDesign.HEAD_RADIUS));
  }

  /** {@link #magLs(Hrtf, int)} with an explicit cutoff in hertz (≥ 0; at or above Nyquist it is least squares). */
  public static BinauralDecoder magLs(Hrtf hrtf, int order, double cutoffHz) {
    check(hrtf, order);
    if (!(cutoffHz >= 0) || !Double.isFinite(cutoffHz)) {
      throw new IllegalArgumentException("cutoffHz must be finite and >= 0, got " + cutoffHz);
    }
    float[][][] f = BinauralDesign.magLs(hrtf, order, cutoffHz);
    return new BinauralDecoder(order, hrtf.sampleRate(), f[0], f[1], "MagLS above " + Math.round(cutoffHz)
        + " Hz");
  }

  private static void check(Hrtf hrtf, int order) {
    Arguments.notNull(hrtf, "hrtf");
    if (order < 0 || order > 40) {
      throw new IllegalArgumentException("order must be in [0, 40], got " + order);
    }
    long channels = (long) (order + 1) * (order + 1);
    if (channels > hrtf.directions()) {
      throw new IllegalArgumentException("order " + order + " needs at least (N+1)² = " + channels
          + " HRTF directions, the set has " + hrtf.directions());
    }
  }

  /** The ambisonic order N the decoder takes. */
  public int order() {
    return order;
  }

  /** (order+1)². */
  public int channels() {
    return left.length;
  }

  /** L, the length of every filter (the HRIR length). */
  public int length() {
    return left[0].length;
  }

  /** The HRTF's sample rate, which the B-format signal must have. */
  public double sampleRate() {
    return sampleRate;
  }

  /** A copy of F_left,acn. */
  public float[] left(int acn) {
    return left[acn].clone();
  }

  /** A copy of F_right,acn. */
  public float[] right(int acn) {
    return right[acn].clone();
  }

  @Override
  public String toString() {
    return "BinauralDecoder[order " + order + ", " + method + ", " + length() + " taps at " + sampleRate + " Hz]";
  }
}
