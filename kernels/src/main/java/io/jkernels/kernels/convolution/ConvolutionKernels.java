package io.jkernels.kernels.convolution;

import io.jkernels.kernels.Buffer;

/**
 * Backend contract of the convolution family: full linear convolution of one float32 signal with {@code count}
 * responses of a common length, by uniformly partitioned overlap-save (UPOLS; Wefers 2015, "Partitioned
 * convolution algorithms for real-time auralization", §5.3). The shapes are validated by the public API.
 *
 * <p>With the plan's B (a power of two), hop D and P partitions ({@link ConvolutionPlan}), real FFTs of L = 2B:
 * <pre>
 *   X_q   = FFT_L( x[qD − (L − D) .. qD + D) )          input segments, x = 0 outside [0, n); computed once, shared
 *   H_k,p = FFT_L( h_k[pB .. pB + B) ‖ 0 )               partitions p &lt; P (P = 1, D ≠ B: the whole h_k ‖ 0)
 *   y_k[jD + u] = IFFT_L( Σ_p X_{j−p} · H_k,p )[L − D + u]  u &lt; D, output block j &lt; ⌈(n + m − 1) / D⌉
 * </pre>
 * which is y_k[t] = Σ_s h_k[s]·x[t − s] exactly in real arithmetic: the last D samples of an L-point circular
 * convolution with a frame of at most L − D + 1 taps never wrap (UPOLS: D = B, frames of B taps; plain
 * overlap-save: P = 1, D = L − m + 1). Products are accumulated in float32 per bin.
 */
public interface ConvolutionKernels {
  /**
   * out[k·(n + m − 1) + t] = Σ_s responses[k·m + s]·signal[t − s] for k &lt; count, t &lt; n + m − 1.
   * n ≥ 1, m ≥ 1, count ≥ 1; {@code out} holds at least count·(n + m − 1) floats and is fully written.
   */
  void convolve(Buffer signal, long n, Buffer responses, int count, int m, Buffer out);

  /** The plan this backend uses for these shapes (for reports and benchmarks). */
  ConvolutionPlan plan(long n, int m, int count);
}
