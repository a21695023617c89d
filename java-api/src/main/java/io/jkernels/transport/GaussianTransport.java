package io.jkernels.transport;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.internal.ClosedFormTransports;

/**
 * Gaussian-AcT (Rodriguez et al. 2024, the Gaussian special case of Table 1; ml-act's {@code GaussianOTHook}): each
 * unit is taken as Gaussian on both sides and moved from N(μ_a, σ_a) to N(μ_b, σ_b):
 * <pre>
 *   ω_c = σ_b,c / σ_a,c,   β_c = μ_b,c − ω_c·μ_a,c
 * </pre>
 * with μ the mean and σ the unbiased standard deviation (torch.std's default), in double. As ml-act, a unit whose
 * σ_a or σ_b is not above {@code stdEps} (ml-act's {@code std_eps}, default 10⁻⁴) is masked: ω = 1, β = 0 and an
 * empty support, so apply leaves it bit for bit. The other units' support is the source range [min, max]; the map
 * keeps the source quantiles, so {@link TransportMap#withMlActSupport(String)} gives ml-act's rule ({@code "q_all"}
 * is its default for this hook). Choosing a band afterwards makes a masked unit the identity on the band.
 *
 * <p>Samples are rows×channels row-major, checked as in {@link LinearTransport} (plus {@code stdEps} finite and
 * ≥ 0).
 */
public final class GaussianTransport {
  /** ml-act's default {@code std_eps}. */
  public static final double DEFAULT_STD_EPS = 1e-4;

  private GaussianTransport() {}

  /**
   * Fits on {@link Kernels#shared()} with {@link #DEFAULT_STD_EPS}.
   *
   * @param source source samples, rows×channels floats row-major (sample r, channel c at {@code r*channels + c})
   * @param target target samples, rows×channels floats row-major (its own number of rows)
   * @param channels channels per sample, ≥ 1
   * @throws NullPointerException if {@code source} or {@code target} is null (named)
   * @throws IllegalArgumentException if {@code channels < 1}, a length is not a positive multiple of
   *     channels (at least one row per side), a side has more rows than a Java array holds, or a sample is NaN
   *     or ±∞ (naming side, row and channel)
   * @throws ArithmeticException if a fitted ω or β overflows float32 (naming the channel)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static TransportMap fit(float[] source, float[] target, int channels) {
    return fit(Kernels.shared(), source, target, channels, DEFAULT_STD_EPS);
  }

  /**
   * Fits on {@code context}'s backend (the sort behind the support and the quantiles runs there).
   *
   * @param context the context to run on, from {@code Kernels.open}
   * @param source source samples, rows×channels floats row-major (sample r, channel c at {@code r*channels + c})
   * @param target target samples, rows×channels floats row-major (its own number of rows)
   * @param channels channels per sample, ≥ 1
   * @param stdEps the mask threshold on σ_a and σ_b (same units as the samples), finite, ≥ 0
   * @throws NullPointerException if {@code context}, {@code source} or {@code target} is null (named)
   * @throws IllegalArgumentException if {@code stdEps} is negative, NaN or ∞, {@code context} does not come from
   *     {@code Kernels}, {@code channels < 1}, a length is not a positive multiple of
   *     channels (at least one row per side), a side has more rows than a Java array holds, or a sample is NaN
   *     or ±∞ (naming side, row and channel)
   * @throws ArithmeticException if a fitted ω or β overflows float32 (naming the channel)
   * @throws IllegalStateException if {@code context} is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static TransportMap fit(KernelContext context, float[] source, float[] target, int channels,
      double stdEps) {
    return ClosedFormTransports.moments(context, source, target, channels, stdEps, false);
  }
}
