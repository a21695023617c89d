package io.jkernels.transport;

import io.jkernels.internal.Arguments;
import io.jkernels.internal.ClosedFormTransports;

/**
 * Direction steering as a transport map (ω = 1, β = multiplier·direction, on the whole real line): ITI-c
 * (Li et al. 2024: a probe or mass-mean direction times α), ActAdd (Turner et al. 2023: the activation difference
 * of a contrastive prompt pair times a coefficient) and CAA (Rimsky et al. 2024: the mean difference of contrastive
 * activations times a multiplier). With AcT's strength λ the applied shift is λ·multiplier·direction.
 */
public final class DirectionTransport {
  private DirectionTransport() {}

  /**
   * ω = 1, β = multiplier·direction.
   *
   * @throws NullPointerException if {@code direction} is null
   * @throws IllegalArgumentException if it is empty, a product is not finite, or the multiplier is not finite
   */
  public static TransportMap of(float[] direction, float multiplier) {
    Arguments.notNull(direction, "direction");
    if (!Float.isFinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be finite, got " + multiplier);
    }
    float[] beta = new float[direction.length];
    for (int c = 0; c < beta.length; c++) {
      beta[c] = multiplier * direction[c];
    }
    float[] omega = new float[direction.length];
    java.util.Arrays.fill(omega, 1);
    return TransportMap.affine(omega, beta);
  }

  /**
   * The mean-difference direction of two sample sets (rows×channels, checked as in {@link LinearTransport}):
   * β = multiplier·(mean(target) − mean(source)), means in double (CAA; ActAdd with one row per side).
   *
   * @param source source samples, rows×channels floats row-major (sample r, channel c at {@code r*channels + c})
   * @param target target samples, rows×channels floats row-major (its own number of rows)
   * @param channels channels per sample, ≥ 1
   * @param multiplier the step along the direction, finite
   * @throws NullPointerException if {@code source} or {@code target} is null (named)
   * @throws IllegalArgumentException if {@code channels < 1}, a length is not a positive multiple of
   *     channels (at least one row per side), a side has more rows than a Java array holds, or a sample is NaN
   *     or ±∞ (naming side, row and channel),
   *     {@code multiplier} is not finite, or a β overflows float32
   */
  public static TransportMap meanDifference(float[] source, float[] target, int channels, float multiplier) {
    return ClosedFormTransports.meanDifference(source, target, channels, multiplier);
  }
}
