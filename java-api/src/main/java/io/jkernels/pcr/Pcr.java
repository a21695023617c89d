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
   *
   * @param lower sub-diagonal, size×batch floats, row i of system s at {@code s*size + i}
   * @param diag diagonal, size×batch floats, same layout
   * @param upper super-diagonal, size×batch floats, same layout
   * @param rhs right-hand sides, size×batch floats, same layout
   * @param size rows per system, ≥ 1
   * @param batch number of systems, ≥ 0
   * @return the solutions, size×batch floats in the same layout
   * @throws NullPointerException if {@code lower}, {@code diag}, {@code upper} or {@code rhs} is null (named)
   * @throws IllegalArgumentException if {@code size < 1}, {@code batch < 0}, size×batch does not fit a Java array,
   *     or an array's length is not size×batch
   * @throws ArithmeticException naming the first singular system (index in the batch)
   * @throws IllegalStateException if this context is closed (a call with size×batch = 0 returns without looking)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] solveTridiagonal(float[] lower, float[] diag, float[] upper, float[] rhs, int size, int batch);

  /**
   * {@link #solveTridiagonal(float[], float[], float[], float[], int, int)} into the caller's {@code out}
   * (size×batch floats, not one of the inputs), BLAS-style: no output is allocated, so a loop of solves makes no
   * garbage. Every argument is checked before {@code out} is written; when a system turns out singular (found only
   * while solving) the {@link ArithmeticException} leaves {@code out} with unspecified values, as LAPACK's
   * {@code sgtsv} leaves its right-hand side.
   *
   * @throws NullPointerException if {@code lower}, {@code diag}, {@code upper}, {@code rhs} or {@code out} is null
   *     (named)
   * @throws IllegalArgumentException if {@code size < 1}, {@code batch < 0}, size×batch does not fit a Java array,
   *     an array's length (also {@code out}'s) is not size×batch, or {@code out} is one of the inputs
   * @throws ArithmeticException naming the first singular system (index in the batch); {@code out} then holds
   *     unspecified values
   * @throws IllegalStateException if this context is closed (a call with size×batch = 0 returns without looking)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveTridiagonal(float[] lower, float[] diag, float[] upper, float[] rhs, int size, int batch, float[] out);

  /**
   * {@code x_0 = a_0 ⊙ x0 + b_0}, {@code x_l = a_l ⊙ x_{l-1} + b_l}; returns all steps (steps×width). Columns are
   * independent: NaN or ±∞ in one column's data shows only in that column.
   *
   * @param a coefficients, steps×width floats, {@code a_l[j]} at {@code l*width + j}
   * @param b offsets, steps×width floats, same layout
   * @param x0 the initial state, width floats
   * @param steps number of steps, ≥ 1
   * @param width independent columns, ≥ 1
   * @return the states x_0 … x_{steps−1}, steps×width floats, {@code x_l[j]} at {@code l*width + j}
   * @throws NullPointerException if {@code a}, {@code b} or {@code x0} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width does not fit a Java
   *     array, or a length is not its shape
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] solveDiagonalRecurrence(float[] a, float[] b, float[] x0, int steps, int width);

  /**
   * {@link #solveDiagonalRecurrence(float[], float[], float[], int, int)} into {@code out}
   * (steps×width, not one of the inputs): BLAS-style, no output allocated.
   *
   * @throws NullPointerException if {@code a}, {@code b}, {@code x0} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width does not fit a Java
   *     array, or a length is not its shape ({@code out}: steps×width), or {@code out} is one of
   *     the inputs
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDiagonalRecurrence(float[] a, float[] b, float[] x0, int steps, int width, float[] out);

  /**
   * {@code x_0 = A_0 x0 + b_0}, {@code x_l = A_l x_{l-1} + b_l}, A steps×width×width row-major; all steps.
   *
   * @param a matrices, steps×width×width floats row-major, {@code A_l[i][j]} at {@code (l*width + i)*width + j}
   * @param b offsets, steps×width floats, {@code b_l[j]} at {@code l*width + j}
   * @param x0 the initial state, width floats
   * @param steps number of steps, ≥ 1
   * @param width state size, ≥ 1
   * @return the states x_0 … x_{steps−1}, steps×width floats, {@code x_l[j]} at {@code l*width + j}
   * @throws NullPointerException if {@code a}, {@code b} or {@code x0} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width×width does not fit a Java
   *     array, or a length is not its shape
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] solveDenseRecurrence(float[] a, float[] b, float[] x0, int steps, int width);

  /**
   * {@link #solveDenseRecurrence(float[], float[], float[], int, int)} into {@code out}
   * (steps×width, not one of the inputs): BLAS-style, no output allocated.
   *
   * @throws NullPointerException if {@code a}, {@code b}, {@code x0} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width×width does not fit a Java
   *     array, or a length is not its shape ({@code out}: steps×width), or {@code out} is one
   *     of the inputs
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDenseRecurrence(float[] a, float[] b, float[] x0, int steps, int width, float[] out);

  /**
   * The backward pass: {@code y_{L-1} = g_{L-1}}, {@code y_l = g_l + a_{l+1} ⊙ y_{l+1}}; all steps.
   *
   * @param a the forward coefficients, steps×width floats, {@code a_l[j]} at {@code l*width + j} ({@code a_0} unused)
   * @param g the incoming gradients, steps×width floats, same layout
   * @param steps number of steps L, ≥ 1
   * @param width independent columns, ≥ 1
   * @return y, steps×width floats, same layout
   * @throws NullPointerException if {@code a} or {@code g} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width does not fit a Java
   *     array, or a length is not its shape
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] solveDiagonalRecurrenceAdjoint(float[] a, float[] g, int steps, int width);

  /**
   * {@link #solveDiagonalRecurrenceAdjoint(float[], float[], int, int)} into {@code out}
   * (steps×width, not one of the inputs): BLAS-style, no output allocated.
   *
   * @throws NullPointerException if {@code a}, {@code g} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width does not fit a Java
   *     array, or a length is not its shape, or {@code out} is one of the inputs
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDiagonalRecurrenceAdjoint(float[] a, float[] g, int steps, int width, float[] out);

  /**
   * The backward pass: {@code y_{L-1} = g_{L-1}}, {@code y_l = g_l + A_{l+1}ᵀ y_{l+1}}; all steps.
   *
   * @param a the forward matrices, steps×width×width floats row-major, {@code A_l[i][j]} at
   *     {@code (l*width + i)*width + j} ({@code A_0} unused)
   * @param g the incoming gradients, steps×width floats, {@code g_l[j]} at {@code l*width + j}
   * @param steps number of steps L, ≥ 1
   * @param width state size, ≥ 1
   * @return y, steps×width floats, same layout as g
   * @throws NullPointerException if {@code a} or {@code g} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width×width does not fit a Java
   *     array, or a length is not its shape
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] solveDenseRecurrenceAdjoint(float[] a, float[] g, int steps, int width);

  /**
   * {@link #solveDenseRecurrenceAdjoint(float[], float[], int, int)} into {@code out}
   * (steps×width, not one of the inputs): BLAS-style, no output allocated.
   *
   * @throws NullPointerException if {@code a}, {@code g} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width×width does not fit a Java
   *     array, or a length is not its shape ({@code out}: steps×width), or {@code out} is one
   *     of the inputs
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDenseRecurrenceAdjoint(float[] a, float[] g, int steps, int width, float[] out);

  /**
   * Resident form of {@link #solveTridiagonal(float[], float[], float[], float[], int, int)}: the arrays stay on the
   * backend (device memory on CUDA) and the solution goes to {@code x} (size×batch). On a singular system x is left
   * as it was.
   *
   * @throws NullPointerException if an array argument is null (named)
   * @throws IllegalArgumentException if {@code size < 1}, {@code batch < 0}, an array belongs to another context,
   *     an array's length is not size×batch, or {@code x} is one of the inputs
   * @throws ArithmeticException naming the first singular system; {@code x} is then left as it was
   * @throws IllegalStateException if this context or one of the arrays is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveTridiagonal(FloatArray lower, FloatArray diag, FloatArray upper, FloatArray rhs, FloatArray x, int size,
      int batch);

  /**
   * Resident form of {@link #solveDiagonalRecurrence(float[], float[], float[], int, int)} into x.
   *
   * @throws NullPointerException if {@code a}, {@code b}, {@code x0} or {@code x} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, an array belongs to another
   *     context, a length is not its shape (a, b, x: steps×width; x0: width), or the output is one of the inputs
   * @throws IllegalStateException if this context or one of the arrays is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDiagonalRecurrence(FloatArray a, FloatArray b, FloatArray x0, FloatArray x, int steps, int width);

  /**
   * Resident form of {@link #solveDenseRecurrence(float[], float[], float[], int, int)} into x.
   *
   * @throws NullPointerException if {@code a}, {@code b}, {@code x0} or {@code x} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, an array belongs to another
   *     context, a length is not its shape (a: steps×width×width; b, x: steps×width; x0: width), or the output is one
   *     of the inputs
   * @throws IllegalStateException if this context or one of the arrays is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDenseRecurrence(FloatArray a, FloatArray b, FloatArray x0, FloatArray x, int steps, int width);

  /**
   * Resident form of {@link #solveDiagonalRecurrenceAdjoint(float[], float[], int, int)} into y.
   *
   * @throws NullPointerException if {@code a}, {@code g} or {@code y} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, an array belongs to another
   *     context, a length is not its shape (each steps×width), or the output is one of the inputs
   * @throws IllegalStateException if this context or one of the arrays is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDiagonalRecurrenceAdjoint(FloatArray a, FloatArray g, FloatArray y, int steps, int width);

  /**
   * Resident form of {@link #solveDenseRecurrenceAdjoint(float[], float[], int, int)} into y.
   *
   * @throws NullPointerException if {@code a}, {@code g} or {@code y} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, an array belongs to another
   *     context, a length is not its shape (a: steps×width×width; g, y: steps×width), or the output is one of the
   *     inputs
   * @throws IllegalStateException if this context or one of the arrays is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDenseRecurrenceAdjoint(FloatArray a, FloatArray g, FloatArray y, int steps, int width);

  /**
   * The MLP's forward pass {@code x_l = act(W_l x_{l-1} + c_l)} for a batch of inputs (batch×width, finite), solved
   * by Newton's method with PCR (DeepPCR): all states start at zero; each iteration evaluates every layer at once
   * from the current states, linearises ({@code J_l = diag(act′(W_l x_{l-1} + c_l)) W_l}) and solves the
   * block-bidiagonal Newton system {@code x_l = J_l x_{l-1} + f_l(x_{l-1}) − J_l x_{l-1}} as one dense linear
   * recurrence. Returns the states (layers×batch×width), the Newton iterations taken, the residual
   * {@code max |x_l − f_l(x_{l-1})|} of exactly the states returned, {@code converged} (residual ≤ tolerance) and
   * {@code nonFinite} (a NaN or ∞ appeared; then not converged). Exact arithmetic needs at most {@code layers}
   * iterations; contracting nets converge in a few. A residual {@link Mlp#residual} net is solved the same way with
   * {@code f_l(x) = x + act(W_l x + c_l)} and {@code J_l = I + diag(act′(W_l x_{l-1} + c_l)) W_l}.
   *
   * @param mlp the network (layers, width, activation, parameters)
   * @param inputs batch×width floats, input s at {@code s*width}; finite
   * @param batch number of inputs, ≥ 1
   * @param options Newton tolerance and iteration cap
   * @return the states (layers×batch×width, {@code x[(l*batch + s)*width + j]}) and the convergence record
   * @throws NullPointerException if {@code options}, {@code mlp} or {@code inputs} is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array,
   *     {@code inputs} is not batch×width floats, or an input is NaN or ±∞
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  DeepPcrResult deepPcrForward(Mlp mlp, float[] inputs, int batch, NewtonOptions options);

  /**
   * The plain layer-by-layer forward pass; states layers×batch×width.
   *
   * @param mlp the network
   * @param inputs batch×width floats, input s at {@code s*width}; finite
   * @param batch number of inputs, ≥ 1
   * @return the states, layers×batch×width floats, {@code x[(l*batch + s)*width + j]}
   * @throws NullPointerException if {@code mlp} or {@code inputs} is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array,
   *     {@code inputs} is not batch×width floats, or an input is NaN or ±∞
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] sequentialForward(Mlp mlp, float[] inputs, int batch);

  /**
   * {@link #sequentialForward(Mlp, float[], int)} into {@code out} (layers×batch×width, not an input).
   *
   * @throws NullPointerException if {@code mlp}, {@code inputs} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array,
   *     {@code inputs} is not batch×width floats, or an input is NaN or ±∞,
   *     {@code out} is not layers×batch×width floats, or {@code out} is {@code inputs}
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void sequentialForward(Mlp mlp, float[] inputs, int batch, float[] out);

  /**
   * Gradients of a loss with respect to the inputs, weights and biases given the forward states (layers×batch×width)
   * and dLoss/dx_{L-1} (batch×width), computed with one adjoint recurrence solve (DeepPCR's backward pass).
   *
   * @param mlp the network
   * @param inputs batch×width floats, input s at {@code s*width}; finite
   * @param states the forward states, layers×batch×width floats, {@code x[(l*batch + s)*width + j]}; finite
   * @param outputGradient dLoss/dx_{L-1}, batch×width floats; finite
   * @param batch number of inputs, ≥ 1
   * @return dLoss/d(inputs) batch×width, d(weights) layers×width×width row-major, d(biases) layers×width
   * @throws NullPointerException if {@code mlp}, {@code inputs}, {@code states} or {@code outputGradient} is null
   *     (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array, an array
   *     is not its shape, or a value of {@code inputs}, {@code states} or {@code outputGradient} is NaN or ±∞
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  MlpGradients deepPcrBackward(Mlp mlp, float[] inputs, float[] states, float[] outputGradient, int batch);

  /**
   * The same gradients as {@link #deepPcrBackward(Mlp, float[], float[], float[], int)} by ordinary layer-by-layer
   * backpropagation.
   *
   * @param mlp the network
   * @param inputs batch×width floats, input s at {@code s*width}; finite
   * @param states the forward states, layers×batch×width floats, {@code x[(l*batch + s)*width + j]}; finite
   * @param outputGradient dLoss/dx_{L-1}, batch×width floats; finite
   * @param batch number of inputs, ≥ 1
   * @return dLoss/d(inputs) batch×width, d(weights) layers×width×width row-major, d(biases) layers×width
   * @throws NullPointerException if {@code mlp}, {@code inputs}, {@code states} or {@code outputGradient} is null
   *     (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array, an array
   *     is not its shape, or a value of {@code inputs}, {@code states} or {@code outputGradient} is NaN or ±∞
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  MlpGradients sequentialBackward(Mlp mlp, float[] inputs, float[] states, float[] outputGradient, int batch);

  // ---- resident MLP calls: a training loop that moves no data between steps ---------------------------------

  /**
   * Copies the network's parameters to this context's backend, for the resident MLP calls below. The returned
   * network's {@link ResidentMlp#weights()} and {@link ResidentMlp#biases()} are {@link FloatArray}s of this context.
   *
   * @param mlp the network to upload (its activation, shape and kind are kept)
   * @return the resident network; close it (or the context) to free its parameters
   * @throws NullPointerException if {@code mlp} is null
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend cannot allocate the memory
   */
  ResidentMlp upload(Mlp mlp);

  /**
   * Resident form of {@link #deepPcrForward(Mlp, float[], int, NewtonOptions)}: the same Newton-PCR iteration, on
   * the resident parameters and inputs, writing the states (layers×batch×width) into {@code states}; only the
   * outcome (a few numbers) comes back. Inputs and parameters are checked for NaN and ±∞ on the backend (one pass,
   * no copy to the host) before anything is written.
   *
   * @param mlp the resident network, of this context
   * @param inputs batch×width floats, input s at {@code s*width}; finite
   * @param states the output, layers×batch×width floats, {@code x[(l*batch + s)*width + j]}; not an input
   * @param batch number of inputs, ≥ 1
   * @param options Newton tolerance and iteration cap
   * @return the Newton record of {@link DeepPcrResult} without the states
   * @throws NullPointerException if {@code mlp}, {@code inputs}, {@code states} or {@code options} is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, the network or an array belongs to another context, a
   *     length is not its shape, {@code states} is {@code inputs} or a parameter array, or an input or parameter is
   *     NaN or ±∞
   * @throws IllegalStateException if this context, the network or an array is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  NewtonOutcome deepPcrForward(ResidentMlp mlp, FloatArray inputs, FloatArray states, int batch,
      NewtonOptions options);

  /**
   * Resident form of {@link #sequentialForward(Mlp, float[], int)}: the plain layer-by-layer pass into
   * {@code states}. Checks as {@link #deepPcrForward(ResidentMlp, FloatArray, FloatArray, int, NewtonOptions)}.
   *
   * @param mlp the resident network, of this context
   * @param inputs batch×width floats; finite
   * @param states the output, layers×batch×width floats; not an input
   * @param batch number of inputs, ≥ 1
   * @throws NullPointerException if {@code mlp}, {@code inputs} or {@code states} is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, the network or an array belongs to another context, a
   *     length is not its shape, {@code states} is {@code inputs} or a parameter array, or an input or parameter is
   *     NaN or ±∞
   * @throws IllegalStateException if this context, the network or an array is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void sequentialForward(ResidentMlp mlp, FloatArray inputs, FloatArray states, int batch);

  /**
   * Resident form of {@link #deepPcrBackward(Mlp, float[], float[], float[], int)} (one adjoint recurrence solve):
   * the gradients go to {@code dInputs} (batch×width), {@code dWeights} (layers×width×width) and {@code dBiases}
   * (layers×width), all overwritten. Inputs, states, output gradient and parameters are checked for NaN and ±∞ on
   * the backend before anything is written.
   *
   * @param mlp the resident network, of this context
   * @param inputs batch×width floats; finite
   * @param states the forward states, layers×batch×width floats; finite
   * @param outputGradient dLoss/dx_{L-1}, batch×width floats; finite
   * @param dInputs output, batch×width floats
   * @param dWeights output, layers×width×width floats, the layout of the weights
   * @param dBiases output, layers×width floats
   * @param batch number of inputs, ≥ 1
   * @throws NullPointerException if an argument is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, the network or an array belongs to another context, a
   *     length is not its shape, an output is an input, a parameter array or another output, or a value read is NaN
   *     or ±∞
   * @throws IllegalStateException if this context, the network or an array is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void deepPcrBackward(ResidentMlp mlp, FloatArray inputs, FloatArray states, FloatArray outputGradient,
      FloatArray dInputs, FloatArray dWeights, FloatArray dBiases, int batch);

  /**
   * Resident form of {@link #sequentialBackward(Mlp, float[], float[], float[], int)} (ordinary backpropagation);
   * arguments, outputs and checks as
   * {@link #deepPcrBackward(ResidentMlp, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, int)}.
   *
   * @param mlp the resident network, of this context
   * @param inputs batch×width floats; finite
   * @param states the forward states, layers×batch×width floats; finite
   * @param outputGradient dLoss/dx_{L-1}, batch×width floats; finite
   * @param dInputs output, batch×width floats
   * @param dWeights output, layers×width×width floats
   * @param dBiases output, layers×width floats
   * @param batch number of inputs, ≥ 1
   * @throws NullPointerException if an argument is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, the network or an array belongs to another context, a
   *     length is not its shape, an output is an input, a parameter array or another output, or a value read is NaN
   *     or ±∞
   * @throws IllegalStateException if this context, the network or an array is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void sequentialBackward(ResidentMlp mlp, FloatArray inputs, FloatArray states, FloatArray outputGradient,
      FloatArray dInputs, FloatArray dWeights, FloatArray dBiases, int batch);

  /**
   * Plain SGD on the resident parameters, in place: {@code θ ← θ − η·g} for the weights (g = {@code dWeights}) and
   * the biases (g = {@code dBiases}), in float32 with the product rounded before the difference, so it equals the
   * Java loop {@code theta[i] -= learningRate * g[i]} bit for bit on every backend. The gradients are checked for
   * NaN and ±∞ on the backend first, so a poisoned gradient never reaches the network.
   *
   * @param mlp the resident network to update, of this context
   * @param dWeights layers×width×width floats (as written by the backward calls); finite
   * @param dBiases layers×width floats; finite
   * @param learningRate η, finite
   * @throws NullPointerException if {@code mlp}, {@code dWeights} or {@code dBiases} is null (named)
   * @throws IllegalArgumentException if {@code learningRate} is NaN or ±∞, the network or an array belongs to
   *     another context, a length is not its shape, a gradient is one of the network's parameter arrays, or a
   *     gradient value is NaN or ±∞
   * @throws IllegalStateException if this context, the network or an array is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void sgdUpdate(ResidentMlp mlp, FloatArray dWeights, FloatArray dBiases, float learningRate);

  /**
   * The mean squared error of the network's output (the last layer of {@code states}) against {@code targets},
   * computed on the backend: {@code L = Σ (y − t)² / (batch·width)}, accumulated in double, and its gradient
   * {@code ∂L/∂y = 2 (y − t) / (batch·width)} (evaluated in double, rounded once) into {@code outputGradient},
   * ready for the backward calls. Only L comes back. A NaN or ±∞ state gives a NaN loss (and NaN in the gradient
   * entries it touches); the targets must be finite. The gradient is bit-identical on every backend; L is summed in
   * index order on the CPU and by a fixed tree on a GPU, so it may differ between them in its last bits (never from
   * run to run).
   *
   * @param mlp the resident network whose output {@code states} holds (for its shape), of this context
   * @param states the forward states, layers×batch×width floats
   * @param targets batch×width floats; finite
   * @param outputGradient output, batch×width floats; not {@code states} nor {@code targets}
   * @param batch number of inputs, ≥ 1
   * @return the loss L
   * @throws NullPointerException if an argument is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, the network or an array belongs to another context, a
   *     length is not its shape, {@code outputGradient} is an input or a parameter array, or a target is NaN or ±∞
   * @throws IllegalStateException if this context, the network or an array is closed (the message names it)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  double meanSquaredError(ResidentMlp mlp, FloatArray states, FloatArray targets, FloatArray outputGradient,
      int batch);
  // ---- float64 twins (issue 13) ----------------------------------------------------------------------------------
  // For systems too ill-conditioned for float32: the same operations, layouts and argument rules as the float32
  // methods above, every value a double, on every backend (CPU double loops; on CUDA the double instantiations of
  // the float32 kernels). Array forms only: there are no resident (FloatArray-like) double forms. The MLP twins
  // read the Mlp's float64 parameters (Mlp.weights64(), Mlp.biases64()).

  /**
   * {@link #solveTridiagonal(float[], float[], float[], float[], int, int)} in float64: the same systems, layout and
   * routing (Thomas or PCR on diagonally dominant systems, LU with partial pivoting in LAPACK dgtsv's order on the
   * others), every value a double. A system with NaN or ∞ in its data yields NaN for that system only.
   *
   * @param lower sub-diagonal, size×batch doubles, row i of system s at {@code s*size + i}
   * @param diag diagonal, size×batch doubles, same layout
   * @param upper super-diagonal, size×batch doubles, same layout
   * @param rhs right-hand sides, size×batch doubles, same layout
   * @param size rows per system, ≥ 1
   * @param batch number of systems, ≥ 0
   * @return the solutions, size×batch doubles in the same layout
   * @throws NullPointerException if {@code lower}, {@code diag}, {@code upper} or {@code rhs} is null (named)
   * @throws IllegalArgumentException if {@code size < 1}, {@code batch < 0}, size×batch does not fit a Java array,
   *     or an array's length is not size×batch
   * @throws ArithmeticException naming the first singular system (index in the batch; singular to float64 precision)
   * @throws IllegalStateException if this context is closed (a call with size×batch = 0 returns without looking)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  double[] solveTridiagonal(double[] lower, double[] diag, double[] upper, double[] rhs, int size, int batch);

  /**
   * {@link #solveTridiagonal(double[], double[], double[], double[], int, int)} into the caller's {@code out}
   * (size×batch doubles, not one of the inputs), BLAS-style, as
   * {@link #solveTridiagonal(float[], float[], float[], float[], int, int, float[])} in float64.
   *
   * @throws NullPointerException if {@code lower}, {@code diag}, {@code upper}, {@code rhs} or {@code out} is null
   *     (named)
   * @throws IllegalArgumentException if {@code size < 1}, {@code batch < 0}, size×batch does not fit a Java array,
   *     an array's length (also {@code out}'s) is not size×batch, or {@code out} is one of the inputs
   * @throws ArithmeticException naming the first singular system (index in the batch); {@code out} then holds
   *     unspecified values
   * @throws IllegalStateException if this context is closed (a call with size×batch = 0 returns without looking)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveTridiagonal(double[] lower, double[] diag, double[] upper, double[] rhs, int size, int batch,
      double[] out);

  /**
   * As {@link #solveDiagonalRecurrence(float[], float[], float[], int, int)} in float64.
   *
   * @param a coefficients, steps×width doubles, {@code a_l[j]} at {@code l*width + j}
   * @param b offsets, steps×width doubles, same layout
   * @param x0 the initial state, width doubles
   * @param steps number of steps, ≥ 1
   * @param width independent columns, ≥ 1
   * @return the states x_0 … x_{steps−1}, steps×width doubles, {@code x_l[j]} at {@code l*width + j}
   * @throws NullPointerException if {@code a}, {@code b} or {@code x0} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width does not fit a Java
   *     array, or a length is not its shape
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  double[] solveDiagonalRecurrence(double[] a, double[] b, double[] x0, int steps, int width);

  /**
   * {@link #solveDiagonalRecurrence(double[], double[], double[], int, int)} into {@code out} (steps×width doubles,
   * not one of the inputs): BLAS-style, no output allocated.
   *
   * @throws NullPointerException if {@code a}, {@code b}, {@code x0} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width does not fit a Java
   *     array, or a length is not its shape ({@code out}: steps×width), or {@code out} is one of the inputs
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDiagonalRecurrence(double[] a, double[] b, double[] x0, int steps, int width, double[] out);

  /**
   * As {@link #solveDenseRecurrence(float[], float[], float[], int, int)} in float64.
   *
   * @param a matrices, steps×width×width doubles row-major, {@code A_l[i][j]} at {@code (l*width + i)*width + j}
   * @param b offsets, steps×width doubles, {@code b_l[j]} at {@code l*width + j}
   * @param x0 the initial state, width doubles
   * @param steps number of steps, ≥ 1
   * @param width state size, ≥ 1
   * @return the states x_0 … x_{steps−1}, steps×width doubles, {@code x_l[j]} at {@code l*width + j}
   * @throws NullPointerException if {@code a}, {@code b} or {@code x0} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width×width does not fit a Java
   *     array, or a length is not its shape
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  double[] solveDenseRecurrence(double[] a, double[] b, double[] x0, int steps, int width);

  /**
   * {@link #solveDenseRecurrence(double[], double[], double[], int, int)} into {@code out} (steps×width doubles,
   * not one of the inputs): BLAS-style, no output allocated.
   *
   * @throws NullPointerException if {@code a}, {@code b}, {@code x0} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width×width does not fit a Java
   *     array, or a length is not its shape ({@code out}: steps×width), or {@code out} is one of the inputs
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDenseRecurrence(double[] a, double[] b, double[] x0, int steps, int width, double[] out);

  /**
   * As {@link #solveDiagonalRecurrenceAdjoint(float[], float[], int, int)} in float64.
   *
   * @param a the forward coefficients, steps×width doubles, {@code a_l[j]} at {@code l*width + j} ({@code a_0}
   *     unused)
   * @param g the incoming gradients, steps×width doubles, same layout
   * @param steps number of steps L, ≥ 1
   * @param width independent columns, ≥ 1
   * @return y, steps×width doubles, same layout
   * @throws NullPointerException if {@code a} or {@code g} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width does not fit a Java
   *     array, or a length is not its shape
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  double[] solveDiagonalRecurrenceAdjoint(double[] a, double[] g, int steps, int width);

  /**
   * {@link #solveDiagonalRecurrenceAdjoint(double[], double[], int, int)} into {@code out} (steps×width doubles,
   * not one of the inputs): BLAS-style, no output allocated.
   *
   * @throws NullPointerException if {@code a}, {@code g} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width does not fit a Java
   *     array, or a length is not its shape, or {@code out} is one of the inputs
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDiagonalRecurrenceAdjoint(double[] a, double[] g, int steps, int width, double[] out);

  /**
   * As {@link #solveDenseRecurrenceAdjoint(float[], float[], int, int)} in float64.
   *
   * @param a the forward matrices, steps×width×width doubles row-major, {@code A_l[i][j]} at
   *     {@code (l*width + i)*width + j} ({@code A_0} unused)
   * @param g the incoming gradients, steps×width doubles, {@code g_l[j]} at {@code l*width + j}
   * @param steps number of steps L, ≥ 1
   * @param width state size, ≥ 1
   * @return y, steps×width doubles, same layout as g
   * @throws NullPointerException if {@code a} or {@code g} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width×width does not fit a Java
   *     array, or a length is not its shape
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  double[] solveDenseRecurrenceAdjoint(double[] a, double[] g, int steps, int width);

  /**
   * {@link #solveDenseRecurrenceAdjoint(double[], double[], int, int)} into {@code out} (steps×width doubles, not
   * one of the inputs): BLAS-style, no output allocated.
   *
   * @throws NullPointerException if {@code a}, {@code g} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code steps < 1}, {@code width < 1}, steps×width×width does not fit a Java
   *     array, or a length is not its shape ({@code out}: steps×width), or {@code out} is one of the inputs
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void solveDenseRecurrenceAdjoint(double[] a, double[] g, int steps, int width, double[] out);

  /**
   * As {@link #deepPcrForward(Mlp, float[], int, NewtonOptions)} in float64: Newton-PCR over the layers on the
   * MLP's float64 parameters ({@link Mlp#weights64()}, {@link Mlp#biases64()}), residual blocks included.
   *
   * @param mlp the network (layers, width, activation, parameters)
   * @param inputs batch×width doubles, input s at {@code s*width}; finite
   * @param batch number of inputs, ≥ 1
   * @param options Newton tolerance and iteration cap
   * @return the states (layers×batch×width doubles, {@code x[(l*batch + s)*width + j]}) and the convergence record
   * @throws NullPointerException if {@code options}, {@code mlp} or {@code inputs} is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array,
   *     {@code inputs} is not batch×width doubles, or an input is NaN or ±∞
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  DeepPcrResult64 deepPcrForward(Mlp mlp, double[] inputs, int batch, NewtonOptions options);

  /**
   * As {@link #sequentialForward(Mlp, float[], int)} in float64: the plain layer-by-layer pass.
   *
   * @param mlp the network
   * @param inputs batch×width doubles, input s at {@code s*width}; finite
   * @param batch number of inputs, ≥ 1
   * @return the states, layers×batch×width doubles, {@code x[(l*batch + s)*width + j]}
   * @throws NullPointerException if {@code mlp} or {@code inputs} is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array,
   *     {@code inputs} is not batch×width doubles, or an input is NaN or ±∞
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  double[] sequentialForward(Mlp mlp, double[] inputs, int batch);

  /**
   * {@link #sequentialForward(Mlp, double[], int)} into {@code out} (layers×batch×width doubles, not an input).
   *
   * @throws NullPointerException if {@code mlp}, {@code inputs} or {@code out} is null (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array,
   *     {@code inputs} is not batch×width doubles, or an input is NaN or ±∞,
   *     {@code out} is not layers×batch×width doubles, or {@code out} is {@code inputs}
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  void sequentialForward(Mlp mlp, double[] inputs, int batch, double[] out);

  /**
   * As {@link #deepPcrBackward(Mlp, float[], float[], float[], int)} in float64: the gradients by one adjoint
   * recurrence solve.
   *
   * @param mlp the network
   * @param inputs batch×width doubles, input s at {@code s*width}; finite
   * @param states the forward states, layers×batch×width doubles, {@code x[(l*batch + s)*width + j]}; finite
   * @param outputGradient dLoss/dx_{L-1}, batch×width doubles; finite
   * @param batch number of inputs, ≥ 1
   * @return dLoss/d(inputs) batch×width, d(weights) layers×width×width row-major, d(biases) layers×width, in doubles
   * @throws NullPointerException if {@code mlp}, {@code inputs}, {@code states} or {@code outputGradient} is null
   *     (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array, an array
   *     is not its shape, or a value of {@code inputs}, {@code states} or {@code outputGradient} is NaN or ±∞
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  MlpGradients64 deepPcrBackward(Mlp mlp, double[] inputs, double[] states, double[] outputGradient, int batch);

  /**
   * As {@link #sequentialBackward(Mlp, float[], float[], float[], int)} in float64: ordinary backpropagation.
   *
   * @param mlp the network
   * @param inputs batch×width doubles, input s at {@code s*width}; finite
   * @param states the forward states, layers×batch×width doubles, {@code x[(l*batch + s)*width + j]}; finite
   * @param outputGradient dLoss/dx_{L-1}, batch×width doubles; finite
   * @param batch number of inputs, ≥ 1
   * @return dLoss/d(inputs) batch×width, d(weights) layers×width×width row-major, d(biases) layers×width, in doubles
   * @throws NullPointerException if {@code mlp}, {@code inputs}, {@code states} or {@code outputGradient} is null
   *     (named)
   * @throws IllegalArgumentException if {@code batch < 1}, layers×batch×width does not fit a Java array, an array
   *     is not its shape, or a value of {@code inputs}, {@code states} or {@code outputGradient} is NaN or ±∞
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  MlpGradients64 sequentialBackward(Mlp mlp, double[] inputs, double[] states, double[] outputGradient, int batch);
}
