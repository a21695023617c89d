package io.jkernels.kernels.convolution;

import io.jkernels.kernels.Buffer;

/**
 * Backend contract of the convolution family: full linear convolution of one float32 signal with {@code count}
 * responses of a common length, by uniformly partitioned overlap-save (UPOLS; Wefers 2015, "Partitioned
 * convolution algorithms for real-time auralization", §5.3). The shapes are validated by the public API.
 *
 * <p>With the partition size B (a power of two, {@link ConvolutionPlan}) and real FFTs of length 2B:
 * <pre>
 *   X_q   = FFT₂ᴮ( x[qB − B .. qB + B) )             input segments, x = 0 outside [0, n); computed once, shared
 *   H_k,p = FFT₂ᴮ( h_k[pB .. pB + B) ‖ 0ᴮ )           response partitions p &lt; P = ⌈m / B⌉
 *   y_k[jB + u] = IFFT₂ᴮ( Σ_p X_{j−p} · H_k,p )[B + u]  u &lt; B, output block j &lt; ⌈(n + m − 1) / B⌉
 * </pre>
 * which is y_k[t] = Σ_s h_k[s]·x[t − s] exactly in real arithmetic (the last B samples of a 2B-point circular
 * convolution of a B-sample partition never wrap). Products are accumulated in float32 per bin.
 */
public interface ConvolutionKernels {
  /**
   * out[k·(n + m − 1) + t] = Σ_s responses[k·m + s]·signal[t − s] for k &lt; count, t &lt; n + m − 1.
   * n ≥ 1, m ≥ 1, count ≥ 1; {@code out} holds at least count·(n + m − 1) floats and is fully written.
   */
  void convolve(Buffer signal, long n, Buffer responses, int count, int m, Buffer out);

  /** The partition size this backend uses for these shapes (for reports and benchmarks). */
  int partition(long n, int m, int count);
}
