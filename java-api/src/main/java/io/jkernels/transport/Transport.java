package io.jkernels.transport;

import io.jkernels.FloatArray;

/**
 * Applies transport maps to activation tensors on one backend; from {@code KernelContext.transport()}.
 *
 * <p>The operation is AcT's interpolated transport (Rodriguez et al. 2024, arXiv:2410.23054, Eq. 1), per element of
 * a rows×channels row-major tensor, in place:
 * <pre>
 *   y = x + λ·(ω_c·x + β_c − x)        computed in float32 as t = ω_c·x + β_c, y = x + λ·(t − x)
 * </pre>
 * A value is transported iff it is finite and ({@code support == EVERYWHERE} or supportMin_c ≤ x ≤ supportMax_c);
 * every other value passes unchanged, bit for bit. In particular NaN stays NaN and ±∞ stays ±∞ under both supports
 * (a decision: an affine map of ∞ is ∞ or NaN, never useful). λ = 0 returns at once without touching x (−0.0 stays
 * −0.0). λ = 1 is the full transport, 0 &lt; λ &lt; 1 interpolates, any other finite λ extrapolates.
 *
 * <p>All arguments are checked before anything is written, also when λ = 0: {@code NullPointerException} naming
 * a null argument (as in every family), {@code IllegalArgumentException} naming the argument and the expected shape
 * for a length other than rows×map.channels() (a map of another width), rows &lt; 0, a non-finite strength, or a
 * {@code FloatArray} of another context.
 */
public interface Transport {
  /**
   * Transports {@code x} (rows×map.channels() floats, row-major) in place; see the class comment.
   *
   * @param map the per-channel ω, β and support bounds; its channel count fixes the row width
   * @param x rows×map.channels() floats, row-major (sample r, channel c at {@code r*channels + c}); overwritten
   * @param rows number of samples, ≥ 0
   * @param strength λ, finite (0 leaves x untouched, 1 is the full transport)
   * @param support which values are transported
   * @throws NullPointerException if {@code map}, {@code x} or {@code support} is null (named)
   * @throws IllegalArgumentException if {@code rows < 0}, {@code x.length} is not rows×map.channels(), or
   *     {@code strength} is NaN or ±∞
   * @throws IllegalStateException if this context is closed (not checked when λ = 0, which returns at once)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void apply(TransportMap map, float[] x, int rows, float strength, Support support);

  /**
   * As {@link #apply(TransportMap, float[], int, float, Support)} on resident data: nothing is copied to or from the
   * host. {@code x} must belong to this context and hold exactly rows×map.channels() floats.
   *
   * @param map the per-channel ω, β and support bounds; its channel count fixes the row width
   * @param x rows×map.channels() floats resident on this context, row-major; overwritten
   * @param rows number of samples, ≥ 0
   * @param strength λ, finite
   * @param support which values are transported
   * @throws NullPointerException if {@code map}, {@code x} or {@code support} is null (named)
   * @throws IllegalArgumentException if {@code x} belongs to another context, {@code rows < 0},
   *     {@code x.length()} is not rows×map.channels(), or {@code strength} is NaN or ±∞
   * @throws IllegalStateException if this context or {@code x} is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void apply(TransportMap map, FloatArray x, long rows, float strength, Support support);
}
