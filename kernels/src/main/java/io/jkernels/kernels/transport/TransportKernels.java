package io.jkernels.kernels.transport;

import io.jkernels.kernels.Buffer;

/**
 * Backend contract of the transport family (Activation Transport, Rodriguez et al. 2024, "Controlling Language and
 * Diffusion Models by Transporting Activations", arXiv:2410.23054). Shapes and finiteness of fit samples are
 * validated by the public API before these are called. Data is rows×channels row-major: channel c of row r at
 * {@code r*channels + c}. A data buffer may be longer than rows×channels (the streaming estimator's buffers grow by
 * doubling): only its first rows×channels floats are read or written.
 */
public interface TransportKernels {
  /**
   * One fused in-place pass (the AcT interpolation, Eq. 1): for every row r &lt; rows and channel c,
   * <pre>
   *   t = ω_c·x + β_c;  d = t − x;  y = x + strength·d      (float32, in this order)
   * </pre>
   * where the value is transported, else y = x bit for bit. A value is transported iff it is finite and
   * ({@code everywhere} or supportMin_c ≤ x ≤ supportMax_c); NaN and ±∞ always pass unchanged, also when
   * {@code everywhere}. {@code strength} is finite and non-zero (the API returns early for 0). The four parameter
   * buffers hold {@code channels} floats each.
   */
  void apply(Buffer x, long rows, int channels, Buffer omega, Buffer beta, Buffer supportMin, Buffer supportMax,
      float strength, boolean everywhere);

  /**
   * Per-channel affine transport fit (Linear-AcT, the estimator of Def. 3.1). Source a is {@code sourceRows}×channels,
   * target b {@code targetRows}×channels, both ≥ 1 row, all samples finite (checked by the API). For each channel c:
   * <ol>
   *   <li>sort the source column a (n_a = sourceRows values) and the target column b (n_b values) ascending;</li>
   *   <li>K = min(n_a, n_b); match both at the common quantile levels p_k = (k + 0.5)/K, k = 0..K−1: for a sorted
   *       array s of length n, pos = p_k·n − 0.5 clamped to [0, n−1], i0 = floor(pos), i1 = min(i0 + 1, n − 1),
   *       t = pos − i0, value = s[i0] + t·(s[i1] − s[i0]), all in double (when n == K this is exactly s[k]);</li>
   *   <li>m_a, m_b = means of the matched sequences; ã_k = a_k − m_a, b̃_k = b_k − m_b;
   *       ω = Σ ã b̃ / Σ ã², β = m_b − ω·m_a, accumulated in double;</li>
   *   <li>a constant source column (min == max, i.e. Σ ã² = 0 in exact arithmetic; also when the computed Σ ã² is
   *       0) is degenerate: ω = 1, β = m_b − m_a, {@code degenerate[c] = true}; one source row is always
   *       degenerate;</li>
   *   <li>sourceMin/Max = min and max of the full source column;</li>
   *   <li>the source quantiles of {@link SourceQuantiles} from the sorted source column (its {@code value} from the
   *       two order statistics of each level, so every backend gives the same floats).</li>
   * </ol>
   * {@link SortedChannelFit} implements steps 2 to 4 for the CPU backends; a device implementation must agree with
   * it to float rounding of the sums.
   */
  ChannelFits fit(Buffer source, long sourceRows, Buffer target, long targetRows, int channels);
}
