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
public interface PcrKernels extends TridiagonalSolver, RecurrenceSolver, MlpKernels {
  /**
   * The default forms the Jacobians ({@link #mlpJacobians}) and solves the dense recurrence
   * ({@link #denseRecurrence}), as PCR must; a sequential sweep can apply {@code diag(slopes_l) W_l} on the fly
   * instead and skip the Jacobians' memory.
   */
  @Override
  default void mlpNewtonStep(Buffer weights, Buffer slopes, Buffer offsets, Buffer inputs, Buffer states,
      Buffer jacobians, int layers, int batch, int width, boolean residual) {
    mlpJacobians(weights, slopes, jacobians, layers, batch, width, residual);
    denseRecurrence(jacobians, offsets, inputs, states, layers, batch, width);
  }
}
