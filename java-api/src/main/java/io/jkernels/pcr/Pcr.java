package io.jkernels.pcr;

import io.jkernels.FloatArray;

/**
 * Parallel cyclic reduction and DeepPCR (Danieli et al., NeurIPS 2023) on one backend; from
 * {@code KernelContext.pcr()}. Layouts: row i of system s at {@code s*size + i}; recurrences steps-major,
 * {@code x[l*width + j]}; MLP states layers×batch×width, {@code x[(l*batch + s)*width + j]}.
 */
public interface Pcr {
  /**
   * Solves {@code batch} independent tridiagonal systems of {@code size} rows: lower[i]·x[i−1] + diag[i]·x[i] +
   * upper[i]·x[i+1] = rhs[i]. {@code lower[s*size]} and {@code upper[s*size+size-1]} are ignored. Diagonally
   * dominant systems take the PCR/Thomas path, the others LU with partial pivoting; a singular system gets
   * {@link ArithmeticException} naming it. A system with NaN or ∞ in its data yields non-finite values for that
   * system only.
   */
  float[] solveTridiagonal(float[] lower, float[] diag, float[] upper, float[] rhs, int size, int batch);

  /**
   * {@link #solveTridiagonal(float[], float[], float[], float[], int, int)} into the caller's {@code out}
   * (size×batch floats, not one of the inputs), BLAS-style: no output is allocated, so a loop of solves makes no
   * garbage. Every argument is checked before {@code out} is written; when a system turns out singular (found only
   * while solving) the {@link ArithmeticException} leaves {@code out} with unspecified values, as LAPACK's
   * {@code sgtsv} leaves its right-hand side.
   */
  void solveTridiagonal(float[] lower, float[] diag, float[] upper, float[] rhs, int size, int batch, float[] out);

  /**
   * {@code x_0 = a_0 ⊙ x0 + b_0}, {@code x_l = a_l ⊙ x_{l-1} + b_l}; returns all steps (steps×width). Columns are
   * independent: NaN or ±∞ in one column's data shows only in that column.
   */
  float[] solveDiagonalRecurrence(float[] a, float[] b, float[] x0, int steps, int width);

  /**
   * {@link #solveDiagonalRecurrence(float[], float[], float[], int, int)} into {@code out}
   * (steps×width, not one of the inputs): BLAS-style, no output allocated.
   */
  void solveDiagonalRecurrence(float[] a, float[] b, float[] x0, int steps, int width, float[] out);

  /** {@code x_0 = A_0 x0 + b_0}, {@code x_l = A_l x_{l-1} + b_l}, A steps×width×width row-major; all steps. */
  float[] solveDenseRecurrence(float[] a, float[] b, float[] x0, int steps, int width);

  /**
   * {@link #solveDenseRecurrence(float[], float[], float[], int, int)} into {@code out}
   * (steps×width, not one of the inputs): BLAS-style, no output allocated.
   */
  void solveDenseRecurrence(float[] a, float[] b, float[] x0, int steps, int width, float[] out);

  /** The backward pass: {@code y_{L-1} = g_{L-1}}, {@code y_l = g_l + a_{l+1} ⊙ y_{l+1}}; all steps. */
  float[] solveDiagonalRecurrenceAdjoint(float[] a, float[] g, int steps, int width);

  /**
   * {@link #solveDiagonalRecurrenceAdjoint(float[], float[], int, int)} into {@code out}
   * (steps×width, not one of the inputs): BLAS-style, no output allocated.
   */
  void solveDiagonalRecurrenceAdjoint(float[] a, float[] g, int steps, int width, float[] out);

  /** The backward pass: {@code y_{L-1} = g_{L-1}}, {@code y_l = g_l + A_{l+1}ᵀ y_{l+1}}; all steps. */
  float[] solveDenseRecurrenceAdjoint(float[] a, float[] g, int steps, int width);

  /**
   * {@link #solveDenseRecurrenceAdjoint(float[], float[], int, int)} into {@code out}
   * (steps×width, not one of the inputs): BLAS-style, no output allocated.
   */
  void solveDenseRecurrenceAdjoint(float[] a, float[] g, int steps, int width, float[] out);

  /**
   * Resident form of {@link #solveTridiagonal(float[], float[], float[], float[], int, int)}: the arrays stay on the
   * backend (device memory on CUDA) and the solution goes to {@code x} (size×batch). On a singular system x is left
   * as it was.
   */
  void solveTridiagonal(FloatArray lower, FloatArray diag, FloatArray upper, FloatArray rhs, FloatArray x, int size,
      int batch);

  /** Resident form of {@link #solveDiagonalRecurrence(float[], float[], float[], int, int)} into x. */
  void solveDiagonalRecurrence(FloatArray a, FloatArray b, FloatArray x0, FloatArray x, int steps, int width);

  /** Resident form of {@link #solveDenseRecurrence(float[], float[], float[], int, int)} into x. */
  void solveDenseRecurrence(FloatArray a, FloatArray b, FloatArray x0, FloatArray x, int steps, int width);

  /** Resident form of {@link #solveDiagonalRecurrenceAdjoint(float[], float[], int, int)} into y. */
  void solveDiagonalRecurrenceAdjoint(FloatArray a, FloatArray g, FloatArray y, int steps, int width);

  /** Resident form of {@link #solveDenseRecurrenceAdjoint(float[], float[], int, int)} into y. */
  void solveDenseRecurrenceAdjoint(FloatArray a, FloatArray g, FloatArray y, int steps, int width);

  /**
   * The MLP's forward pass {@code x_l = act(W_l x_{l-1} + c_l)} for a batch of inputs (batch×width, finite), solved
   * by Newton's method with PCR (DeepPCR): all states start at zero; each iteration evaluates every layer at once
   * from the current states, linearises ({@code J_l = diag(act′(W_l x_{l-1} + c_l)) W_l}) and solves the
   * block-bidiagonal Newton system {@code x_l = J_l x_{l-1} + f_l(x_{l-1}) − J_l x_{l-1}} as one dense linear
   * recurrence. Returns the states (layers×batch×width), the Newton iterations taken, the residual
   * {@code max |x_l − f_l(x_{l-1})|} of exactly the states returned, {@code converged} (residual ≤ tolerance) and
   * {@code nonFinite} (a NaN or ∞ appeared; then not converged). Exact arithmetic needs at most {@code layers}
   * iterations; contracting nets converge in a few.
   */
  DeepPcrResult deepPcrForward(Mlp mlp, float[] inputs, int batch, NewtonOptions options);

  /** The plain layer-by-layer forward pass; states layers×batch×width. */
  float[] sequentialForward(Mlp mlp, float[] inputs, int batch);

  /** {@link #sequentialForward(Mlp, float[], int)} into {@code out} (layers×batch×width, not an input). */
  void sequentialForward(Mlp mlp, float[] inputs, int batch, float[] out);

  /**
   * Gradients of a loss with respect to the inputs, weights and biases given the forward states (layers×batch×width)
   * and dLoss/dx_{L-1} (batch×width), computed with one adjoint recurrence solve (DeepPCR's backward pass).
   */
  MlpGradients deepPcrBackward(Mlp mlp, float[] inputs, float[] states, float[] outputGradient, int batch);

  /** The same gradients by ordinary layer-by-layer backpropagation. */
  MlpGradients sequentialBackward(Mlp mlp, float[] inputs, float[] states, float[] outputGradient, int batch);
}
