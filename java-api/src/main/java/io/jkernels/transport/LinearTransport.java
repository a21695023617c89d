package io.jkernels.transport;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.internal.TransportFitting;

/**
 * Linear-AcT (Rodriguez et al. 2024, arXiv:2410.23054, Def. 3.1): the per-channel affine map that transports the
 * source activations onto the target ones, estimated in closed form from sorted samples.
 *
 * <p>For each channel c, with a the source column (n_a samples) and b the target column (n_b samples):
 * <ol>
 *   <li>sort a and b; match them at K = min(n_a, n_b) common quantile levels p_k = (k + 0.5)/K by linear
 *       interpolation between order statistics (pos = p_k·n − 0.5, clamped to [0, n−1]); with n_a = n_b this is
 *       simply the sorted samples paired in order;</li>
 *   <li>ω = Σ ã_k b̃_k / Σ ã_k², β = m_b − ω·m_a, where m_a, m_b are the means of the matched sequences and
 *       ã, b̃ the centred ones (least squares of the sorted pairs, all in double);</li>
 *   <li>a constant source column (zero variance, e.g. a single row) gets ω = 1, β = m_b − m_a and is listed in
 *       {@link TransportMap#degenerateChannels()};</li>
 *   <li>the support is the source column's [min, max].</li>
 * </ol>
 *
 * <p>Samples are rows×channels row-major. A null argument gets {@code NullPointerException} naming it (as in every
 * family); other bad input {@code IllegalArgumentException} naming the argument: channels ≤ 0, a length that is not a positive multiple of channels (at least one row per side), a
 * non-finite sample (naming side, row and channel), or data of another context. A map whose ω or β overflows
 * float32 gets {@code ArithmeticException} naming the channel.
 */
public final class LinearTransport {
  private LinearTransport() {}

  /**
   * Fits on {@link Kernels#shared()}, the process-wide context on the best backend.
   *
   * @param source source samples, rows×channels floats row-major (sample r, channel c at {@code r*channels + c})
   * @param target target samples, rows×channels floats row-major (its own number of rows)
   * @param channels channels per sample, ≥ 1
   * @return the per-channel map, support [min, max] of each source column
   * @throws NullPointerException if {@code source} or {@code target} is null (named)
   * @throws IllegalArgumentException if {@code channels < 1}, a length is not a positive multiple of channels
   *     (at least one row per side), a side has more rows than a Java array holds, or a sample is NaN or ±∞
   *     (naming side, row and channel)
   * @throws ArithmeticException if a fitted ω or β overflows float32 (naming the channel)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static TransportMap fit(float[] source, float[] target, int channels) {
    return fit(Kernels.shared(), source, target, channels);
  }

  /**
   * Fits on {@code context}'s backend (the samples are copied there for the call).
   *
   * @param context the context to run on, from {@code Kernels.open}
   * @param source source samples, rows×channels floats row-major (sample r, channel c at {@code r*channels + c})
   * @param target target samples, rows×channels floats row-major (its own number of rows)
   * @param channels channels per sample, ≥ 1
   * @return the per-channel map, support [min, max] of each source column
   * @throws NullPointerException if {@code context}, {@code source} or {@code target} is null (named)
   * @throws IllegalArgumentException if {@code context} does not come from {@code Kernels}, {@code channels < 1}, a
   *     length is not a positive multiple of channels (at least one row per side), a side has more rows than a Java
   *     array holds, or a sample is NaN or ±∞ (naming side, row and channel)
   * @throws ArithmeticException if a fitted ω or β overflows float32 (naming the channel)
   * @throws IllegalStateException if {@code context} is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static TransportMap fit(KernelContext context, float[] source, float[] target, int channels) {
    return TransportFitting.fit(context, source, target, channels);
  }

  /**
   * Fits resident samples in place on {@code context}'s backend; both arrays must belong to it. Layouts as in
   * {@link #fit(KernelContext, float[], float[], int)}.
   *
   * @throws NullPointerException if {@code context}, {@code source} or {@code target} is null (named)
   * @throws IllegalArgumentException if {@code context} does not come from {@code Kernels}, an array belongs to another
   *     context, {@code channels < 1}, a length is not a positive multiple of channels
   *     (at least one row per side), a side has more rows than a Java array holds, or a sample is NaN or ±∞
   *     (naming side, row and channel)
   * @throws ArithmeticException if a fitted ω or β overflows float32 (naming the channel)
   * @throws IllegalStateException if {@code context}, {@code source} or {@code target} is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static TransportMap fit(KernelContext context, FloatArray source, FloatArray target, int channels) {
    return TransportFitting.fit(context, source, target, channels);
  }
}
