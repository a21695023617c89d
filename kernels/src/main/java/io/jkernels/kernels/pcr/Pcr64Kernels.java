package io.jkernels.kernels.pcr;

import io.jkernels.kernels.Buffer;

/**
 * The float64 twins of the PCR family's kernels ({@link TridiagonalSolver}, {@link RecurrenceSolver}, and the MLP
 * primitives of {@link MlpKernels}, inherited: their javadoc holds in float64, every float a double): the same math,
 * layouts and routing, every value a double. A family of its own ({@code Families.PCR64}) so that the float32
 * contract stays as it is; the Newton iteration (io.jkernels.internal.pcr) runs over either.
 *
 * <p>How doubles live in the memory layer: a float64 array of {@code n} doubles is a {@link Buffer} of {@code 2n}
 * floats, double k in floats 2k and 2k+1 ({@link Buffer#writeDoubles}, {@link Buffer#readDoubles},
 * {@code KernelBackend.bindArray(double[])}); the kernels read it as {@code double*} (CUDA) or as a
 * {@code JAVA_DOUBLE} segment (CPU). Every count and offset below counts doubles; as in the float32 family, the
 * public API has checked every shape, each buffer holds at least the doubles named (offset 0, dense), outputs do
 * not alias inputs, and inputs are never written.
 */
public interface Pcr64Kernels extends MlpKernels {
  /**
   * As {@link TridiagonalSolver#solveTridiagonal} in float64 (Thomas or PCR on diagonally dominant systems, LU with
   * partial pivoting, LAPACK dgtsv's elimination, on the others).
   *
   * @return the smallest index of a singular system (a zero pivot, or a non-finite LU result from finite data:
   *     singular to float64 precision), or −1 when every system was solved
   */
  long solveTridiagonal(Buffer lower, Buffer diag, Buffer upper, Buffer rhs, Buffer x, int size, long batch);

  /** As {@link RecurrenceSolver#diagonalRecurrence} in float64. */
  void diagonalRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, long steps, int width);

  /** As {@link RecurrenceSolver#diagonalRecurrenceAdjoint} in float64. */
  void diagonalRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, long steps, int width);

  /** As {@link RecurrenceSolver#denseRecurrence} in float64 (batch elements independent). */
  void denseRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, int steps, int batch, int width);

  /** As {@link RecurrenceSolver#denseRecurrenceAdjoint} in float64. */
  void denseRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, int steps, int batch, int width);

  /** As {@link PcrKernels#mlpNewtonStep}'s default: the Jacobians, then the dense recurrence, in float64. */
  @Override
  default void mlpNewtonStep(Buffer weights, Buffer slopes, Buffer offsets, Buffer inputs, Buffer states,
      Buffer jacobians, int layers, int batch, int width, boolean residual) {
    mlpJacobians(weights, slopes, jacobians, layers, batch, width, residual);
    denseRecurrence(jacobians, offsets, inputs, states, layers, batch, width);
  }
}
