package io.jkernels.kernels.transport;

import io.jkernels.kernels.Buffer;

/**
 * Backend contract of the transport family (Activation Transport, Rodriguez et al. 2024). Shapes are validated by
 * the public API before these are called. Data is rows×channels row-major.
 */
public interface TransportKernels {
  /**
   * In place, for every row r &lt; rows and channel c: y = x + strength·(ω_c·x + β_c − x) where the value is
   * transported (always if {@code everywhere}, else only when supportMin_c ≤ x ≤ supportMax_c), else y = x.
   */
  void apply(Buffer x, long rows, int channels, Buffer omega, Buffer beta, Buffer supportMin, Buffer supportMax,
      float strength, boolean everywhere);

  /** Per-channel affine transport fit (sort, quantile matching, least squares in double). */
  ChannelFits fit(Buffer source, long sourceRows, Buffer target, long targetRows, int channels);
}
