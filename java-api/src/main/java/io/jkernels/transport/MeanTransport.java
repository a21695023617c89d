package io.jkernels.transport;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.internal.ClosedFormTransports;

/**
 * Mean-AcT (ml-act's {@code OnlyMeanHook}): ω = 1, β_c = μ_b,c − μ_a,c, with the same σ mask, support and quantiles
 * as {@link GaussianTransport}. For a plain shift of given means without mask or support see
 * {@link TransportMap#meanShift}.
 */
public final class MeanTransport {
  private MeanTransport() {}

  /**
   * Fits on {@link Kernels#shared()} with {@link GaussianTransport#DEFAULT_STD_EPS}.
   *
   * @param source source samples, rows×channels floats row-major (sample r, channel c at {@code r*channels + c})
   * @param target target samples, rows×channels floats row-major (its own number of rows)
   * @param channels channels per sample, ≥ 1
   * @throws NullPointerException if {@code source} or {@code target} is null (named)
   * @throws IllegalArgumentException if {@code channels < 1}, a length is not a positive multiple of
   *     channels (at least one row per side), a side has more rows than a Java array holds, or a sample is NaN
   *     or ±∞ (naming side, row and channel)
   * @throws ArithmeticException if a fitted β overflows float32 (naming the channel)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static TransportMap fit(float[] source, float[] target, int channels) {
    return fit(Kernels.shared(), source, target, channels, GaussianTransport.DEFAULT_STD_EPS);
  }

  /**
   * Fits on {@code context}'s backend; as {@link GaussianTransport#fit(KernelContext, float[], float[], int, double)}.
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
   * @throws ArithmeticException if a fitted β overflows float32 (naming the channel)
   * @throws IllegalStateException if {@code context} is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static TransportMap fit(KernelContext context, float[] source, float[] target, int channels,
      double stdEps) {
    return ClosedFormTransports.moments(context, source, target, channels, stdEps, true);
  }
}
