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

  /** Fits on {@link Kernels#shared()} with {@link GaussianTransport#DEFAULT_STD_EPS}. */
  public static TransportMap fit(float[] source, float[] target, int channels) {
    return fit(Kernels.shared(), source, target, channels, GaussianTransport.DEFAULT_STD_EPS);
  }

  /** Fits on {@code context}'s backend; as {@link GaussianTransport#fit(KernelContext, float[], float[], int, double)}. */
  public static TransportMap fit(KernelContext context, float[] source, float[] target, int channels,
      double stdEps) {
    return ClosedFormTransports.moments(context, source, target, channels, stdEps, true);
  }
}
