package io.jkernels.kernels.ambisonics;

import io.jkernels.kernels.Buffer;

/**
 * Backend contract of the ambisonics family: "a small matrix times planar signals", the one kernel that encoding
 * (gains (N+1)² × M times M sources), rotation (a block-diagonal (N+1)² × (N+1)² matrix) and decoding (speakers ×
 * (N+1)²) all are, with piecewise-linear gain interpolation for moving sources and crossfaded head-tracking
 * rotations. Shapes are validated by the public API before this is called.
 *
 * <p>Signals are planar: input i sample t at {@code in[i*samples + t]}, output o at {@code out[o*samples + t]}.
 * The gain matrices are keyframes, {@code G_k[o][i]} at {@code gains[(k*outputs + o)*inputs + i]} (float32, rounded
 * once from the API's float64 gains). Keyframe k is reached at sample {@code k*hop}; for
 * {@code t = k*hop + j}, {@code 0 ≤ j < hop}, {@code k < keyframes − 1}:
 * <pre>
 *   w(j)    = min(1, j / fade)                       (float32 division: the same bits on every backend)
 *   g(t)    = G_k + (G_{k+1} − G_k) · w(j)
 *   out_o(t) = Σ_i g_oi(t) · in_i(t)
 * </pre>
 * and {@code g(t) = G_{keyframes−1}} from sample {@code (keyframes−1)*hop} on (so one keyframe is a plain matrix
 * product). A crossfade of the outputs of two matrices over {@code fade} samples is exactly this interpolation of
 * the matrices, so a head-tracking rotation per block is one call. Gains that are 0 in both keyframes of a segment
 * may be skipped (a block-diagonal rotation costs Σ(2n+1)² terms, not (N+1)⁴), so 0·NaN inputs need not
 * propagate there. The order of the sum over i is the implementation's; results agree with the float64 reference to
 * float32 rounding of the terms.
 */
public interface MixingKernels {
  /**
   * {@code out} (outputs × samples floats) = the keyframed gain matrices applied to {@code in} (inputs × samples),
   * as the class comment defines; {@code keyframes ≥ 1}, {@code hop ≥ 1}, {@code 1 ≤ fade ≤ hop},
   * {@code outputs, inputs ≥ 1}, {@code samples ≥ 0}. Every output float is written.
   */
  void mix(Buffer gains, int keyframes, long hop, int fade, int outputs, int inputs, Buffer in, Buffer out,
      long samples);
}
