package io.jkernels.ambisonics;

/**
 * Normalisation (and, for {@link #FUMA}, channel order) of real spherical harmonics, none with the Condon–Shortley
 * phase. With {@code P̄} the associated Legendre function and {@code δ} the Kronecker delta, the degree-n, order-m
 * harmonic is {@code N_n^|m| P_n^|m|(sin el) · (cos mφ for m ≥ 0, sin |m|φ for m < 0)} where
 * <ul>
 *   <li>{@link #N3D}: {@code N = sqrt((2n+1)(2−δ_m0)(n−|m|)!/(n+|m|)!)} (each harmonic's mean square over the sphere
 *       is 1);</li>
 *   <li>{@link #SN3D}: N3D divided by {@code sqrt(2n+1)} (Schmidt semi-normalised; AmbiX's convention);</li>
 *   <li>{@link #ORTHONORMAL}: N3D divided by {@code sqrt(4π)} (unit integral of the square over the sphere);</li>
 *   <li>{@link #FUMA}: Furse–Malham, first order only: W = 1/√2, X, Y, Z as SN3D, channel order W, X, Y, Z
 *       (ACN 0, 3, 1, 2).</li>
 * </ul>
 */
public enum Normalization {
  /** Schmidt semi-normalised (AmbiX), ACN order. */
  SN3D,
  /** Fully normalised: each harmonic's mean square over the sphere is 1; ACN order. */
  N3D,
  /** Unit integral of the square over the sphere; ACN order. */
  ORTHONORMAL,
  /** Furse–Malham, first order only, channel order W, X, Y, Z. */
  FUMA
}
