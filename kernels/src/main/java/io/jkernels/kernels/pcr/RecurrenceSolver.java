package io.jkernels.kernels.pcr;

import io.jkernels.kernels.Buffer;

/**
 * Linear recurrences, forward and adjoint, diagonal and dense (steps-major, then batch, then width:
 * {@code x[(l*batch + s)*width + j]}), kernels of the PCR family ({@link PcrKernels}, whose javadoc states the
 * buffer rules).
 */
public interface RecurrenceSolver {
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
}
