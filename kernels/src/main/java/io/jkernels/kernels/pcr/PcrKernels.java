package io.jkernels.kernels.pcr;

import io.jkernels.kernels.Buffer;

/**
 * Backend contract of the parallel-cyclic-reduction family (DeepPCR, Danieli et al., NeurIPS 2023).
 *
 * <p>Every argument is a float32 {@link Buffer} of this backend (device memory on CUDA) plus sizes; the public API
 * has checked every shape before it calls, so implementations may assume that each buffer holds at least the
 * floats named below (offset 0, dense, row-major) and that output buffers do not alias inputs unless said so.
 * Inputs are never written. Layouts:
 * <ul>
 *   <li>tridiagonal: row i of system s at {@code s*size + i};</li>
 *   <li>recurrences: steps-major, then batch, then width: {@code x[(l*batch + s)*width + j]};
 *       matrices {@code A[((l*batch + s)*width + i)*width + j]} = row i, column j of A_l for batch element s;</li>
 *   <li>MLP: weights {@code W[(l*width + i)*width + j]}, biases {@code c[l*width + i]}, inputs
 *       {@code u[s*width + j]}, per-layer state-like arrays layers×batch×width as the recurrences.</li>
 * </ul>
 * The MLP primitives exist so that the Newton iteration (io.jkernels.internal.pcr) is backend-independent Java:
 * a backend implements these and gets DeepPCR's forward and backward passes without host round trips of the
 * states.
 */
public interface PcrKernels {
  /**
   * Solves {@code batch} tridiagonal systems {@code lower[i] x[i−1] + diag[i] x[i] + upper[i] x[i+1] = rhs[i]}
   * (i = 0..size−1; {@code lower[s*size]} and {@code upper[s*size+size−1]} are never read) into {@code x}.
   * Systems with {@code |diag[i]| ≥ |lower[i]| + |upper[i]|} on every row take the non-pivoting fast path
   * (Thomas on the CPU, PCR on the GPU); the others, and any fast-path system whose result is not finite, are
   * solved by LU with partial pivoting (LAPACK sgtsv's elimination). A system with NaN or ±∞ in any of its read
   * entries gets NaN in all its {@code x} entries and never disturbs another system.
   *
   * @return the smallest index of a singular system (a zero pivot in the pivoting LU, or a non-finite LU result
   *     from finite data: singular to float32 precision), or −1 when every system was solved; {@code x} of a
   *     singular system is unspecified
   */
  long solveTridiagonal(Buffer lower, Buffer diag, Buffer upper, Buffer rhs, Buffer x, int size, long batch);

  /**
   * {@code x_0 = a_0 ⊙ x0 + b_0}, {@code x_l = a_l ⊙ x_{l−1} + b_l} for l &lt; steps; a, b, x steps×width, x0
   * width. Columns are independent: a non-finite entry affects only its column.
   */
  void diagonalRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, long steps, int width);

  /** {@code y_{L−1} = g_{L−1}}, {@code y_l = g_l + a_{l+1} ⊙ y_{l+1}}; a, g, y steps×width ({@code a_0} unread). */
  void diagonalRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, long steps, int width);

  /**
   * For each batch element s independently: {@code x_0 = A_0 x0 + b_0}, {@code x_l = A_l x_{l−1} + b_l}. a is
   * steps×batch×width×width, b and x steps×batch×width, x0 batch×width. Any algorithm (sequential sweep, PCR)
   * that computes this is fine.
   */
  void denseRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, int steps, int batch, int width);

  /**
   * For each batch element: {@code y_{L−1} = g_{L−1}}, {@code y_l = g_l + A_{l+1}ᵀ y_{l+1}}; layouts as
   * {@link #denseRecurrence} ({@code A_0} unread).
   */
  void denseRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, int steps, int batch, int width);

  /**
   * Evaluates every layer of the MLP at once from given states (DeepPCR's parallel function evaluation): for all
   * l, s, with {@code x_{−1,s} = inputs_s} and {@code x_{l−1,s} = states_{l−1,s}} otherwise,
   * {@code z = W_l x_{l−1,s} + c_l}; writes {@code values = act(z)} (f_l(x_{l−1})), {@code slopes = act′(z)},
   * and {@code offsets = values − slopes ⊙ (z − c_l)} (= f_l(x_{l−1}) − J_l x_{l−1}, the Newton right-hand side).
   * values, slopes, offsets, states: layers×batch×width.
   */
  void mlpLinearize(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      Buffer values, Buffer slopes, Buffer offsets, int layers, int batch, int width);

  /**
   * The Jacobians {@code J_{l,s} = diag(slopes_{l,s}) W_l} (layers×batch×width×width, the layout of
   * {@link #denseRecurrence}'s a).
   */
  void mlpJacobians(Buffer weights, Buffer slopes, Buffer jacobians, int layers, int batch, int width);

  /**
   * max over i &lt; count of |x_i − y_i|, or NaN when any x_i or y_i is NaN or infinite (the Newton residual and
   * its non-finite detector in one pass).
   */
  double maxAbsDifference(Buffer x, Buffer y, long count);

  /** The plain layer-by-layer pass {@code x_l = act(W_l x_{l−1} + c_l)}, {@code x_{−1} = inputs}, into states. */
  void mlpForward(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      int layers, int batch, int width);

  /**
   * Ordinary backpropagation of the state adjoints, layer by layer: {@code y_{L−1} = g} (batch×width),
   * {@code y_{l−1} = W_lᵀ (slopes_l ⊙ y_l)}; y layers×batch×width.
   */
  void mlpAdjoint(Buffer weights, Buffer slopes, Buffer outputGradient, Buffer adjoint, int layers, int batch,
      int width);

  /**
   * Parameter and input gradients from state adjoints y (= dLoss/dx_l): {@code δ_l = slopes_l ⊙ y_l},
   * {@code dW_l = Σ_s δ_{l,s} x_{l−1,s}ᵀ}, {@code dc_l = Σ_s δ_{l,s}}, {@code dInputs_s = W_0ᵀ δ_{0,s}}, with
   * {@code x_{−1} = inputs} and {@code x_{l} = states_l}. dWeights layers×width×width, dBiases layers×width,
   * dInputs batch×width; all three are overwritten.
   */
  void mlpGradients(Buffer weights, Buffer slopes, Buffer adjoint, Buffer inputs, Buffer states, Buffer dInputs,
      Buffer dWeights, Buffer dBiases, int layers, int batch, int width);
}
